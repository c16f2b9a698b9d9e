"""Demo data of the portal (read by assinaturas' ``carregar_demo`` through ``ExternoConfig.demo``):
one external user liberado and one pendente (e-mail confirmed, awaiting the órgão). Safe to run
again; the loader sets and prints their passwords with the other logins."""

import secrets

from sei.models import Usuario
from sei.validators import digitos_verificadores_cpf

from . import services

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
    return linhas
