"""Finding and loading plan templates (the shipped default or a file of the user's own)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from models.template import PlanTemplate
from planvakt.core.errors import NotFoundError
from planvakt.core.resources import DATA_DIR
from planvakt.exchange.files import load_file

TEMPLATE_DIR = DATA_DIR / "templates"


def shipped_templates() -> list[str]:
    return sorted(p.stem for p in TEMPLATE_DIR.glob("*.yaml"))


@lru_cache(maxsize=16)
def _load_shipped(key: str) -> PlanTemplate:
    return load_file(TEMPLATE_DIR / f"{key}.yaml", PlanTemplate)


def load_template(name: str) -> PlanTemplate:
    """Load a shipped template by key (``default``) or a template file by path."""
    if name in shipped_templates():
        return _load_shipped(name)
    path = Path(name)
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        return load_file(path, PlanTemplate)
    known = ", ".join(shipped_templates())
    raise NotFoundError(f"ukjent mal '{name}'; kjente maler: {known}, eller oppgi en YAML-fil")
