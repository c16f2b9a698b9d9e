"""Organisation provisioning: órgãos, unidades, usuários, lotações and API tokens.

Called by the provisioning commands (``criar_orgao``, ``criar_unidade``, ``criar_usuario``,
``criar_token``, ``importar_estrutura``, ``carregar_demo``). Each function runs in one
transaction and raises ``EntradaInvalida`` with a pt-BR message on bad input.

The ``*_salvar`` functions create or update ("upsert") and return what they did, so that a
structure file can be imported twice and change nothing the second time.
"""

from collections.abc import Iterable
from typing import Literal

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import Q
from rest_framework.authtoken.models import Token

from sei.exceptions import EntradaInvalida, NaoEncontrado
from sei.models import Lotacao, Orgao, Unidade, Usuario, codigo_protocolo_validator
from sei.unidades import parse_referencia_unidade
from sei.validators import normalizar_cpf

Acao = Literal["criado", "atualizado", "inalterado"]

PERFIS = {perfil.value: perfil for perfil in Lotacao.Perfil}


def _mensagens(erro: ValidationError) -> str:
    return " ".join(erro.messages)


def _exigir(valor: str, campo: str) -> str:
    valor = (valor or "").strip()
    if not valor:
        raise EntradaInvalida(f"Informe {campo}.", errors={campo: ["Campo obrigatório."]})
    return valor


def _validar_campos(obj, campos: dict[str, int]) -> None:
    """Length checks with pt-BR messages (the model's max_length)."""
    for campo, maximo in campos.items():
        if len(getattr(obj, campo) or "") > maximo:
            raise EntradaInvalida(f"{campo}: no máximo {maximo} caracteres.", errors={campo: ["Muito longo."]})


def _validar_email(email: str) -> str:
    email = (email or "").strip()
    if email:
        try:
            EmailValidator()(email)
        except ValidationError as erro:
            raise EntradaInvalida(f"E-mail inválido: {email}.", errors={"email": ["E-mail inválido."]}) from erro
    return email


def _aplicar(obj, valores: dict) -> bool:
    mudou = False
    for campo, valor in valores.items():
        if getattr(obj, campo) != valor:
            setattr(obj, campo, valor)
            mudou = True
    return mudou


# --- Órgãos ----------------------------------------------------------------------------------


def orgao_por_sigla(sigla: str) -> Orgao:
    orgao = Orgao.objects.filter(sigla__iexact=(sigla or "").strip()).first()
    if orgao is None:
        raise NaoEncontrado(f"Órgão {sigla} não encontrado.", code="orgao_nao_encontrado")
    return orgao


def _validar_orgao(*, sigla: str, nome: str, codigo_protocolo: str) -> tuple[str, str, str]:
    sigla = _exigir(sigla, "a sigla").upper()
    nome = _exigir(nome, "o nome")
    codigo_protocolo = (codigo_protocolo or "").strip()
    try:
        codigo_protocolo_validator(codigo_protocolo)
    except ValidationError as erro:
        raise EntradaInvalida(
            "O código de protocolo tem 5 dígitos.", errors={"codigo_protocolo": [_mensagens(erro)]}
        ) from erro
    return sigla, nome, codigo_protocolo


@transaction.atomic
def orgao_criar(*, sigla: str, nome: str, codigo_protocolo: str) -> Orgao:
    """A new órgão; its sigla and its protocol code (used in the NUP) are unique."""
    orgao, _ = orgao_salvar(sigla=sigla, nome=nome, codigo_protocolo=codigo_protocolo, somente_criar=True)
    return orgao


@transaction.atomic
def orgao_salvar(
    *, sigla: str, nome: str, codigo_protocolo: str, somente_criar: bool = False
) -> tuple[Orgao, Acao]:
    """Create the órgão or update its name and protocol code (found by sigla)."""
    sigla, nome, codigo_protocolo = _validar_orgao(sigla=sigla, nome=nome, codigo_protocolo=codigo_protocolo)
    orgao = Orgao.objects.select_for_update().filter(sigla__iexact=sigla).first()
    if orgao is not None and somente_criar:
        raise EntradaInvalida(f"Já existe um órgão com a sigla {sigla}.", errors={"sigla": ["Já existe."]})
    outro = Orgao.objects.filter(codigo_protocolo=codigo_protocolo)
    if orgao is not None:
        outro = outro.exclude(pk=orgao.pk)
    if outro.exists():
        raise EntradaInvalida(
            f"O código de protocolo {codigo_protocolo} já pertence ao órgão {outro.first().sigla}.",
            errors={"codigo_protocolo": ["Já existe."]},
        )
    if orgao is None:
        orgao = Orgao(sigla=sigla, nome=nome, codigo_protocolo=codigo_protocolo)
        _validar_campos(orgao, {"sigla": 30, "nome": 200})
        orgao.save()
        return orgao, "criado"
    if orgao.processos.exists() and orgao.codigo_protocolo != codigo_protocolo:
        # The NUPs already issued carry the old code: changing it would fork the numbering.
        raise EntradaInvalida(
            f"O órgão {orgao.sigla} já tem processos: o código de protocolo não pode mudar.",
            errors={"codigo_protocolo": ["Não pode mudar."]},
        )
    if not _aplicar(orgao, {"nome": nome, "codigo_protocolo": codigo_protocolo}):
        return orgao, "inalterado"
    _validar_campos(orgao, {"nome": 200})
    orgao.save()
    return orgao, "atualizado"


# --- Unidades --------------------------------------------------------------------------------


def unidade_por_sigla(orgao: Orgao, sigla: str) -> Unidade:
    unidade = Unidade.objects.filter(orgao=orgao, sigla__iexact=(sigla or "").strip()).first()
    if unidade is None:
        raise NaoEncontrado(
            f"Unidade {sigla} não encontrada no órgão {orgao.sigla}.", code="unidade_nao_encontrada"
        )
    return unidade


def unidade_por_referencia(referencia: str) -> Unidade:
    """A unit by ``SIGLA`` (unique across órgãos) or ``ORGAO:SIGLA``."""
    orgao_sigla, sigla = parse_referencia_unidade(referencia)
    if orgao_sigla:
        return unidade_por_sigla(orgao_por_sigla(orgao_sigla), sigla)
    unidades = list(Unidade.objects.filter(sigla__iexact=sigla).select_related("orgao")[:2])
    if not unidades:
        raise NaoEncontrado(f"Unidade {sigla} não encontrada.", code="unidade_nao_encontrada")
    if len(unidades) > 1:
        raise EntradaInvalida(
            f"Há unidades {sigla} em mais de um órgão: informe ORGAO:{sigla}.", code="unidade_ambigua"
        )
    return unidades[0]


def _superior_valido(unidade: Unidade, superior: Unidade | None) -> None:
    atual, vistos = superior, set()
    while atual is not None and atual.pk not in vistos:
        if unidade.pk is not None and atual.pk == unidade.pk:
            raise EntradaInvalida(
                f"A unidade {unidade.sigla} não pode ficar subordinada a si mesma.",
                errors={"superior": ["Hierarquia circular."]},
            )
        vistos.add(atual.pk)
        atual = atual.superior


@transaction.atomic
def unidade_criar(
    *,
    orgao: Orgao,
    sigla: str,
    nome: str,
    superior: Unidade | None = None,
    email: str = "",
    recebe_processos: bool = True,
) -> Unidade:
    """A new unit of the órgão; its sigla is unique in the órgão."""
    unidade, _ = unidade_salvar(
        orgao=orgao,
        sigla=sigla,
        nome=nome,
        superior=superior,
        email=email,
        recebe_processos=recebe_processos,
        somente_criar=True,
    )
    return unidade


@transaction.atomic
def unidade_salvar(
    *,
    orgao: Orgao,
    sigla: str,
    nome: str,
    superior: Unidade | None = None,
    email: str = "",
    recebe_processos: bool = True,
    somente_criar: bool = False,
) -> tuple[Unidade, Acao]:
    """Create the unit or update it (found by órgão and sigla)."""
    sigla = _exigir(sigla, "a sigla").upper()
    nome = _exigir(nome, "o nome")
    email = _validar_email(email)
    if superior is not None and superior.orgao_id != orgao.pk:
        raise EntradaInvalida(
            f"A unidade superior {superior.sigla} é de outro órgão.", errors={"superior": ["Outro órgão."]}
        )
    unidade = Unidade.objects.select_for_update().filter(orgao=orgao, sigla__iexact=sigla).first()
    if unidade is not None and somente_criar:
        raise EntradaInvalida(
            f"Já existe a unidade {sigla} no órgão {orgao.sigla}.", errors={"sigla": ["Já existe."]}
        )
    valores = {"nome": nome, "superior": superior, "email": email, "recebe_processos": recebe_processos}
    if unidade is None:
        unidade = Unidade(orgao=orgao, sigla=sigla, **valores)
        _validar_campos(unidade, {"sigla": 30, "nome": 200})
        unidade.save()
        return unidade, "criado"
    _superior_valido(unidade, superior)
    if not _aplicar(unidade, valores):
        return unidade, "inalterado"
    _validar_campos(unidade, {"nome": 200})
    unidade.save()
    return unidade, "atualizado"


# --- Usuários --------------------------------------------------------------------------------


def usuario_por_login(login: str) -> Usuario:
    usuario = Usuario.objects.filter(username=(login or "").strip()).first()
    if usuario is None:
        raise NaoEncontrado(f"Usuário {login} não encontrado.", code="usuario_nao_encontrado")
    return usuario


def _validar_cpf(cpf: str) -> str | None:
    try:
        return normalizar_cpf(cpf)
    except ValidationError:
        raise EntradaInvalida(f"CPF inválido: {cpf}.", errors={"cpf": ["CPF inválido."]}) from None


def _validar_login(login: str) -> str:
    login = _exigir(login, "o login")
    try:
        Usuario._meta.get_field("username").run_validators(login)
    except ValidationError as erro:
        raise EntradaInvalida(
            f"Login inválido: {login}. Use letras, números e @ . + - _ (até 150 caracteres).",
            errors={"login": [_mensagens(erro)]},
        ) from erro
    if len(login) > 150:
        raise EntradaInvalida("Login com mais de 150 caracteres.", errors={"login": ["Muito longo."]})
    return login


def _validar_senha(senha: str, usuario: Usuario) -> None:
    try:
        validate_password(senha, user=usuario)
    except ValidationError as erro:
        raise EntradaInvalida(f"Senha recusada: {_mensagens(erro)}", errors={"senha": erro.messages}) from erro


def _perfil(perfil: str) -> str:
    perfil = (perfil or Lotacao.Perfil.BASICO).strip().lower()
    if perfil not in PERFIS:
        opcoes = ", ".join(PERFIS)
        raise EntradaInvalida(f"Perfil inválido: {perfil} (use {opcoes}).", errors={"perfil": ["Inválido."]})
    return perfil


def _lotar(usuario: Usuario, unidades: Iterable[Unidade], perfil: str) -> bool:
    """Make the user active in each unit with the profile; other lotações are left as they are."""
    mudou = False
    for unidade in unidades:
        lotacao, criada = Lotacao.objects.get_or_create(
            usuario=usuario, unidade=unidade, defaults={"perfil": perfil, "ativa": True}
        )
        if criada:
            mudou = True
        elif _aplicar(lotacao, {"perfil": perfil, "ativa": True}):
            lotacao.save(update_fields=["perfil", "ativa"])
            mudou = True
    return mudou


@transaction.atomic
def usuario_criar(
    *,
    login: str,
    nome: str,
    cpf: str,
    email: str,
    senha: str,
    unidades: list[Unidade],
    perfil: str = Lotacao.Perfil.BASICO,
    superusuario: bool = False,
) -> Usuario:
    """A new internal user, lotado in the given units; the password passes Django's validators."""
    if not senha:
        raise EntradaInvalida("Informe a senha.", errors={"senha": ["Campo obrigatório."]})
    usuario, _ = usuario_salvar(
        login=login,
        nome=nome,
        cpf=cpf,
        email=email,
        senha=senha,
        unidades=unidades,
        perfil=perfil,
        superusuario=superusuario,
        somente_criar=True,
    )
    return usuario


@transaction.atomic
def usuario_salvar(
    *,
    login: str,
    nome: str,
    cpf: str,
    email: str,
    unidades: list[Unidade],
    senha: str = "",
    perfil: str = Lotacao.Perfil.BASICO,
    superusuario: bool | None = None,
    somente_criar: bool = False,
) -> tuple[Usuario, Acao]:
    """Create the user or update name, CPF, e-mail and lotações (found by login).

    The password is set only when the user is created (without one, the account has no usable
    password until an administrator sets it); an existing user's password is left alone.
    Lotações are added or updated, never removed (deactivate them in the admin).
    """
    login = _validar_login(login)
    nome = _exigir(nome, "o nome")
    cpf = _validar_cpf(cpf)
    email = _validar_email(email)
    perfil = _perfil(perfil)
    if not unidades:
        raise EntradaInvalida("Informe ao menos uma unidade.", errors={"unidades": ["Campo obrigatório."]})

    usuario = Usuario.objects.select_for_update().filter(username=login).first()
    if usuario is not None and somente_criar:
        raise EntradaInvalida(f"Já existe um usuário com o login {login}.", errors={"login": ["Já existe."]})
    if cpf:
        outro = Usuario.objects.filter(cpf=cpf)
        if usuario is not None:
            outro = outro.exclude(pk=usuario.pk)
        if outro.exists():
            raise EntradaInvalida("CPF já cadastrado para outro usuário.", errors={"cpf": ["Já existe."]})

    valores = {"nome": nome, "cpf": cpf, "email": email}
    if superusuario is not None:
        valores.update(is_staff=superusuario, is_superuser=superusuario)
    if usuario is None:
        usuario = Usuario(username=login, tipo=Usuario.Tipo.INTERNO, **valores)
        _validar_campos(usuario, {"nome": 200})
        if senha:
            _validar_senha(senha, usuario)
            usuario.set_password(senha)
        else:
            usuario.set_unusable_password()
        usuario.save()
        _lotar(usuario, unidades, perfil)
        return usuario, "criado"

    mudou = _aplicar(usuario, valores)
    if mudou:
        _validar_campos(usuario, {"nome": 200})
        usuario.save()
    mudou = _lotar(usuario, unidades, perfil) or mudou
    return usuario, "atualizado" if mudou else "inalterado"


@transaction.atomic
def usuario_externo_criar(*, cpf: str, nome: str, email: str, senha: str) -> Usuario:
    """The account of an external user (citizen, company representative): no lotação, no
    internal principal, login = CPF digits (the portal also accepts the e-mail). The portal's
    registration (``externo.services``) keeps the rest of the record and its approval."""
    cpf = _validar_cpf(cpf)
    if not cpf:
        raise EntradaInvalida("Informe o CPF.", errors={"cpf": ["Campo obrigatório."]})
    nome = _exigir(nome, "o nome")
    email = _validar_email(email)
    if not email:
        raise EntradaInvalida("Informe o e-mail.", errors={"email": ["Campo obrigatório."]})
    if not senha:
        raise EntradaInvalida("Informe a senha.", errors={"senha": ["Campo obrigatório."]})
    if Usuario.objects.filter(Q(cpf=cpf) | Q(username=cpf)).exists():
        raise EntradaInvalida("CPF já cadastrado.", errors={"cpf": ["Já existe um cadastro com este CPF."]})
    if Usuario.objects.filter(email__iexact=email, tipo=Usuario.Tipo.EXTERNO).exists():
        raise EntradaInvalida("E-mail já cadastrado.", errors={"email": ["Já existe um cadastro com este e-mail."]})
    usuario = Usuario(username=cpf, tipo=Usuario.Tipo.EXTERNO, nome=nome, cpf=cpf, email=email)
    _validar_campos(usuario, {"nome": 200})
    _validar_senha(senha, usuario)
    usuario.set_password(senha)
    usuario.save()
    return usuario


@transaction.atomic
def usuario_definir_senha(*, usuario: Usuario, senha: str) -> Usuario:
    """Set a new password (through Django's validators)."""
    _validar_senha(senha, usuario)
    usuario.set_password(senha)
    usuario.save(update_fields=["password"])
    return usuario


# --- Tokens ----------------------------------------------------------------------------------


@transaction.atomic
def token_criar(*, usuario: Usuario) -> Token:
    """The user's API token (``Authorization: Token <key>``): the existing one or a new one."""
    if not usuario.is_active:
        raise EntradaInvalida(f"O usuário {usuario.username} está inativo.", code="usuario_inativo")
    token, _ = Token.objects.get_or_create(user=usuario)
    return token
