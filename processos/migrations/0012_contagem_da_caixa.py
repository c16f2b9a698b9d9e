"""The inbox counters (``ContagemCaixa``): each open row of a process in the normal state that its
unit's principal sees is counted under its origem, derived for the existing rows with the rule of
``processos.services.contagem`` as it stands the day this migration was written (the same SQL on
PostgreSQL and SQLite). From now on the services keep them up to date."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DERIVAR = [
    """UPDATE processos_atividade SET contada_como = origem
       WHERE aberta
         AND EXISTS (SELECT 1 FROM processos_processo p WHERE p.id = processos_atividade.processo_id
                     AND p.estado = 'normal')
         AND EXISTS (SELECT 1 FROM sei_alcance al WHERE al.processo_id = processos_atividade.processo_id
                     AND al.principal = 'u:' || CAST(processos_atividade.unidade_id AS TEXT))""",
    """INSERT INTO processos_contagemcaixa (unidade_id, origem, total)
       SELECT unidade_id, contada_como, COUNT(*) FROM processos_atividade
       WHERE contada_como <> '' GROUP BY unidade_id, contada_como""",
]


def sem_planos_paralelos(apps, schema_editor):
    """Every read of ``processos_atividade`` is a small indexed one (an inbox page, a unit's rows
    left out of the counter, a process's units); a parallel plan only adds the start of two
    workers (~5 ms of CPU each under load), and the planner picks one for the few rows outside
    the counter whenever its partial index has grown past 512 kB with dead entries."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE processos_atividade SET (parallel_workers = 0)")


def com_planos_paralelos(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE processos_atividade RESET (parallel_workers)")


class Migration(migrations.Migration):

    dependencies = [
        ('processos', '0011_leitura_historico_e_dados'),
        ('sei', '0003_alcance'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ContagemCaixa',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('origem', models.CharField(choices=[('gerado', 'Gerado'), ('recebido', 'Recebido')], max_length=10)),
                ('total', models.IntegerField(default=0)),
            ],
        ),
        migrations.AddField(
            model_name='atividade',
            name='contada_como',
            field=models.CharField(blank=True, db_default='', default='', editable=False, max_length=10),
        ),
        migrations.AddField(
            model_name='contagemcaixa',
            name='unidade',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='sei.unidade'),
        ),
        migrations.AddConstraint(
            model_name='contagemcaixa',
            constraint=models.UniqueConstraint(fields=('unidade', 'origem'), name='contagem_caixa_unica'),
        ),
        migrations.RunSQL(DERIVAR, reverse_sql=migrations.RunSQL.noop),
        # After the rows are marked: the partial index is built holding only the few rows left out.
        migrations.AddIndex(
            model_name='atividade',
            index=models.Index(condition=models.Q(('aberta', True), ('contada_como', '')), fields=['unidade', 'origem'], include=('processo',), name='atividade_fora_da_contagem'),
        ),
        migrations.RunPython(sem_planos_paralelos, com_planos_paralelos),
    ]
