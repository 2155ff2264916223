"""The audit tables are append-only: the database itself refuses UPDATE, DELETE and TRUNCATE,
so that not even the application's own code can change or remove an event or a checkpoint.

PostgreSQL: BEFORE row triggers (UPDATE, DELETE) and a statement trigger (TRUNCATE) that raise.
Only the table owner can disable them (ALTER TABLE ... DISABLE TRIGGER) and only a superuser can
skip them (session_replication_role); in production the application connects as a role that is
neither (docker/ and README). Whoever can do either can also rewrite the table: that is what the
hash chain and the signed checkpoints outside the database detect.

SQLite (make run): BEFORE UPDATE/DELETE triggers that abort. SQLite has no TRUNCATE; "DELETE
FROM" fires the delete trigger. Beware: SQLite re-creates a table to alter it, which drops its
triggers; a later migration that alters these tables on SQLite must install them again
(``install_triggers`` below does it idempotently).
"""

from django.db import migrations

TABLES = ("audit_auditevent", "audit_auditcheckpoint")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def install_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)  # the % are PL/pgSQL format
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()"
            )
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            for operation in ("UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} "
                    f"BEFORE {operation} ON {table} BEGIN "
                    f"SELECT RAISE(ABORT, 'audit log is append-only: {operation} on {table} "
                    "refused'); END"
                )


def remove_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        elif vendor == "sqlite":
            for operation in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_format_2")]

    operations = [migrations.RunPython(install_triggers, remove_triggers)]
