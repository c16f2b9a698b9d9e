from externo import services
from sei.management.base import Comando


class Command(Comando):
    help = "Cria um usuário externo (cidadão, representante de empresa) para o portal."

    def add_arguments(self, parser):
        parser.add_argument("--cpf", required=True, help="Com ou sem pontuação; é o login do portal.")
        parser.add_argument("--nome", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--senha", required=True, help="Passa pelos validadores de senha do Django.")
        parser.add_argument(
            "--liberado",
            action="store_true",
            help="Já liberado (e-mail dado como confirmado); sem isto, fica pendente de liberação.",
        )

    def handle(self, *args, **opcoes):
        cadastro = services.cadastro_criar(
            cpf=opcoes["cpf"],
            nome=opcoes["nome"],
            email=opcoes["email"],
            senha=opcoes["senha"],
            liberado=opcoes["liberado"],
            email_confirmado=opcoes["liberado"],
        )
        situacao = cadastro.get_situacao_display().lower()
        self.stdout.write(f"Usuário externo {cadastro.usuario.username} criado ({situacao}).")
