"""Demo data of the portal (read by assinaturas' ``carregar_demo`` through ``ExternoConfig.demo``):
one external user liberado and one pendente (e-mail confirmed, awaiting the órgão). Safe to run
again; the loader sets and prints their passwords with the other logins."""

import secrets

from documentos.models import TipoDocumento
from processos.models import HipoteseLegal, TipoProcesso
from sei.models import NivelAcesso, Unidade, Usuario
from sei.validators import digitos_verificadores_cpf

from . import services
from .models import TipoManifestacao, TipoPeticionamento

# cpf (9 digits; check digits computed), nome, e-mail, liberado
EXTERNOS = [
    ("714602381", "Paula Cidadã Ferreira", "paula@cidadao.exemplo.com.br", True),
    ("362419057", "Roberto Requerente Lima", "roberto@empresa.exemplo.com.br", False),
]


def carregar() -> list[tuple[str, Usuario, str]]:
    """``(login, usuario, descrição)`` of each demo external user."""
    linhas = []
    for base, nome, email, liberado in EXTERNOS:
        cpf = base + digitos_verificadores_cpf(base)
        usuario = Usuario.objects.filter(username=cpf).first()
        if usuario is None:
            _, versao = services.termos_vigentes()
            usuario = services.cadastro_criar(
                cpf=cpf,
                nome=nome,
                email=email,
                senha=secrets.token_urlsafe(16),
                telefone="(27) 3636-0000",
                endereco="Av. Jerônimo Monteiro, 1000, Vitória/ES",
                termos_versao=versao,
                liberado=liberado,
                email_confirmado=True,
            ).usuario
        situacao = "liberado" if liberado else "pendente de liberação"
        linhas.append((cpf, usuario, f"usuário externo, {situacao} (portal: /externo/)"))
    _tipos_de_peticionamento()
    _ouvidoria()
    return linhas


def _tipo_documento(nome: str) -> TipoDocumento:
    return TipoDocumento.objects.get_or_create(nome=nome, defaults={"aplicabilidade": "externo", "numeracao": "sem"})[0]


def _tipos_de_peticionamento() -> None:
    """Two petition types (once): one with the main document written in the portal, one sent
    as a PDF, both to the first active unit, público."""
    tipo_processo = TipoProcesso.objects.filter(ativo=True, permite_publico=True).order_by("pk").first()
    unidade = Unidade.objects.filter(ativa=True).order_by("pk").first()
    if tipo_processo is None or unidade is None or TipoPeticionamento.objects.exists():
        return
    requerimento = TipoPeticionamento.objects.create(
        nome="Requerimento geral",
        tipo_processo=tipo_processo,
        unidade=unidade,
        instrucoes="Escreva o seu pedido e anexe um documento de identificação com foto (PDF).",
        principal=TipoPeticionamento.Principal.FORMULARIO,
        tipo_principal=_tipo_documento("Requerimento"),
    )
    requerimento.tipos_essenciais.add(_tipo_documento("Documento de Identificação"))
    requerimento.tipos_complementares.add(_tipo_documento("Comprovante"))
    recurso = TipoPeticionamento.objects.create(
        nome="Recurso administrativo",
        tipo_processo=tipo_processo,
        unidade=unidade,
        instrucoes="Envie o recurso assinado em PDF e, se houver, as provas.",
        principal=TipoPeticionamento.Principal.ARQUIVO,
        tipo_principal=_tipo_documento("Recurso"),
    )
    recurso.tipos_complementares.add(_tipo_documento("Comprovante"))


MANIFESTACOES = ["Denúncia", "Reclamação", "Elogio", "Sugestão", "Solicitação"]


def _ouvidoria() -> None:
    """The ouvidoria's form (once): each kind of manifestation opens a process of its own type
    ("Ouvidoria: <kind>", the seeded "Ouvidoria: Denúncia" as the model) in GAB, restrito with
    "Informação Pessoal"."""
    modelo = TipoProcesso.objects.filter(nome="Ouvidoria: Denúncia").first()
    unidade = Unidade.objects.filter(sigla="GAB", ativa=True).first() or Unidade.objects.filter(ativa=True).first()
    if modelo is None or unidade is None or TipoManifestacao.objects.exists():
        return
    hipotese = (
        HipoteseLegal.objects.filter(nome="Informação Pessoal", nivel=NivelAcesso.RESTRITO).first()
        or modelo.hipotese_sugerida
    )
    documento = _tipo_documento("Manifestação")
    for nome in MANIFESTACOES:
        tipo_processo, _ = TipoProcesso.objects.get_or_create(
            nome=f"Ouvidoria: {nome}",
            defaults={"permite_publico": modelo.permite_publico, "permite_restrito": modelo.permite_restrito,
                      "permite_sigiloso": modelo.permite_sigiloso, "nivel_sugerido": NivelAcesso.RESTRITO,
                      "hipotese_sugerida": hipotese},
        )  # fmt: skip
        TipoManifestacao.objects.create(
            nome=nome, tipo_processo=tipo_processo, unidade=unidade, tipo_documento=documento,
            nivel_acesso=NivelAcesso.RESTRITO, hipotese_legal=hipotese,
        )  # fmt: skip
