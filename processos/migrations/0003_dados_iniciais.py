"""Seeds the usual hipóteses legais and a dozen common process types."""

from django.db import migrations

RESTRITO, SIGILOSO = 1, 2

HIPOTESES = [
    ("Informação Pessoal", "Art. 31 da Lei nº 12.527/2011", RESTRITO),
    ("Documento Preparatório", "Art. 7º, § 3º, da Lei nº 12.527/2011", RESTRITO),
    ("Sigilo Fiscal", "Art. 198 da Lei nº 5.172/1966 (Código Tributário Nacional)", RESTRITO),
    ("Sigilo Bancário", "Art. 1º da Lei Complementar nº 105/2001", RESTRITO),
    ("Segredo de Justiça no Processo Civil", "Art. 189 da Lei nº 13.105/2015 (Código de Processo Civil)", RESTRITO),
    ("Segredo de Justiça no Processo Penal", "Art. 201, § 6º, do Decreto-Lei nº 3.689/1941 (Código de Processo Penal)", RESTRITO),
    ("Controle Interno", "Art. 26, § 3º, da Lei nº 10.180/2001", RESTRITO),
    ("Processo Administrativo Disciplinar", "Art. 150 da Lei nº 8.112/1990", RESTRITO),
    ("Segredo Industrial", "Art. 195, XIV, da Lei nº 9.279/1996", RESTRITO),
    ("Direito Autoral", "Art. 24, III, da Lei nº 9.610/1998", RESTRITO),
    ("Sigilo das Comunicações", "Art. 3º, V, da Lei nº 9.472/1997", RESTRITO),
    ("Protocolo - Pendente Análise de Restrição de Acesso", "Art. 6º, III, da Lei nº 12.527/2011", RESTRITO),
    ("Investigação de Responsabilidade de Servidor", "Art. 150 da Lei nº 8.112/1990", SIGILOSO),
    ("Informação Pessoal Sensível", "Art. 31 da Lei nº 12.527/2011 e art. 11 da Lei nº 13.709/2018", SIGILOSO),
    ("Sigilo de Inquérito Policial", "Art. 20 do Decreto-Lei nº 3.689/1941 (Código de Processo Penal)", SIGILOSO),
]

# nome, permite (público, restrito, sigiloso), nível sugerido, hipótese sugerida
TIPOS = [
    ("Administração Geral: Ofício e Correspondência", (1, 1, 0), 0, None),
    ("Licitação: Pregão Eletrônico", (1, 1, 0), 0, None),
    ("Contratação: Dispensa de Licitação", (1, 1, 0), 0, None),
    ("Contrato: Acompanhamento da Execução", (1, 1, 0), 0, None),
    ("Finanças: Pagamento", (1, 1, 0), 0, None),
    ("Pessoal: Férias", (1, 1, 0), 1, "Informação Pessoal"),
    ("Pessoal: Aposentadoria", (0, 1, 0), 1, "Informação Pessoal"),
    ("Pessoal: Licença para Tratamento de Saúde", (0, 1, 1), 1, "Informação Pessoal"),
    ("Correição: Processo Administrativo Disciplinar", (0, 1, 1), 1, "Processo Administrativo Disciplinar"),
    ("Ouvidoria: Denúncia", (0, 1, 1), 1, "Informação Pessoal"),
    ("Acesso à Informação: Pedido (LAI)", (1, 1, 0), 0, None),
    ("Convênio: Celebração", (1, 1, 0), 0, None),
    ("Patrimônio: Doação de Bens", (1, 1, 0), 0, None),
    ("Gestão de Processos: Normatização Interna", (1, 1, 0), 0, None),
]


def semear(apps, schema_editor):
    HipoteseLegal = apps.get_model("processos", "HipoteseLegal")
    TipoProcesso = apps.get_model("processos", "TipoProcesso")
    por_nome = {}
    for nome, base, nivel in HIPOTESES:
        h, _ = HipoteseLegal.objects.get_or_create(nome=nome, nivel=nivel, defaults={"base_legal": base})
        por_nome.setdefault(nome, h)
    for nome, (pub, res, sig), sugerido, hipotese in TIPOS:
        TipoProcesso.objects.get_or_create(
            nome=nome,
            defaults={
                "permite_publico": bool(pub),
                "permite_restrito": bool(res),
                "permite_sigiloso": bool(sig),
                "nivel_sugerido": sugerido,
                "hipotese_sugerida": por_nome.get(hipotese),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("processos", "0002_andamento_somente_insercao")]
    operations = [migrations.RunPython(semear, migrations.RunPython.noop)]
