"""The bulk of the demo data: a few hundred processes over the demo units, each moved through
the real services (processos and documentos), so every screen has something real to show —
types, especificações, interessados, several documents (some long), history, sends and receipts,
attributions, retornos programados, sobrestados and concluded ones.

Deterministic: process number ``i`` comes from ``random.Random(i)``; the command creates those
from the órgão's current count up to the size asked for, so a second run adds nothing and an
interrupted one is completed. Dates are those of the run (the services stamp ``now``)."""

import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documentos import pdf
from documentos import services as documentos
from documentos.models import TipoDocumento
from processos import services as processos
from processos.models import HipoteseLegal, NivelAcesso, Processo, TipoProcesso
from sei.acesso import Ator

PESSOAS = [
    "Ana Beatriz Souza", "Carlos Eduardo Lima", "Fernanda Ribeiro", "José Carlos Pereira", "Juliana Martins",
    "Marcos Vinícius Rocha", "Patrícia Almeida", "Rafael Nogueira", "Sandra Cristina Melo", "Tiago Barbosa",
    "Luciana Teixeira", "Roberto Figueiredo", "Camila Duarte", "Eduardo Santana", "Helena Cardoso",
    "Paulo Henrique Dias", "Renata Moraes", "Sérgio Antunes", "Vanessa Queiroz", "Wagner Pacheco",
]  # fmt: skip
EMPRESAS = [
    "Papelaria Central Ltda.", "Construtora Horizonte S.A.", "TecnoServ Informática Ltda.",
    "Limpa Bem Serviços Gerais Ltda.", "Companhia Estadual de Energia", "Águas do Estado S.A.",
    "Gráfica Rápida ME", "Vigilância Segura Ltda.", "Auto Peças Litoral Ltda.", "Editora Saber Ltda.",
    "Associação dos Servidores Estaduais", "Prefeitura Municipal de Vila Nova", "Instituto Cidadania",
]  # fmt: skip
OBJETOS = [
    "material de escritório", "serviço de limpeza e conservação", "licenças de software de escritório",
    "manutenção de ar-condicionado", "serviço de vigilância patrimonial", "mobiliário para a Diretoria",
    "computadores e monitores", "serviço de impressão departamental", "combustível para a frota",
    "serviço de telefonia móvel", "reforma do auditório", "capacitação em gestão de processos",
]  # fmt: skip
MESES = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
         "novembro", "dezembro"]  # fmt: skip

# Type of process -> (especificação maker, interessados maker).
ESPECIFICACOES = {
    "Administração Geral: Ofício e Correspondência": lambda r: r.choice(
        [f"Ofício da {r.choice(EMPRESAS)}", "Correspondência sobre o recadastramento de servidores",
         f"Convite para reunião técnica em {r.choice(MESES)}", "Pedido de informações da Assembleia Legislativa"]
    ),
    "Licitação: Pregão Eletrônico": lambda r: f"Aquisição de {r.choice(OBJETOS)}",
    "Contratação: Dispensa de Licitação": lambda r: f"Contratação direta de {r.choice(OBJETOS)}",
    "Contrato: Acompanhamento da Execução": lambda r: f"Contrato nº {r.randint(1, 90)}/2026 — {r.choice(OBJETOS)}",
    "Finanças: Pagamento": lambda r: f"Pagamento da fatura de {r.choice(MESES)} — {r.choice(EMPRESAS)}",
    "Pessoal: Férias": lambda r: f"Programação de férias de {r.choice(MESES)}",
    "Pessoal: Aposentadoria": lambda r: "Aposentadoria voluntária por tempo de contribuição",
    "Pessoal: Licença para Tratamento de Saúde": lambda r: f"Licença médica de {r.randint(3, 60)} dias",
    "Correição: Processo Administrativo Disciplinar": lambda r: "Apuração de irregularidade funcional",
    "Ouvidoria: Denúncia": lambda r: "Denúncia recebida pela Ouvidoria",
    "Acesso à Informação: Pedido (LAI)": lambda r: r.choice(
        ["Pedido de acesso a contratos de 2025", "Pedido de informação sobre diárias pagas",
         "Pedido de cópia de processo licitatório", "Pedido de dados sobre servidores cedidos"]
    ),
    "Convênio: Celebração": lambda r: f"Convênio de cooperação técnica — {r.choice(EMPRESAS[-3:])}",
    "Patrimônio: Doação de Bens": lambda r: f"Doação de bens inservíveis — {r.choice(EMPRESAS[-3:])}",
    "Gestão de Processos: Normatização Interna": lambda r: r.choice(
        ["Portaria de delegação de competências", "Instrução normativa sobre tramitação eletrônica",
         "Manual de procedimentos do Protocolo"]
    ),
}  # fmt: skip

PARAGRAFOS = [
    "Trata-se de {assunto}, conforme os documentos juntados a este processo.",
    "Considerando o disposto na Lei nº 14.133, de 1º de abril de 2021, e no Decreto Estadual que a regulamenta, "
    "verifica-se que a instrução processual atende aos requisitos formais exigidos.",
    "A unidade técnica manifestou-se favoravelmente, ressalvando a necessidade de atualização das certidões de "
    "regularidade fiscal e trabalhista antes da formalização do ato.",
    "Registre-se que o valor estimado foi apurado a partir de pesquisa de preços com ao menos três fornecedores, "
    "observada a mediana dos valores obtidos.",
    "Não foram identificados óbices de natureza orçamentária, havendo dotação suficiente no exercício corrente.",
    "Recomenda-se a publicação do extrato no Diário Oficial do Estado e a comunicação aos interessados.",
    "Os prazos regimentais foram observados, e a documentação encontra-se completa e legível.",
    "Eventuais dúvidas poderão ser esclarecidas junto a esta unidade, pelos canais institucionais.",
]
DESPACHOS = [
    "<p>À {destino},</p><p>Para análise e manifestação no prazo de 10 (dez) dias.</p>",
    "<p>À {destino},</p><p>Encaminho para conhecimento e providências cabíveis.</p>",
    "<p>À {destino},</p><p>De acordo com a informação anterior. Prossiga-se.</p>",
    "<p>Ciente. Aguarde-se a manifestação do interessado.</p>",
]
ANDAMENTOS = [
    "Aguardando documentação complementar do interessado",
    "Em análise pela equipe técnica",
    "Minuta em revisão",
    "Contato telefônico com o interessado",
    "Aguardando assinatura da chefia",
]


def _paragrafos(r: random.Random, assunto: str, quantos: int) -> str:
    corpo = [PARAGRAFOS[0].format(assunto=assunto.lower())]
    corpo += [r.choice(PARAGRAFOS[1:]) for _ in range(quantos - 1)]
    return "".join(f'<p class="text-justify">{p}</p>' for p in corpo)


def _parecer_longo(r: random.Random, assunto: str) -> str:
    secoes = ["Relatório", "Fundamentação", "Análise técnica", "Conclusão"]
    partes = []
    for numero, secao in enumerate(secoes, start=1):
        partes.append(f"<h2>{numero}. {secao}</h2>")
        partes.append(_paragrafos(r, assunto, r.randint(4, 8)))
    partes.append("<p>É o parecer, salvo melhor juízo.</p>")
    return "".join(partes)


class Gerador:
    """Makes process ``i`` of the demo, through the services, as units and users would."""

    def __init__(self, *, usuarios: dict, unidades: dict, lotacoes: dict[str, list[str]]):
        self.usuarios, self.unidades = usuarios, unidades
        self.lotacoes = lotacoes  # sigla -> logins lotados
        self.tipos_doc = {t.nome: t for t in TipoDocumento.objects.filter(ativo=True)}
        self.tipos = [
            t for t in TipoProcesso.objects.filter(ativo=True, nome__in=ESPECIFICACOES).order_by("nome")
        ]
        self.hipoteses = {
            h.nome: h for h in HipoteseLegal.objects.filter(ativa=True, nivel=NivelAcesso.RESTRITO)
        }
        # Received PDFs, rendered once and attached wherever a process receives one.
        self.pdfs = {
            "Nota Fiscal": pdf.renderizar_html(
                "<h1>Nota Fiscal de Serviços Eletrônica</h1><p>Prestador: TecnoServ Informática Ltda.</p>"
                "<p>Valor dos serviços: R$ 12.480,00. Competência: outubro de 2026.</p>",
                titulo="Nota Fiscal",
                rodape="Documento emitido eletronicamente",
            ),
            "Requerimento": pdf.renderizar_html(
                "<h1>Requerimento</h1><p>O(A) interessado(a) requer a análise do pedido anexo, nos termos da "
                "legislação vigente, e declara serem verdadeiras as informações prestadas.</p>",
                titulo="Requerimento",
                rodape="Protocolado presencialmente",
            ),
        }

    def ator(self, r: random.Random, sigla: str) -> Ator:
        return Ator(usuario=self.usuarios[r.choice(self.lotacoes[sigla])], unidade=self.unidades[sigla])

    def processo(self, i: int) -> Processo:
        r = random.Random(i)
        siglas = list(self.lotacoes)
        # PROTOCOLO and DIRAD hold most of it, so their Controle de Processos has pages.
        origem = r.choices(siglas, weights=[5 if s in ("PROTOCOLO", "DIRAD") else 2 for s in siglas])[0]
        ator = self.ator(r, origem)
        tipo = r.choice(self.tipos)
        niveis = set(tipo.niveis_permitidos) - {NivelAcesso.SIGILOSO}
        nivel = (
            NivelAcesso.RESTRITO
            if NivelAcesso.PUBLICO not in niveis or r.random() < 0.15
            else NivelAcesso.PUBLICO
        )
        hipotese = None
        if nivel == NivelAcesso.RESTRITO:
            sugerida = tipo.hipotese_sugerida
            hipotese = (
                sugerida
                if sugerida and sugerida.nivel == NivelAcesso.RESTRITO
                else self.hipoteses["Informação Pessoal"]
            )
        especificacao = ESPECIFICACOES[tipo.nome](r)[:100]
        interessados = (
            r.sample(PESSOAS, r.randint(1, 2))
            if tipo.nome.startswith(("Pessoal", "Correição", "Ouvidoria", "Acesso"))
            else r.sample(EMPRESAS, r.randint(1, 2))
        )
        processo = processos.processo_criar(
            ator=ator,
            tipo=tipo,
            nivel_acesso=nivel,
            hipotese_legal=hipotese,
            especificacao=especificacao,
            interessados=interessados,
            observacao=r.choice(["", "", "Prioridade: prazo legal em curso."]),
        )
        self._documentos(r, ator, processo, especificacao, interessados)

        destino = r.choice([s for s in siglas if s != origem])
        cenario = r.random()
        if cenario < 0.25:  # stays where it was made, often with someone in charge
            if r.random() < 0.6:
                self._atribuir(r, ator, processo)
            if r.random() < 0.4:
                processos.processo_atualizar_andamento(
                    ator=ator, processo=processo, texto=r.choice(ANDAMENTOS)
                )
        elif cenario < 0.40:  # sent, not yet opened at the destination
            processos.processo_enviar(ator=ator, processo=processo, destinos=[self.unidades[destino]])
        elif cenario < 0.80:  # sent, received and worked on there (sometimes with a retorno programado)
            manter = r.random() < 0.3
            retorno = timezone.localdate() + timedelta(days=r.randint(3, 40)) if r.random() < 0.25 else None
            processos.processo_enviar(
                ator=ator,
                processo=processo,
                destinos=[self.unidades[destino]],
                manter_aberto=manter or retorno is not None,
                retorno_programado=retorno,
            )
            la = self.ator(r, destino)
            processos.processo_receber(ator=la, processo=processo)
            if r.random() < 0.7:
                self._despacho(r, la, processo, origem)
            if r.random() < 0.5:
                self._atribuir(r, la, processo)
            if r.random() < 0.3:
                processos.processo_atualizar_andamento(ator=la, processo=processo, texto=r.choice(ANDAMENTOS))
        elif cenario < 0.92:  # concluded where it was made (can be reopened)
            self._despacho(r, ator, processo, None)
            processos.processo_concluir(ator=ator, processo=processo)
        else:  # sobrestado
            processos.processo_sobrestar(
                ator=ator, processo=processo, motivo="Aguardando decisão judicial sobre a matéria."
            )
        return processo

    def _atribuir(self, r, ator, processo):
        sigla = ator.unidade.sigla
        processos.processo_atribuir(
            ator=ator, processo=processo, usuario=self.usuarios[r.choice(self.lotacoes[sigla])]
        )

    def _despacho(self, r, ator, processo, para):
        destino = self.unidades[para].nome if para else "unidade"
        documentos.documento_interno_criar(
            ator=ator,
            processo=processo,
            tipo=self.tipos_doc["Despacho"],
            nivel_acesso=processo.nivel_acesso,
            hipotese_legal=processo.hipotese_legal,
            conteudo=r.choice(DESPACHOS).format(destino=destino),
        )

    def _documentos(self, r, ator, processo, especificacao, interessados):
        nivel, hipotese = processo.nivel_acesso, processo.hipotese_legal
        if r.random() < 0.35:
            nome = r.choice(list(self.pdfs))
            documentos.documento_externo_criar(
                ator=ator,
                processo=processo,
                tipo=self.tipos_doc[nome],
                arquivo=SimpleUploadedFile(f"{nome.lower().replace(' ', '-')}.pdf", self.pdfs[nome]),
                nome_arquivo=f"{nome.lower().replace(' ', '-')}.pdf",
                nivel_acesso=nivel,
                hipotese_legal=hipotese,
                data_documento=timezone.localdate() - timedelta(days=r.randint(1, 30)),
                numero=str(r.randint(100, 9999)),
                remetente=interessados[0],
            )
        for _ in range(r.randint(1, 3)):
            tipo = r.choice(["Informação", "Memorando", "Ofício", "Nota Técnica", "Parecer"])
            longo = tipo == "Parecer" or r.random() < 0.1
            conteudo = (
                _parecer_longo(r, especificacao) if longo else _paragrafos(r, especificacao, r.randint(2, 4))
            )
            documentos.documento_interno_criar(
                ator=ator,
                processo=processo,
                tipo=self.tipos_doc[tipo],
                nivel_acesso=nivel,
                hipotese_legal=hipotese,
                conteudo=conteudo,
                destinatarios=interessados[:1] if tipo == "Ofício" else None,
            )
