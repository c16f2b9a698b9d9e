from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('externo', '0010_peticao_recibo_enviado'),
    ]

    operations = [
        migrations.AddField(
            model_name='manifestacao',
            name='confirmacao_enviada_em',
            field=models.DateTimeField(blank=True, null=True, verbose_name='link de confirmação enviado por e-mail em'),
        ),
        migrations.AddField(
            model_name='manifestacao',
            name='recibo_enviado_em',
            field=models.DateTimeField(blank=True, null=True, verbose_name='recibo enviado por e-mail em'),
        ),
        # Manifestations before these fields had their e-mails sent already (after the request's commit).
        migrations.RunSQL(
            "UPDATE externo_manifestacao SET confirmacao_enviada_em = criada_em, recibo_enviado_em = confirmada_em",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
