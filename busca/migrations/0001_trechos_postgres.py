"""The PostgreSQL full-text index (``busca.backends.postgres``): a table of its own, created on
PostgreSQL only (the embedded SQLite mode searches with Whoosh)."""

from django.db import migrations

from busca.backends.postgres import APAGAR, CRIAR


def criar(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CRIAR)


def apagar(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APAGAR)


class Migration(migrations.Migration):
    dependencies = [("sei", "0004_pendencia_indice")]

    operations = [migrations.RunPython(criar, apagar)]
