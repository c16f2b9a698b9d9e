from sei import services
from sei.management.base import Comando
from sei.models import Lotacao


class Command(Comando):
    help = "Cria um usuário interno lotado em uma ou mais unidades."

    def add_arguments(self, parser):
        parser.add_argument("--login", required=True)
        parser.add_argument("--nome", required=True)
        parser.add_argument("--cpf", required=True, help="Com ou sem pontuação; os dígitos verificadores são conferidos.")
        parser.add_argument("--email", required=True)
        parser.add_argument("--senha", required=True, help="Passa pelos validadores de senha do Django.")
        parser.add_argument(
            "--unidade",
            action="append",
            required=True,
            metavar="SIGLA",
            help="Unidade de lotação (repita para várias). Use ORGAO:SIGLA se a sigla existir em mais de um órgão.",
        )
        parser.add_argument("--perfil", choices=[p.value for p in Lotacao.Perfil], default=Lotacao.Perfil.BASICO)
        parser.add_argument(
            "--superusuario", action="store_true", help="Também dá acesso total à administração (/admin/)."
        )

    def handle(self, *args, **opcoes):
        unidades = [services.unidade_por_referencia(sigla) for sigla in opcoes["unidade"]]
        usuario = services.usuario_criar(
            login=opcoes["login"],
            nome=opcoes["nome"],
            cpf=opcoes["cpf"],
            email=opcoes["email"],
            senha=opcoes["senha"],
            unidades=unidades,
            perfil=opcoes["perfil"],
            superusuario=opcoes["superusuario"],
        )
        siglas = ", ".join(u.sigla for u in unidades)
        self.stdout.write(f"Usuário {usuario.username} criado, lotado em {siglas} ({opcoes['perfil']}).")
