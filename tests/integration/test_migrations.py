from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import models
from planvakt.core.migrate import current_revision, upgrade
from tests.conftest import new_database


def test_upgrade_head_on_an_empty_database_creates_every_table(backend, tmp_path) -> None:
    _url, engine, cleanup = new_database(backend, tmp_path)
    try:
        upgrade(engine)
        tables = set(inspect(engine).get_table_names())
        assert set(models.Base.metadata.tables) <= tables
        assert current_revision(engine) is not None
        upgrade(engine)  # a second upgrade is a no-op
    finally:
        cleanup()


def test_models_and_migrations_agree(migrated) -> None:
    _url, engine = migrated
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, models.Base.metadata)
    assert diff == []
