"""Test setup shared by every layer.

Integration tests run once per database backend: SQLite always, PostgreSQL when
``PLANVAKT_TEST_POSTGRES_URL`` is set (CI also sets ``PLANVAKT_TEST_REQUIRE_POSTGRES=1`` so
an unreachable PostgreSQL fails instead of skipping). Each PostgreSQL session works in a
schema of its own, dropped at the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

import models
from planvakt.core.db import make_engine, reset_engine, session_scope
from planvakt.core.migrate import upgrade
from planvakt.core.settings import reset_settings
from planvakt.services.directory import load_directory

PG_URL = os.environ.get("PLANVAKT_TEST_POSTGRES_URL")
REQUIRE_PG = os.environ.get("PLANVAKT_TEST_REQUIRE_POSTGRES") == "1"
DIRECTORY_TABLES = {"municipality", "actor"}


@pytest.fixture(scope="session", autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Never touch a developer's real planvakt home or database, and speak bokmål (the
    command line's language follows LC_ALL/LC_MESSAGES/LANG, which tests set themselves)."""
    home = tmp_path_factory.mktemp("planvakt-home")
    saved = {
        k: v
        for k, v in os.environ.items()
        if (k.startswith("PLANVAKT_") and not k.startswith("PLANVAKT_TEST_"))
        or k in ("LC_ALL", "LC_MESSAGES", "LANG")
    }
    for key in saved:
        del os.environ[key]
    os.environ["PLANVAKT_HOME"] = str(home)
    reset_settings()
    yield home
    os.environ.pop("PLANVAKT_HOME", None)
    os.environ.update(saved)
    reset_settings()
    reset_engine()


def _postgres_schema_url(schema: str) -> str:
    assert PG_URL is not None
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def new_database(backend: str, tmp_dir: Path) -> tuple[str, Engine, object]:
    """An empty database: returns its URL, an engine and a cleanup callable."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_dir / f'planvakt-{uuid.uuid4().hex[:8]}.db'}"
        engine = make_engine(url)
        return url, engine, engine.dispose
    if PG_URL is None:
        if REQUIRE_PG:
            pytest.fail("PLANVAKT_TEST_POSTGRES_URL is not set but PostgreSQL is required")
        pytest.skip("PostgreSQL not configured (set PLANVAKT_TEST_POSTGRES_URL)")
    schema = f"pvtest_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # unreachable server
        admin.dispose()
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    url = _postgres_schema_url(schema)
    engine = make_engine(url)

    def cleanup() -> None:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return url, engine, cleanup


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def migrated(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Engine]]:
    """A migrated database with the directory loaded, shared by the session's tests."""
    url, engine, cleanup = new_database(backend, tmp_path_factory.mktemp(backend))
    upgrade(engine)
    with session_scope(engine) as session:
        load_directory(session)
    yield url, engine
    cleanup()  # type: ignore[operator]


@pytest.fixture
def engine(migrated: tuple[str, Engine], monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The test database, also configured as planvakt's own (for CLI tests).

    Everything but the directory is emptied after each test.
    """
    url, eng = migrated
    monkeypatch.setenv("PLANVAKT_DATABASE_URL", url)
    reset_settings()
    reset_engine()
    forget_caches()
    yield eng
    reset_engine()
    reset_settings()
    tables = [
        t for t in reversed(models.Base.metadata.sorted_tables) if t.name not in DIRECTORY_TABLES
    ]
    with eng.begin() as conn:
        if eng.dialect.name == "postgresql":
            conn.execute(
                text("TRUNCATE " + ", ".join(t.name for t in tables) + " RESTART IDENTITY CASCADE")
            )
        else:
            for table in tables:
                conn.execute(table.delete())


def forget_caches() -> None:
    """What processes remember between requests, keyed by ids a fresh test database reuses."""
    from planvakt.views.report_cache import plan_reports
    from planvakt.web.deps import forget_users

    plan_reports.clear()
    forget_users()


@pytest.fixture
def session(engine: Engine) -> Iterator[object]:
    """A session whose work is committed at the end of the test (like the CLI's)."""
    with session_scope(engine, actor="test") as s:
        yield s
