from sei import services
from sei.management.base import Comando


class Command(Comando):
    help = "Cria uma unidade de um órgão, opcionalmente subordinada a outra."

    def add_arguments(self, parser):
        parser.add_argument("--orgao", required=True, help="Sigla do órgão.")
        parser.add_argument("--sigla", required=True)
        parser.add_argument("--nome", required=True)
        parser.add_argument("--superior", help="Sigla da unidade superior (no mesmo órgão).")
        parser.add_argument("--email", default="", help="E-mail que recebe os avisos de processos recebidos.")
        parser.add_argument(
            "--nao-recebe", action="store_true", help="A unidade não pode receber processos."
        )

    def handle(self, *args, **opcoes):
        orgao = services.orgao_por_sigla(opcoes["orgao"])
        superior = services.unidade_por_sigla(orgao, opcoes["superior"]) if opcoes["superior"] else None
        unidade = services.unidade_criar(
            orgao=orgao,
            sigla=opcoes["sigla"],
            nome=opcoes["nome"],
            superior=superior,
            email=opcoes["email"],
            recebe_processos=not opcoes["nao_recebe"],
        )
        self.stdout.write(f"Unidade {unidade.hierarquia} criada no órgão {orgao.sigla}.")
