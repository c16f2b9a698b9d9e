import factory
from factory.django import DjangoModelFactory
from faker import Faker

from processos.models import HipoteseLegal, NivelAcesso, TipoProcesso
from sei.acesso import Ator
from sei.models import Lotacao, Orgao, Unidade, Usuario

factory.Faker._DEFAULT_LOCALE = "pt_BR"
_faker = Faker("pt_BR")

SENHA_PADRAO = "Senha-de-teste-123"


class OrgaoFactory(DjangoModelFactory):
    class Meta:
        model = Orgao
        django_get_or_create = ("sigla",)

    sigla = factory.Sequence(lambda n: f"ORG{n}")
    nome = factory.Faker("company")
    codigo_protocolo = factory.Sequence(lambda n: f"{10000 + n:05d}")


class UnidadeFactory(DjangoModelFactory):
    class Meta:
        model = Unidade

    orgao = factory.SubFactory(OrgaoFactory)
    sigla = factory.Sequence(lambda n: f"UN{n}")
    nome = factory.Faker("catch_phrase")
    email = factory.LazyAttribute(lambda o: f"{o.sigla.lower()}@exemplo.gov.br")


class UsuarioFactory(DjangoModelFactory):
    class Meta:
        model = Usuario
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"usuario{n}")
    nome = factory.Faker("name")
    cpf = factory.LazyFunction(lambda: "".join(c for c in _faker.cpf() if c.isdigit()))
    email = factory.LazyAttribute(lambda o: f"{o.username}@exemplo.gov.br")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or SENHA_PADRAO)
        if create:
            obj.save()


def lotar(usuario: Usuario, unidade: Unidade, perfil: str = Lotacao.Perfil.BASICO) -> Ator:
    Lotacao.objects.get_or_create(usuario=usuario, unidade=unidade, defaults={"perfil": perfil})
    return Ator(usuario=usuario, unidade=unidade)


def ator_em(unidade: Unidade, **kwargs) -> Ator:
    return lotar(UsuarioFactory(**kwargs), unidade)


def tipo_processo(**kwargs) -> TipoProcesso:
    """A seeded type that permits público, restrito and sigiloso unless told otherwise."""
    defaults = {"permite_publico": True, "permite_restrito": True, "permite_sigiloso": True}
    defaults.update(kwargs)
    tipo, _ = TipoProcesso.objects.get_or_create(
        nome=defaults.pop("nome", "Teste: Tipo Geral"), defaults=defaults
    )
    return tipo


def hipotese(nivel: int = NivelAcesso.RESTRITO) -> HipoteseLegal:
    """A seeded hipótese of the level (recreated if a transactional test flushed the seed)."""
    encontrada = HipoteseLegal.objects.filter(nivel=nivel, ativa=True).order_by("pk").first()
    return encontrada or HipoteseLegal.objects.create(
        nome=f"Hipótese de teste {nivel}", base_legal="Lei de teste", nivel=nivel
    )


def tipo_documento(nome: str):
    """A seeded document type (Ofício, Despacho, Nota Fiscal...)."""
    from documentos.models import TipoDocumento

    return TipoDocumento.objects.get(nome=nome)


def pdf_simples() -> bytes:
    """A valid one-page PDF."""
    import io

    import pikepdf

    saida = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(saida)
    return saida.getvalue()


def bloquear(documento):
    """The document as it stands once signed and read by another unit (SEI's "bloqueado", the
    only state in which it is cancelled): for tests of what follows a cancellation, without
    signing. Returns it refreshed."""
    from django.utils import timezone

    from documentos.models import Documento

    campos = {"bloqueado_em": timezone.now()}
    if documento.interno:
        campos["estado"] = Documento.Estado.ASSINADO
    Documento.objects.filter(pk=documento.pk).update(**campos)
    documento.refresh_from_db()
    return documento
