"""``manage.py criar_certificado_orgao``: the internal root and the órgãos' seal certificates
(``assinaturas.chaves``). Safe to run again: an órgão that has a seal in use keeps it unless
``--renovar`` asks for a new one (the old one stays, inactive, to verify what it signed)."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from assinaturas import chaves
from assinaturas.models import CertificadoOrgao
from sei import services
from sei.management.base import Comando
from sei.models import Orgao


def _data(momento) -> str:
    return timezone.localtime(momento).strftime("%d/%m/%Y")


def _descricao(certificado: CertificadoOrgao) -> str:
    return (
        f"{certificado.sujeito}, série {certificado.serial}, "
        f"válido de {_data(certificado.valido_de)} até {_data(certificado.valido_ate)}"
    )


def _chave_presente(certificado: CertificadoOrgao) -> bool:
    return bool(certificado.arquivo_chave) and (Path(settings.SEI_CHAVES_DIR) / certificado.arquivo_chave).is_file()


class Command(Comando):
    help = (
        "Cria a raiz interna (se faltar) e o certificado de selo dos órgãos que ainda não têm um em uso; "
        "as chaves ficam em SEI_CHAVES_DIR, protegidas por SEI_CHAVES_SENHA. Pode ser executado de novo: "
        "sem --renovar, o que já existe não muda."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--orgao", action="append", default=[], metavar="SIGLA", help="Sigla do órgão (repita para vários)."
        )
        parser.add_argument("--todos", action="store_true", help="Todos os órgãos ativos.")
        parser.add_argument(
            "--renovar",
            action="store_true",
            help="Cria um selo novo mesmo para quem já tem um em uso; o anterior fica inativo e continua "
            "conferindo o que assinou.",
        )
        parser.add_argument(
            "--anos", type=int, default=5, help="Validade do selo em anos (padrão 5; nunca além da validade da raiz)."
        )

    def handle(self, *args, **opcoes):
        self.verbosity = opcoes["verbosity"]
        if not opcoes["orgao"] and not opcoes["todos"]:
            raise CommandError("Informe --orgao SIGLA (repita para vários órgãos) ou --todos.")
        if opcoes["anos"] < 1:
            raise CommandError("--anos: informe um número inteiro de anos, 1 ou mais.")
        if not settings.SEI_CHAVES_SENHA:
            raise CommandError(
                "SEI_CHAVES_SENHA não configurada: é a senha que protege as chaves de assinatura "
                "(veja o README, variáveis de ambiente)."
            )
        # Every sigla is checked before any key is made: a typo changes nothing.
        orgaos: dict[int, Orgao] = {}
        for sigla in opcoes["orgao"]:
            orgao = services.orgao_por_sigla(sigla)
            orgaos.setdefault(orgao.pk, orgao)
        if opcoes["todos"]:
            for orgao in Orgao.objects.filter(ativo=True).order_by("sigla"):
                orgaos.setdefault(orgao.pk, orgao)

        try:
            raiz = self._raiz()
            for orgao in orgaos.values():
                self._selo(orgao, raiz=raiz, renovar=opcoes["renovar"], anos=opcoes["anos"])
        except ImproperlyConfigured as erro:
            raise CommandError(str(erro)) from erro
        if opcoes["todos"] and not orgaos:
            self._informar("Nenhum órgão ativo: só a raiz interna foi conferida.")

    def _informar(self, mensagem: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(mensagem)

    def _raiz(self) -> CertificadoOrgao:
        raiz = chaves.raiz()
        if raiz is None:
            raiz = chaves.criar_raiz()
            self._informar(f"Raiz interna criada: {_descricao(raiz)}.")
        else:
            self._informar(f"Raiz interna já existe: {_descricao(raiz)}.")
        return raiz

    def _selo(self, orgao: Orgao, *, raiz: CertificadoOrgao, renovar: bool, anos: int) -> None:
        with transaction.atomic():
            # One run at a time per órgão: two at once would both find no seal and make two.
            Orgao.objects.select_for_update().filter(pk=orgao.pk).first()
            atual = CertificadoOrgao.objects.filter(tipo=CertificadoOrgao.Tipo.SELO, orgao=orgao, ativo=True).first()
            if atual is not None and not renovar:
                self._informar(
                    f"Órgão {orgao.sigla} já tem selo em uso: {_descricao(atual)} (--renovar cria outro)."
                )
                if atual.valido_ate <= timezone.now():
                    self.stderr.write(f"Atenção: o selo do órgão {orgao.sigla} venceu; use --renovar.")
                elif not _chave_presente(atual):
                    self.stderr.write(
                        f"Atenção: o arquivo da chave do selo do órgão {orgao.sigla} ({atual.arquivo_chave}) não "
                        f"está em SEI_CHAVES_DIR: restaure-o do backup ou use --renovar."
                    )
                return
            if not _chave_presente(raiz):
                raise CommandError(
                    f"A chave da raiz interna ({raiz.arquivo_chave or 'guardada fora do servidor'}) não está em "
                    f"SEI_CHAVES_DIR ({settings.SEI_CHAVES_DIR}): sem ela não há como emitir o selo do órgão "
                    f"{orgao.sigla}. Restaure-a do backup das chaves."
                )
            try:
                novo = chaves.criar_selo(orgao, anos=anos)
            except ValueError as erro:  # the PKCS#12 of the root did not open
                raise CommandError(
                    "Não foi possível abrir a chave da raiz interna: SEI_CHAVES_SENHA não é a senha com que "
                    "ela foi gravada, ou o arquivo está corrompido."
                ) from erro
        if atual is None:
            self._informar(f"Selo do órgão {orgao.sigla} criado: {_descricao(novo)}.")
        else:
            self._informar(
                f"Selo do órgão {orgao.sigla} renovado: {_descricao(novo)}. O anterior (série {atual.serial}) "
                "fica inativo e continua conferindo o que assinou."
            )
