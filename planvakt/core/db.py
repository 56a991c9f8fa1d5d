"""Database engine and sessions.

Query functions elsewhere take a ``Session`` and never commit; the caller owns the
transaction through :func:`session_scope`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from models.privacy import PersonalDataFound
from planvakt.core.errors import PrivacyError
from planvakt.core.settings import get_settings


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets foreign keys enforced and a busy timeout."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": 30})
        if url not in ("sqlite://", "sqlite:///:memory:"):
            _pool(kwargs)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    _pool(kwargs)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _pool(kwargs: dict[str, Any]) -> None:
    # Enough kept connections for the dashboard's thread pool: a connection opened past the
    # pool and closed again after one page (PostgreSQL: a new server process; SQLite: the
    # pragmas below) costs far more than the page's queries.
    kwargs.setdefault("pool_size", get_settings().db_pool_size)
    kwargs.setdefault("max_overflow", get_settings().db_pool_size)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, begin transactions (see below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL + NORMAL: durable against crashes of planvakt; a power cut may lose the last
    # commits (for the outbox: a message then counts as unsent and may go twice).
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


READ_ONLY = "planvakt_read_only"  # execution option of a session that only reads


def _sqlite_begin_immediate(connection: Any) -> None:
    # Take the write lock when a transaction starts, so concurrent writers (two sweeps, the
    # CLI beside a flow) wait for each other (busy timeout) instead of failing on a stale
    # snapshot with "database is locked". A read-only session begins no transaction at all:
    # each of its SELECTs reads a consistent snapshot of its own (WAL), never waits for the
    # lock nor holds it, and costs no BEGIN/COMMIT round trip.
    if not connection.get_execution_options().get(READ_ONLY, False):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


_engines: dict[str, Engine] = {}
_last: tuple[object, Engine] | None = None  # the settings object last asked for, its engine


def get_engine() -> Engine:
    """The engine for the configured database (one per URL; see :func:`reset_engine`)."""
    global _last
    settings = get_settings()
    if _last is not None and _last[0] is settings:
        return _last[1]  # same settings: no need to resolve the home path again
    url = settings.resolved_database_url
    if url not in _engines:
        if url.startswith("sqlite:///"):
            settings.resolved_home.mkdir(parents=True, exist_ok=True)
        _engines[url] = make_engine(url)
    _last = (settings, _engines[url])
    return _engines[url]


def reset_engine() -> None:
    """Dispose of every cached engine (tests and settings changes)."""
    global _last
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()
    _last = None
    _session_factory.cache_clear()


@lru_cache(maxsize=16)
def _session_factory(engine: Engine, read_only: bool = False) -> sessionmaker[Session]:
    bind = engine.execution_options(**{READ_ONLY: True}) if read_only else engine
    return sessionmaker(bind=bind, expire_on_commit=False)


@contextmanager
def session_scope(
    engine: Engine | None = None, *, actor: str | None = None, read_only: bool = False
) -> Iterator[Session]:
    """Open a session that commits on success and rolls back on any error.

    Args:
        engine: the engine to use; the configured one by default.
        actor: who is acting, written to every audit entry of this session.
        read_only: the session only reads (pages, feeds): on SQLite it does not take the
            write lock, so readers never queue behind each other or behind a writer.
    """
    session = _session_factory(engine or get_engine(), read_only)()
    session.info["actor"] = actor or get_settings().actor
    try:
        yield session
        session.commit()
    except PersonalDataFound as exc:
        session.rollback()
        raise PrivacyError(exc.code, **exc.params) from None
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
