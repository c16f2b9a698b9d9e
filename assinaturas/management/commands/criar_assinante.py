"""``manage.py criar_assinante``: let a user sign with a cargo/função (SEI's "Assinantes")."""

from assinaturas import provisionamento
from sei import services
from sei.management.base import Comando


class Command(Comando):
    help = (
        "Permite a um usuário assinar documentos com um cargo/função, nas unidades informadas "
        "(sem --unidade: em todas as unidades do órgão da sua primeira lotação ativa). Pode ser "
        "executado de novo: acrescenta unidades, nunca as remove."
    )

    def add_arguments(self, parser):
        parser.add_argument("--login", required=True)
        parser.add_argument(
            "--cargo", required=True, help='Como sai na assinatura, ex.: "Analista Administrativo".'
        )
        parser.add_argument(
            "--unidade",
            action="append",
            default=[],
            metavar="SIGLA",
            help=(
                "Unidade em que o cargo vale (repita para várias, todas do mesmo órgão). Use ORGAO:SIGLA "
                "se a sigla existir em mais de um órgão."
            ),
        )

    def handle(self, *args, **opcoes):
        usuario = services.usuario_por_login(opcoes["login"])
        unidades = [services.unidade_por_referencia(sigla) for sigla in opcoes["unidade"]]
        assinante, acao = provisionamento.assinante_salvar(
            usuario=usuario, cargo=opcoes["cargo"], unidades=unidades
        )
        siglas = sorted(assinante.unidades.values_list("sigla", flat=True))
        onde = f"nas unidades {', '.join(siglas)}" if siglas else "em todas as unidades do órgão"
        situacao = {"criado": "criado", "atualizado": "atualizado", "inalterado": "já existia, sem mudanças"}[acao]
        self.stdout.write(
            f"Assinante {usuario.username} — {assinante.cargo} (órgão {assinante.orgao.sigla}) {situacao}: "
            f"assina {onde}."
        )
