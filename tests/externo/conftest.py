import re
import secrets

import pytest

from externo import services
from externo.models import TipoPeticionamento
from tests.assinaturas.conftest import _pasta_chaves, selo  # noqa: F401 - the órgão's seal, for the receipts
from tests.externo.peticoes_apoio import _tipo_doc
from tests.factories import SENHA_PADRAO, UsuarioFactory, tipo_processo  # noqa: F401  (UsuarioFactory: for the tests here)

CPF_JOAO = "52998224725"


@pytest.fixture(autouse=True)
def _limites_folgados(settings):
    """The per-address counters (registration, resends, password reset) live in the shared cache,
    which other tests (and the other xdist worker) use too: out of the way here; the tests of the
    limits lower them for an address of their own (``endereco_novo``)."""
    settings.SEI_CADASTRO_PEDIDOS = 10_000
    settings.SEI_SENHA_PEDIDOS = 10_000


@pytest.fixture
def endereco_novo():
    """A client address no other test counted requests from."""
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


@pytest.fixture
def criar_externo(db):
    """``criar_externo(cpf=..., liberado=True)``: an external user's record (``CadastroExterno``)."""

    def _criar(
        cpf=CPF_JOAO,
        nome="João Cidadão",
        email=None,
        liberado=True,
        senha=SENHA_PADRAO,
        email_confirmado=None,
    ):
        return services.cadastro_criar(
            cpf=cpf,
            nome=nome,
            email=email or f"{cpf}@exemplo.com.br",
            senha=senha,
            liberado=liberado,
            email_confirmado=liberado if email_confirmado is None else email_confirmado,
        )

    return _criar


@pytest.fixture
def externo(criar_externo):
    """João, an approved external user."""
    return criar_externo().usuario


def link_do_email(mensagem, trecho: str) -> str:
    """The path of the first link in the e-mail's body that starts with ``trecho``."""
    return re.search(r"https?://[^/\s]+(" + re.escape(trecho) + r"\S*)", mensagem.body).group(1)


# --- Acessos externos ----------------------------------------------------------------------------


@pytest.fixture
def conceder(db, django_capture_on_commit_callbacks):
    """``conceder(ator, processo, usuario=..., tipo="integral", documentos=[...], dias=10)``: a
    grant through the service (password confirmed), its e-mail sent (after the commit)."""
    from externo import acessos
    from sei.senhas import SenhaConfirmada

    def _conceder(
        ator, processo, usuario=None, email="", tipo="integral", documentos=(), dias=10, motivo="Vista ao interessado",
        inclusao=(),
    ):  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            return acessos.acesso_externo_conceder(
                ator=ator,
                processo=processo,
                senha=SenhaConfirmada(usuario_id=ator.usuario.pk),
                tipo=tipo,
                motivo=motivo,
                validade_dias=dias,
                cpf=usuario.cpf if usuario is not None else "",
                email=email,
                documentos=[d.numero_sei for d in documentos],
                permite_inclusao=bool(inclusao),
                tipos_documento=list(inclusao),
            )

    return _conceder


@pytest.fixture
def cena(atores, criar_processo, criar_documento, criar_externo):
    """Unit A's restrito process P with a signed document, a minuta, an external PDF and a
    cancelled document; another process Q of A with its own external PDF; a sigiloso S; João and
    Maria, approved external users."""
    from types import SimpleNamespace

    from django.core.files.uploadedfile import SimpleUploadedFile

    from documentos import services as documentos_services
    from processos.models import NivelAcesso
    from tests.factories import bloquear, pdf_simples, tipo_documento

    a = atores["A"]

    def externo_pdf(processo, nome):
        return documentos_services.documento_externo_criar(
            ator=a, processo=processo, tipo=tipo_documento("Requerimento"), descricao=nome,
            arquivo=SimpleUploadedFile(f"{nome}.pdf", pdf_simples()), nome_arquivo=f"{nome}.pdf",
            nivel_acesso=NivelAcesso.PUBLICO,
        )  # fmt: skip

    p = criar_processo(a, nivel=NivelAcesso.RESTRITO, especificacao="Licença ambiental")
    assinado = bloquear(criar_documento(a, p, conteudo="<p>Parecer assinado</p>"))
    minuta = criar_documento(a, p, tipo="Despacho", conteudo="<p>MINUTA-SECRETA</p>")
    anexo = externo_pdf(p, "Planta baixa")
    cancelado = bloquear(criar_documento(a, p, conteudo="<p>Cancelado</p>"))
    documentos_services.documento_cancelar(ator=a, documento=cancelado, motivo="Erro")
    q = criar_processo(a, especificacao="Outro processo")
    de_q = externo_pdf(q, "Outro anexo")
    s = criar_processo(a, nivel=NivelAcesso.SIGILOSO)
    joao = criar_externo().usuario
    maria = criar_externo(cpf="11144477735", nome="Maria Cidadã").usuario
    return SimpleNamespace(
        a=a, p=p, q=q, s=s, assinado=assinado, minuta=minuta, anexo=anexo, cancelado=cancelado, de_q=de_q,
        joao=joao, maria=maria,
    )  # fmt: skip


def com_permissao_de_liberar(ator):
    """The same user and unit, now holding ``externo.liberar_cadastro`` (a fresh user object: the
    permission cache of the old one would not see it)."""
    from django.contrib.auth.models import Permission

    from sei.acesso import Ator
    from sei.models import Usuario

    ator.usuario.user_permissions.add(Permission.objects.get(codename="liberar_cadastro"))
    return Ator(usuario=Usuario.objects.get(pk=ator.usuario.pk), unidade=ator.unidade)


# --- Peticionamento eletrônico ----------------------------------------------------------------------

@pytest.fixture
def tipo_peticao(db, unidades, selo):  # noqa: F811 - the imported fixture
    """A petition type to unit B: main document a PDF, an identity document required, a receipt optional."""
    tipo = TipoPeticionamento.objects.create(
        nome="Requerimento de licença",
        tipo_processo=tipo_processo(),
        unidade=unidades["B"],
        instrucoes="Envie o requerimento e o documento de identidade.",
        principal=TipoPeticionamento.Principal.ARQUIVO,
        tipo_principal=_tipo_doc("Requerimento (petição)"),
    )
    tipo.tipos_essenciais.add(_tipo_doc("Documento de identidade"))
    tipo.tipos_complementares.add(_tipo_doc("Comprovante"))
    return tipo


