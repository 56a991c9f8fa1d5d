"""Setting up a planvakt home: folder, database schema, directory, and optionally a plan
to start from (the demo). Shared by ``planvakt init``, ``planvakt up`` and the web app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from models import Plan
from planvakt.core.db import get_engine, session_scope
from planvakt.core.migrate import upgrade
from planvakt.core.settings import get_settings
from planvakt.services.directory import load_directory


@dataclass(frozen=True)
class HomeReady:
    """What :func:`prepare_home` set up."""

    home: Path
    municipalities: int
    actors: int
    seeded_plan: str | None = None


def prepare_home(seed: Callable[[Session], Plan] | None = None) -> HomeReady:
    """Create the home and database, migrate, load the directory, then run ``seed`` (for
    example the demo plan) in its own transaction. Safe to run again."""
    settings = get_settings()
    settings.resolved_home.mkdir(parents=True, exist_ok=True)
    upgrade(get_engine())
    with session_scope() as session:
        counts = load_directory(session)
    slug = None
    if seed is not None:
        with session_scope() as session:
            slug = seed(session).slug
    return HomeReady(settings.resolved_home, counts.municipalities, counts.actors, slug)
