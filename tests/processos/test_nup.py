import pytest

from processos.nup import digitos_verificadores, formatar_nup, gerar_nup, normalizar_nup, nup_valido


@pytest.mark.parametrize(
    "nup",
    ["52402.004240/2024-30", "19957.000052/2014-19", "52402.014203/2023-59", "52402004240202430"],
)
def test_nups_reais_sao_validos(nup):
    assert nup_valido(nup)


@pytest.mark.parametrize("nup", ["52402.004240/2024-31", "19957.000052/2014-91", "1234", ""])
def test_nup_com_digito_errado_ou_incompleto_e_invalido(nup):
    assert not nup_valido(nup)


def test_gerar_nup_reproduz_numero_real():
    assert gerar_nup(codigo_protocolo="52402", sequencial=4240, ano=2024) == "52402004240202430"
    assert formatar_nup(gerar_nup(codigo_protocolo="19957", sequencial=52, ano=2014)) == "19957.000052/2014-19"


def test_dv_10_vira_0_e_11_vira_1():
    # Exhaustive over one year: every generated number validates, and DVs are always digits.
    for seq in range(1, 2000):
        nup = gerar_nup(codigo_protocolo="00001", sequencial=seq, ano=2026)
        assert nup_valido(nup) and nup[15:].isdigit()
    assert {digitos_verificadores(f"00001{s:06d}2026")[0] for s in range(1, 2000)} >= {"0", "1"}


def test_normalizar_aceita_pontuacao():
    assert normalizar_nup(" 52402.004240/2024-30 ") == "52402004240202430"


def test_gerar_nup_recusa_entradas_fora_do_formato():
    with pytest.raises(ValueError):
        gerar_nup(codigo_protocolo="123", sequencial=1, ano=2026)
    with pytest.raises(ValueError):
        gerar_nup(codigo_protocolo="12345", sequencial=1_000_000, ano=2026)
