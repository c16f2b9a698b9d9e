from sei import services
from sei.management.base import Comando


class Command(Comando):
    help = "Mostra a chave de API do usuário (cria uma se ainda não houver). Imprime somente a chave."

    def add_arguments(self, parser):
        parser.add_argument("login")

    def handle(self, *args, **opcoes):
        token = services.token_criar(usuario=services.usuario_por_login(opcoes["login"]))
        self.stdout.write(token.key)
