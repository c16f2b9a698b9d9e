from django.apps import AppConfig


class DocumentosConfig(AppConfig):
    name = "documentos"
    verbose_name = "Documentos"
    # What a backup manifest counts of this app (sei.backup): {name in the manifest: model}.
    contagens_backup = {"documentos": "Documento"}
