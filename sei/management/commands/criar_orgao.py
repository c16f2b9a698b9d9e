from sei import services
from sei.management.base import Comando


class Command(Comando):
    help = "Cria um órgão (sigla, nome e o código de protocolo de 5 dígitos usado no NUP)."

    def add_arguments(self, parser):
        parser.add_argument("--sigla", required=True)
        parser.add_argument("--nome", required=True)
        parser.add_argument("--codigo-protocolo", required=True, help="Cinco dígitos, por exemplo 52402.")

    def handle(self, *args, **opcoes):
        orgao = services.orgao_criar(
            sigla=opcoes["sigla"], nome=opcoes["nome"], codigo_protocolo=opcoes["codigo_protocolo"]
        )
        self.stdout.write(f"Órgão {orgao.sigla} criado (código de protocolo {orgao.codigo_protocolo}).")
