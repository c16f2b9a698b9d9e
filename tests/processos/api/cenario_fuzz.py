"""The scenario the API fuzz runs on (``tests/processos/api/test_fuzz.py``).

Units A and B of one órgão and X of another; two users in A and in B, one in X; each with an API
token. A and B each hold the same set of objects, built through the services, whose every piece of
free text is a canary string naming its unit and field (``canarioaespecificacao``): a restrito
process (especificação, interessado, observação, "atualizar andamento" text, an internal document's
content and description, a cancelled document's motivo, an external file), a sobrestado restrito
process (motivo), a sigiloso process (especificação, interessado, document) with a credential
granted to the unit's second user, a público process related to the restrito one, a público process
made restrito by one restrito document, and an export task. An outsider may learn that these
processes exist; no canary may ever reach them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from documentos import services as documentos_services
from externo import acessos
from processos import services
from processos.models import NivelAcesso
from sei.acesso import Ator
from sei.senhas import SenhaConfirmada
from tests.factories import bloquear, hipotese, lotar, tipo_documento, tipo_processo


@dataclass
class AtorFuzz:
    ator: Ator
    token: str


@dataclass
class Cenario:
    atores: dict[str, AtorFuzz]
    # canary (lowercase) -> "<sigla>:<field>", by owning unit.
    canarios: dict[str, dict[str, str]] = field(default_factory=dict)
    # normalised NUPs and números SEI, by owning unit.
    objetos: dict[str, set[str]] = field(default_factory=dict)
    # path parameter -> real values (canonical: 17-digit NUP, número SEI without zeros).
    reais: dict[str, list] = field(default_factory=dict)
    # body field -> real values (and hostile texts) to draw from.
    campos: dict[str, list] = field(default_factory=dict)
    # sigla -> path parameters naming the unit's own público process and document.
    proprios: dict[str, dict[str, str]] = field(default_factory=dict)

    def canarios_proibidos(self, sigla: str) -> dict[str, str]:
        return {
            c: r for dono, canarios in self.canarios.items() if dono != sigla for c, r in canarios.items()
        }

    def objetos_alheios(self, sigla: str) -> set[str]:
        return {o for dono, objetos in self.objetos.items() if dono != sigla for o in objetos}

    def sigla_vizinha(self, sigla: str) -> str:
        """A unit the user is not in (X-Unidade must then be refused)."""
        return "B" if sigla == "A" else "A"


def _token(ator: Ator) -> str:
    return Token.objects.get_or_create(user=ator.usuario)[0].key


def _semear(cenario: Cenario, sigla: str, ator: Ator, segundo: Ator) -> None:
    """The canary-marked objects of one unit."""
    marca = f"canario{sigla.lower()}"
    canarios: dict[str, str] = {}

    def canario(campo: str) -> str:
        texto = f"{marca}{campo}"
        canarios[texto] = f"{sigla}:{campo}"
        return texto

    tipo = tipo_processo()
    despacho = tipo_documento("Despacho")
    restrito, sigiloso = hipotese(NivelAcesso.RESTRITO), hipotese(NivelAcesso.SIGILOSO)

    def criar(nivel, hip, **kwargs):
        return services.processo_criar(ator=ator, tipo=tipo, nivel_acesso=nivel, hipotese_legal=hip, **kwargs)

    def documento(processo, conteudo: str, nivel=NivelAcesso.PUBLICO, **kwargs):
        return documentos_services.documento_interno_criar(
            ator=ator,
            processo=processo,
            tipo=despacho,
            nivel_acesso=nivel,
            hipotese_legal={NivelAcesso.PUBLICO: None, NivelAcesso.RESTRITO: restrito}.get(nivel, sigiloso),
            conteudo=f"<p>{conteudo}</p>",
            **kwargs,
        )

    publico = criar(NivelAcesso.PUBLICO, None, especificacao=f"Processo público de {sigla}")
    doc_publico = documento(publico, f"Despacho público de {sigla}")

    proc_restrito = criar(
        NivelAcesso.RESTRITO,
        restrito,
        especificacao=canario("especificacao"),
        interessados=[canario("interessado")],
        observacao=canario("observacao"),
    )
    services.processo_atualizar_andamento(ator=ator, processo=proc_restrito, texto=canario("andamento"))
    doc_restrito = documento(
        proc_restrito, canario("conteudo"), NivelAcesso.RESTRITO, descricao=canario("descricao")
    )
    documentos_services.documento_editar(
        ator=ator, documento=doc_restrito, conteudo=f"<p>{canario('versao2')}</p>", versao_base=1
    )
    doc_cancelado = documento(proc_restrito, canario("cancelado"), NivelAcesso.RESTRITO)
    bloquear(doc_cancelado)
    documentos_services.documento_cancelar(ator=ator, documento=doc_cancelado, motivo=canario("cancelamento"))
    externo = documentos_services.documento_externo_criar(
        ator=ator,
        processo=proc_restrito,
        tipo=tipo_documento("Nota Fiscal"),
        arquivo=SimpleUploadedFile("nota.txt", canario("arquivo").encode()),
        nome_arquivo="nota.txt",
        nivel_acesso=NivelAcesso.RESTRITO,
        hipotese_legal=restrito,
        numero="345",
    )
    services.processo_relacionar(ator=ator, processo=publico, outro=proc_restrito)

    sobrestado = criar(NivelAcesso.RESTRITO, restrito, especificacao=canario("especificacaosobrestado"))
    services.processo_sobrestar(ator=ator, processo=sobrestado, motivo=canario("sobrestamento"))

    proc_sigiloso = criar(
        NivelAcesso.SIGILOSO,
        sigiloso,
        especificacao=canario("sigiloso"),
        interessados=[canario("interessadosigiloso")],
    )
    doc_sigiloso = documento(proc_sigiloso, canario("conteudosigiloso"), NivelAcesso.SIGILOSO)
    credencial = services.credencial_conceder(
        ator=ator, processo=proc_sigiloso, usuario=segundo.usuario, unidade=segundo.unidade
    )

    # Público by itself, restrito globally through one restrito document.
    misto = criar(NivelAcesso.PUBLICO, None, especificacao=f"Processo misto de {sigla}")
    doc_misto = documento(misto, canario("documentorestrito"), NivelAcesso.RESTRITO)

    exportacao = documentos_services.exportacao_solicitar(ator=ator, processo=publico, formato="pdf")
    # On the restrito: its motivo is content that the other unit must never read.
    concessao = acessos.acesso_externo_conceder(
        ator=ator, processo=proc_restrito, senha=SenhaConfirmada(usuario_id=ator.usuario.pk), tipo="integral",
        motivo=canario("motivoacesso"), validade_dias=5, email=f"{sigla.lower()}@exemplo.com.br",
    )  # fmt: skip

    processos = [publico, proc_restrito, sobrestado, proc_sigiloso, misto]
    documentos = [doc_publico, doc_restrito, doc_cancelado, externo, doc_sigiloso, doc_misto]
    cenario.canarios[sigla] = canarios
    cenario.proprios[sigla] = {
        "nup": publico.nup,
        "outro": proc_restrito.nup,
        "numero_sei": str(doc_publico.numero_sei),
        "numero": "1",
        "credencial_id": str(credencial.pk),
        "tarefa_id": str(exportacao.pk),
        "acesso_id": str(concessao.pk),
        "intimacao_id": "1",  # none in the scenario: the hostile bodies get a 404, never a 500
        "liberacao_id": "1",
    }
    cenario.objetos[sigla] = {p.nup for p in processos} | {str(d.numero_sei) for d in documentos}
    reais = cenario.reais
    for p in processos:
        reais.setdefault("nup", []).append(p.nup)
        reais.setdefault("outro", []).append(p.nup)
        cenario.campos.setdefault("processo", []).extend([p.nup, p.nup_formatado])
    for d in documentos:
        reais.setdefault("numero_sei", []).append(str(d.numero_sei))
        cenario.campos.setdefault("documento_modelo", []).append(d.numero_sei)
        cenario.campos.setdefault("documentos", []).append([d.numero_sei])
    reais.setdefault("credencial_id", []).append(credencial.pk)
    reais.setdefault("tarefa_id", []).append(exportacao.pk)
    reais.setdefault("acesso_id", []).append(concessao.pk)


def montar_cenario(*, atores: dict[str, Ator], ator_x: Ator) -> Cenario:
    """``atores``: one user in each of units A, B (and C) of one órgão; ``ator_x``: one in another."""
    segundos = {s: lotar(_segundo_usuario(s), atores[s].unidade) for s in ("A", "B")}
    cenario = Cenario(
        atores={
            "A": AtorFuzz(atores["A"], _token(atores["A"])),
            "B": AtorFuzz(atores["B"], _token(atores["B"])),
            "X": AtorFuzz(ator_x, _token(ator_x)),
        }
    )
    for sigla in ("A", "B"):
        _semear(cenario, sigla, atores[sigla], segundos[sigla])

    tipo = tipo_processo()
    usuarios = [a.usuario.username for a in (*atores.values(), ator_x, *segundos.values())]
    cenario.reais["numero"] = [1, 2]
    cenario.campos.update(
        {
            "unidades": [["A"], ["B"], ["C"], ["A", "B"], ["MUN:X"]],
            "unidade": ["A", "B", "C", "X"],
            "usuario": usuarios,
            "tipo": [tipo.pk, "Despacho", "Ofício", tipo_documento("Despacho").pk],
            "hipotese_legal": [hipotese(NivelAcesso.RESTRITO).pk, hipotese(NivelAcesso.SIGILOSO).pk],
            "versao": [1, 2],
            "interessados": [[nome] for nome in TEXTOS_HOSTIS]
            + [[{"nome": TEXTOS_HOSTIS[0], "cpf_cnpj": ""}]],
            **{nome: TEXTOS_HOSTIS for nome in CAMPOS_TEXTO},
        }
    )
    return cenario


# Free text the generator seldom sends whole, each of which has broken something somewhere: NUL
# (PostgreSQL refuses it), markup, SQL, far too long, astral characters, a right-to-left override.
# (Lone surrogates come from the generator itself, in JSON bodies: a form body cannot carry them.)
TEXTOS_HOSTIS = [
    "Jo\x00ão",
    "' OR 1=1 --",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "x" * 5000,
    "😀" * 60,
    "\u202enome invertido",
]
CAMPOS_TEXTO = ("especificacao", "observacao", "texto", "motivo", "descricao", "conteudo", "remetente")


def _segundo_usuario(sigla: str):
    from tests.factories import UsuarioFactory

    return UsuarioFactory(username=f"user_{sigla.lower()}2")
