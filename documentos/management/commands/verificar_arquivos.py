"""Integrity check of the stored files (paperless "sanity checker" pattern, SECURITY.md §3).

Every external document's file must exist and match the SHA-256 recorded at upload; cached
rendered PDFs are checked against theirs (derived data: a bad one is reported, not counted as
a problem, and rendered again on its next read); files
under ``documentos/`` that no document names are orphans (a write whose transaction never
committed, a failed cleanup); export files past their expiry should be gone. Reports by
número SEI and storage name only, never content. Exit code 1 when a file is missing or corrupt.
"""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from documentos import arquivos
from documentos.arquivos.gravacao import ERROS_DE_ARMAZENAMENTO
from documentos.models import Documento, Exportacao, PdfRenderizado, UploadPendente
from documentos.services.varredura import retomar_pendentes

PREFIXO = "documentos"


def listar_recursivo(storage, pasta: str):
    """Every file name under ``pasta`` (FileSystemStorage and S3Storage both implement listdir)."""
    try:
        pastas, nomes = storage.listdir(pasta)
    except FileNotFoundError:
        return
    for nome in nomes:
        yield f"{pasta}/{nome}"
    for sub in pastas:
        yield from listar_recursivo(storage, f"{pasta}/{sub}")


def _ler_tudo(nome: str, sha256: str, storage) -> None:
    with arquivos.abrir_verificado(nome, sha256, storage=storage) as leitor:
        for _ in leitor:  # large files are verified while streamed
            pass


class Command(BaseCommand):
    help = (
        "Confere os arquivos dos documentos externos (existência e SHA-256), lista arquivos órfãos "
        "e exportações vencidas; com --apagar-orfaos, apaga os órfãos antigos e as exportações vencidas."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apagar-orfaos",
            action="store_true",
            help="Apaga os arquivos órfãos mais antigos que --horas e os arquivos de exportações vencidas.",
        )
        parser.add_argument(
            "--horas",
            type=int,
            default=24,
            help="Idade mínima (em horas) de um órfão para ser apagado; protege envios em andamento (padrão 24).",
        )

    def handle(self, *args, **opcoes):
        if opcoes["horas"] < 0:
            raise CommandError("--horas não pode ser negativo.")
        storage = default_storage
        problemas = self._documentos(storage)
        self._pdfs_em_cache(storage)
        self._orfaos(storage, apagar=opcoes["apagar_orfaos"], horas=opcoes["horas"])
        self._exportacoes_vencidas(storage, apagar=opcoes["apagar_orfaos"])
        if problemas:
            self.stderr.write(self.style.ERROR(f"{problemas} arquivo(s) ausente(s) ou corrompido(s)."))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("Arquivos dos documentos conferidos: nenhum problema."))

    def _documentos(self, storage) -> int:
        problemas = verificados = 0
        externos = (
            Documento.objects.filter(natureza=Documento.Natureza.EXTERNO)
            .exclude(arquivo_nome="")
            .only("numero_sei", "arquivo_nome", "arquivo_sha256")
            .order_by("numero_sei")
        )
        for doc in externos.iterator(chunk_size=500):
            verificados += 1
            try:
                existe = storage.exists(doc.arquivo_nome)
                if existe:
                    _ler_tudo(doc.arquivo_nome, doc.arquivo_sha256, storage)
            except arquivos.ArquivoCorrompido:
                problemas += 1
                self.stderr.write(
                    f"CORROMPIDO  SEI {doc.numero_sei_formatado}: {doc.arquivo_nome} (SHA-256 não confere)"
                )
                continue
            except (arquivos.ArmazenamentoIndisponivel, *ERROS_DE_ARMAZENAMENTO):
                problemas += 1
                self.stderr.write(f"ILEGÍVEL    SEI {doc.numero_sei_formatado}: {doc.arquivo_nome}")
                continue
            if not existe:
                problemas += 1
                self.stderr.write(f"AUSENTE     SEI {doc.numero_sei_formatado}: {doc.arquivo_nome}")
        self.stdout.write(f"{verificados} arquivo(s) de documentos externos conferido(s).")
        return problemas

    def _pdfs_em_cache(self, storage) -> None:
        conferidos = ruins = 0
        registros = PdfRenderizado.objects.exclude(sha256="").only("arquivo_nome", "sha256").order_by("pk")
        for registro in registros.iterator(chunk_size=500):
            conferidos += 1
            try:
                _ler_tudo(registro.arquivo_nome, registro.sha256, storage)
            except (arquivos.ArquivoCorrompido, arquivos.ArmazenamentoIndisponivel, *ERROS_DE_ARMAZENAMENTO):
                ruins += 1
                self.stdout.write(
                    f"PDF EM CACHE ausente ou alterado (será gerado de novo): {registro.arquivo_nome}"
                )
        self.stdout.write(f"{conferidos} PDF(s) em cache conferido(s); {ruins} a gerar de novo.")

    def _orfaos(self, storage, *, apagar: bool, horas: int) -> None:
        referenciados = set(Documento.objects.exclude(arquivo_nome="").values_list("arquivo_nome", flat=True))
        # Files kept by the external-document form after a validation error (swept when abandoned).
        referenciados |= set(UploadPendente.objects.values_list("arquivo_nome", flat=True))
        limite = timezone.now() - timedelta(hours=horas)
        orfaos = apagados = 0
        for nome in listar_recursivo(storage, PREFIXO):
            if nome in referenciados:
                continue
            orfaos += 1
            modificado = storage.get_modified_time(nome)
            if apagar and modificado < limite:
                if arquivos.apagar(nome, storage=storage):
                    apagados += 1
                    self.stdout.write(f"ÓRFÃO apagado: {nome}")
                    continue
            recente = "" if modificado < limite else f" (mais novo que {horas} h: mantido)"
            self.stdout.write(f"ÓRFÃO: {nome}{recente}")
        if orfaos:
            self.stdout.write(f"{orfaos} arquivo(s) órfão(s); {apagados} apagado(s).")

    def _exportacoes_vencidas(self, storage, *, apagar: bool) -> None:
        vencidas = list(
            Exportacao.objects.filter(expira_em__lt=timezone.now())
            .exclude(arquivo_nome="")
            .values_list("arquivo_nome", flat=True)
        )
        for nome in vencidas:
            estado = "apagada" if apagar else "vencida ainda guardada"
            self.stdout.write(f"Exportação {estado}: {nome}")
        if apagar and vencidas:
            # The beat sweeper already drops expired export files (and clears their names);
            # run it now instead of writing the rows here.
            retomar_pendentes()
