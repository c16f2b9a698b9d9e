"""Seeds the usual document types (SEI's séries) and one default model per internal type."""

from django.db import migrations

# nome, aplicabilidade, numeração
TIPOS = [
    ("Ofício", "interno", "anual_unidade"),
    ("Memorando", "interno", "anual_unidade"),
    ("Despacho", "interno", "sem"),
    ("Nota Técnica", "interno", "anual_unidade"),
    ("Parecer", "interno", "anual_unidade"),
    ("Portaria", "interno", "anual_orgao"),
    ("Relatório", "ambos", "sem"),
    ("Termo", "interno", "sequencial_unidade"),
    ("Informação", "interno", "anual_unidade"),
    ("Ata", "ambos", "sequencial_unidade"),
    ("Requerimento", "externo", "sem"),
    ("Anexo", "externo", "sem"),
    ("Nota Fiscal", "externo", "informada"),
    ("Comprovante", "externo", "sem"),
    ("E-mail", "externo", "sem"),
    ("Contrato", "ambos", "anual_orgao"),
]

CABECALHO = "<p class=\"text-center\"><strong>@orgao_nome@</strong></p><p class=\"text-center\">@unidade_nome@</p>"
TITULO_NUMERADO = "<p class=\"text-center\"><strong>@tipo_documento_maiusculo@ Nº @numero@/@ano@/@unidade_hierarquia@</strong></p>"
TITULO = "<p class=\"text-center\"><strong>@tipo_documento_maiusculo@</strong></p>"
ASSINATURA = "<p class=\"text-center\">(assinatura eletrônica)</p>"
RODAPE = "<p>Referência: Processo nº @processo@ · SEI nº @numero_sei@</p>"
CORPOS = {
    "Ofício": "<p>@data_extenso@.</p><p>A(o) Senhor(a)<br>@destinatarios@</p><p><strong>Assunto:</strong> </p>"
    "<p>Senhor(a),</p><p></p><p>Atenciosamente,</p>",
    "Memorando": "<p>@data_extenso@.</p><p><strong>Ao(À):</strong> @destinatarios@</p><p><strong>Assunto:</strong> </p><p></p>",
    "Despacho": "<p>À @destinatarios@,</p><p></p>",
    "Nota Técnica": "<p><strong>1. ASSUNTO</strong></p><p></p><p><strong>2. ANÁLISE</strong></p><p></p>"
    "<p><strong>3. CONCLUSÃO</strong></p><p></p>",
    "Parecer": "<p><strong>Processo:</strong> @processo@</p><p><strong>Interessados:</strong> @interessados@</p>"
    "<p><strong>EMENTA:</strong> </p><p></p>",
}


def semear(apps, schema_editor):
    TipoDocumento = apps.get_model("documentos", "TipoDocumento")
    Modelo = apps.get_model("documentos", "Modelo")
    for nome, aplicabilidade, numeracao in TIPOS:
        tipo, criado = TipoDocumento.objects.get_or_create(
            nome=nome, defaults={"aplicabilidade": aplicabilidade, "numeracao": numeracao}
        )
        if criado and aplicabilidade in ("interno", "ambos"):
            Modelo.objects.create(
                tipo=tipo,
                nome=f"{nome} (padrão)",
                cabecalho=CABECALHO,
                titulo=TITULO if numeracao == "sem" else TITULO_NUMERADO,
                corpo=CORPOS.get(nome, "<p></p>"),
                assinatura=ASSINATURA,
                rodape=RODAPE,
                padrao=True,
            )


class Migration(migrations.Migration):
    dependencies = [("documentos", "0001_initial")]
    operations = [migrations.RunPython(semear, migrations.RunPython.noop)]
