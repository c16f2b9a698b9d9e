"""Disponibilizar acesso externo, cancelar, expirar: what the unit and the recipient notice (the
history, the e-mail, who reads what), and that a refused grant leaves nothing behind."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from externo import acessos, selectors, services
from externo.models import AcessoExterno
from externo.tasks import expirar_acessos_externos
from processos.models import Andamento
from processos.services import processo_enviar
from sei import acesso
from sei.exceptions import AcessoNegado, EntradaInvalida, NaoEncontrado, RegraDeNegocio
from sei.models import Alcance
from sei.senhas import SenhaConfirmada
from tests.externo.conftest import com_permissao_de_liberar

pytestmark = pytest.mark.django_db


def principal(usuario):
    return acesso.principal_externo(usuario.pk)


def grau(processo, usuario):
    return (
        Alcance.objects.filter(processo_id=processo.pk, principal=principal(usuario))
        .values_list("grau", flat=True)
        .first()
    )


def le(usuario):
    """The documents the external user reads now, by número SEI, through the portal's selector."""
    ator = selectors.ator_externo(usuario)
    processos = acesso.filtrar_processos_externo(acessos.Processo.objects.all(), ator)
    documentos = {
        d.numero_sei for p in processos for d in selectors.documentos_do_processo(ator=ator, processo=p)
    }
    return {p.pk for p in processos}, documentos


def test_conceder_integral_registra_andamento_avisa_por_email_e_da_leitura(cena, conceder):
    concessao = conceder(cena.a, cena.p, usuario=cena.joao, dias=10)

    assert concessao.valido_ate == timezone.localdate() + timedelta(days=10)
    assert grau(cena.p, cena.joao) == Alcance.Grau.LE
    andamento = cena.p.andamentos.first()
    assert andamento.tipo == Andamento.Tipo.ACESSO_EXTERNO_CONCESSAO
    assert "integral a João Cidadão" in andamento.descricao and "Vista ao interessado" in andamento.descricao
    # Who only knows the process exists reads the event, not the recipient nor the motivo.
    assert andamento.descricao_resumida == "Acesso externo concedido"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [cena.joao.email] and cena.p.nup_formatado in email.subject
    assert f"/externo/processos/{cena.p.nup}/" in email.body
    # Integral: signed and external documents; never the minuta or the cancelled one.
    assert le(cena.joao) == ({cena.p.pk}, {cena.assinado.numero_sei, cena.anexo.numero_sei})


def test_integral_inclui_documentos_futuros_e_parcial_so_os_escolhidos(cena, conceder, criar_documento):
    conceder(cena.a, cena.p, usuario=cena.joao)
    conceder(cena.a, cena.p, usuario=cena.maria, tipo="parcial", documentos=[cena.anexo])
    assert grau(cena.p, cena.maria) == Alcance.Grau.CONHECE

    from tests.factories import bloquear

    novo = bloquear(criar_documento(cena.a, cena.p, conteudo="<p>Novo</p>"))
    assert novo.numero_sei in le(cena.joao)[1]
    assert le(cena.maria) == ({cena.p.pk}, {cena.anexo.numero_sei})


@pytest.mark.parametrize(
    "caso, erro",
    [
        ("senha", AcessoNegado),
        ("sigiloso", RegraDeNegocio),
        ("outra_unidade", RegraDeNegocio),
        ("sem_motivo", EntradaInvalida),
        ("validade_zero", EntradaInvalida),
        ("validade_longa", EntradaInvalida),
        ("cpf_desconhecido", EntradaInvalida),
        ("cpf_pendente", EntradaInvalida),
        ("email_invalido", EntradaInvalida),
        ("parcial_minuta", EntradaInvalida),
        ("parcial_de_outro_processo", EntradaInvalida),
        ("parcial_cancelado", EntradaInvalida),
        ("parcial_vazio", EntradaInvalida),
        ("tipo_invalido", EntradaInvalida),
    ],
)
def test_concessao_recusada_nao_deixa_nada(
    cena, atores, criar_externo, django_capture_on_commit_callbacks, caso, erro
):
    pendente = criar_externo(cpf="39053344705", nome="Pendente", liberado=False).usuario
    args = dict(
        ator=cena.a, processo=cena.p, senha=SenhaConfirmada(usuario_id=cena.a.usuario.pk), tipo="integral",
        motivo="Vista", validade_dias=10, cpf=cena.joao.cpf,
    )  # fmt: skip
    if caso == "senha":
        args["senha"] = SenhaConfirmada(usuario_id=cena.joao.pk)
    elif caso == "sigiloso":
        args["processo"] = cena.s
    elif caso == "outra_unidade":
        processo_enviar(ator=cena.a, processo=cena.q, destinos=[atores["B"].unidade])
        args.update(ator=cena.a, processo=cena.q)
    elif caso == "sem_motivo":
        args["motivo"] = "  "
    elif caso == "validade_zero":
        args["validade_dias"] = 0
    elif caso == "validade_longa":
        args["validade_dias"] = acessos.VALIDADE_MAXIMA_DIAS + 1
    elif caso == "cpf_desconhecido":
        args["cpf"] = "86288366757"
    elif caso == "cpf_pendente":
        args["cpf"] = pendente.cpf
    elif caso == "email_invalido":
        args.update(cpf="", email="não é e-mail")
    elif caso.startswith("parcial"):
        documento = {
            "parcial_minuta": cena.minuta,
            "parcial_de_outro_processo": cena.de_q,
            "parcial_cancelado": cena.cancelado,
        }
        args.update(tipo="parcial", documentos=[documento[caso].numero_sei] if caso in documento else [])
    elif caso == "tipo_invalido":
        args["tipo"] = "total"
    processo = args["processo"]
    andamentos = processo.andamentos.count()
    alcance = set(Alcance.objects.filter(processo_id=processo.pk).values_list("principal", "grau"))

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(erro) as excinfo:
        acessos.acesso_externo_conceder(**args)

    assert excinfo.value.mensagem
    assert not AcessoExterno.objects.exists()
    assert processo.andamentos.count() == andamentos
    assert set(Alcance.objects.filter(processo_id=processo.pk).values_list("principal", "grau")) == alcance
    assert mail.outbox == []


def test_sigiloso_recusa_com_mensagem_clara(cena, conceder):
    with pytest.raises(RegraDeNegocio, match="sigiloso não pode ter acesso externo") as excinfo:
        conceder(cena.a, cena.s, usuario=cena.joao)
    assert excinfo.value.code == "acesso_externo_sigiloso"


def test_cancelar_exige_motivo_registra_andamento_e_acaba_a_leitura(cena, conceder):
    concessao = conceder(cena.a, cena.p, usuario=cena.joao)
    with pytest.raises(EntradaInvalida):
        acessos.acesso_externo_cancelar(ator=cena.a, processo=cena.p, acesso_id=concessao.pk, motivo="")
    assert grau(cena.p, cena.joao) == Alcance.Grau.LE

    acessos.acesso_externo_cancelar(
        ator=cena.a, processo=cena.p, acesso_id=concessao.pk, motivo="Pedido atendido"
    )

    concessao.refresh_from_db()
    assert concessao.situacao == "cancelado" and concessao.cancelado_por == cena.a.usuario
    assert grau(cena.p, cena.joao) is None
    assert le(cena.joao) == (set(), set())
    andamento = cena.p.andamentos.first()
    assert (
        andamento.tipo == Andamento.Tipo.ACESSO_EXTERNO_CANCELAMENTO
        and "Pedido atendido" in andamento.descricao
    )
    with pytest.raises(RegraDeNegocio):
        acessos.acesso_externo_cancelar(
            ator=cena.a, processo=cena.p, acesso_id=concessao.pk, motivo="De novo"
        )
    with pytest.raises(NaoEncontrado):  # a grant of another process, by its id
        acessos.acesso_externo_cancelar(ator=cena.a, processo=cena.q, acesso_id=concessao.pk, motivo="x")


def test_validade_vencida_acaba_sozinha_e_o_beat_marca(cena, conceder):
    concessao = conceder(cena.a, cena.p, usuario=cena.joao, dias=1)
    assert le(cena.joao)[0] == {cena.p.pk}

    # The day after the last valid day, before any sweep: nothing is read any more.
    AcessoExterno.objects.filter(pk=concessao.pk).update(valido_ate=timezone.localdate() - timedelta(days=1))
    assert le(cena.joao) == (set(), set())
    assert grau(cena.p, cena.joao) == Alcance.Grau.LE  # the state still holds it until the beat

    assert expirar_acessos_externos.delay().get() == 1
    concessao.refresh_from_db()
    assert concessao.expirado_em is not None and concessao.situacao == "expirado"
    assert grau(cena.p, cena.joao) is None
    assert expirar_acessos_externos.delay().get() == 0  # a rerun is a no-op


def test_acesso_por_email_vale_quando_o_cadastro_e_liberado(cena, conceder, criar_externo):
    concessao = conceder(cena.a, cena.p, email="Nova@Exemplo.com.br")
    assert concessao.usuario is None and concessao.email == "nova@exemplo.com.br"
    assert "cadastre-se" in mail.outbox[0].body and mail.outbox[0].to == ["nova@exemplo.com.br"]

    nova = criar_externo(
        cpf="39053344705", nome="Nova", email="nova@exemplo.com.br", liberado=False, email_confirmado=True
    ).usuario
    assert le(nova) == (set(), set())  # pending: not yet

    services.cadastro_liberar(ator=com_permissao_de_liberar(cena.a), usuario=nova)
    nova.cadastro_externo.refresh_from_db()
    concessao.refresh_from_db()
    assert concessao.usuario == nova
    assert le(nova)[0] == {cena.p.pk}


def test_acesso_por_email_de_usuario_liberado_vincula_na_hora(cena, conceder):
    concessao = conceder(cena.a, cena.p, email=cena.joao.email.upper())
    assert concessao.usuario == cena.joao
    assert le(cena.joao)[0] == {cena.p.pk}


def test_processo_anexado_a_outro_perde_o_acesso_externo(cena, conceder, criar_processo):
    from processos.services import processo_anexar

    conceder(cena.a, cena.p, usuario=cena.joao)
    principal_ = criar_processo(cena.a)
    processo_anexar(ator=cena.a, processo=principal_, anexado=cena.p)
    assert grau(cena.p, cena.joao) is None
    assert le(cena.joao) == (set(), set())


def test_verificar_alcance_confere_e_corrige_o_principal_externo(cena, conceder, capsys):
    from django.core.management import call_command

    conceder(cena.a, cena.p, usuario=cena.joao)
    Alcance.objects.filter(principal=principal(cena.joao)).delete()  # lost in a partial restore
    Alcance.objects.create(
        processo_id=cena.q.pk, principal=principal(cena.maria), grau=Alcance.Grau.LE
    )  # forged
    with pytest.raises(SystemExit):
        call_command("verificar_alcance")
    assert cena.p.nup_formatado in capsys.readouterr().err
    call_command("verificar_alcance", "--corrigir")
    assert grau(cena.p, cena.joao) == Alcance.Grau.LE
    assert grau(cena.q, cena.maria) is None
    assert le(cena.maria) == (set(), set())


def test_principal_externo_nunca_vai_para_o_indice_da_busca(cena, conceder):
    conceder(cena.a, cena.p, usuario=cena.joao)
    leitores = set(
        Alcance.objects.filter(processo_id=cena.p.pk, grau=Alcance.Grau.LE).values_list(
            "principal", flat=True
        )
    )
    assert principal(cena.joao) in leitores
    assert principal(cena.joao) not in acesso.leitores_do_processo(cena.p, leitores)
    cena.anexo.processo = cena.p
    indexados = acesso.leitores_do_conteudo(
        cena.anexo, leitores, orgao_da_geradora=cena.a.unidade.orgao_id, compartilhado_com=[]
    )
    assert indexados and principal(cena.joao) not in indexados


def test_usuario_desativado_nao_le_nem_pelo_seletor(cena, conceder):
    conceder(cena.a, cena.p, usuario=cena.joao)
    services.cadastro_desativar(ator=com_permissao_de_liberar(cena.a), usuario=cena.joao, motivo="Fraude")
    cena.joao.refresh_from_db()
    assert le(cena.joao) == (set(), set())


def test_processo_que_vira_sigiloso_perde_o_acesso_externo(cena, conceder):
    from processos.models import NivelAcesso
    from processos.services import processo_alterar
    from tests.factories import hipotese

    conceder(cena.a, cena.p, usuario=cena.joao)
    processo_alterar(
        ator=cena.a,
        processo=cena.p,
        nivel_acesso=NivelAcesso.SIGILOSO,
        hipotese_legal=hipotese(NivelAcesso.SIGILOSO),
    )
    assert grau(cena.p, cena.joao) is None
    assert le(cena.joao) == (set(), set())
