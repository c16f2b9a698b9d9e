"""The principals of every existing process (``sei.models.Alcance``), derived with the rule of
``processos.services.alcance`` as it stands the day this migration was written, in one
statement per kind of principal (the same SQL on PostgreSQL and SQLite). From now on the services
keep them up to date."""

from django.db import migrations

# Level of the governing process (the main one once annexed): 0 público, 1 restrito, 2 sigiloso.
GOVERNANTE = """
    FROM processos_processo p
    JOIN processos_processo r ON r.id = COALESCE(p.processo_principal_id, p.id)
"""
INSERIR = [
    # The órgão: reads a público, knows a restrito exists.
    f"""INSERT INTO sei_alcance (processo_id, principal, grau)
        SELECT p.id, 'o:' || CAST(r.orgao_id AS TEXT), CASE WHEN r.nivel_acesso_global = 0 THEN 2 ELSE 1 END
        {GOVERNANTE}
        WHERE r.nivel_acesso_global < 2""",
    # The units it passed through read it.
    f"""INSERT INTO sei_alcance (processo_id, principal, grau)
        SELECT p.id, 'u:' || CAST(a.unidade_id AS TEXT), 2
        {GOVERNANTE}
        JOIN processos_atividade a ON a.processo_id = r.id
        WHERE r.nivel_acesso_global < 2""",
    # A sigiloso: each active credential, in its unit.
    f"""INSERT INTO sei_alcance (processo_id, principal, grau)
        SELECT p.id, 'c:' || CAST(c.usuario_id AS TEXT) || ':' || CAST(c.unidade_id AS TEXT), 2
        {GOVERNANTE}
        JOIN processos_credencial c ON c.processo_id = r.id AND c.cassada_em IS NULL
        WHERE r.nivel_acesso_global = 2""",
]


class Migration(migrations.Migration):
    dependencies = [
        ("processos", "0009_somente_insercao_truncate_e_selos"),
        ("sei", "0003_alcance"),
    ]
    operations = [migrations.RunSQL(INSERIR, reverse_sql="DELETE FROM sei_alcance")]
