"""Finding and loading plan templates (the shipped default or one of the user's own)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from models.template import PlanTemplate
from planvakt.core.errors import NotFoundError
from planvakt.core.resources import DATA_DIR
from planvakt.exchange.files import load_document, load_file

TEMPLATE_DIR = DATA_DIR / "templates"


def shipped_templates() -> list[str]:
    """The keys of the templates that ship with planvakt (``default``)."""
    return sorted(p.stem for p in TEMPLATE_DIR.glob("*.yaml"))


def parse_template(data: str | bytes, source: str, fmt: str | None = None) -> PlanTemplate:
    """Validate a plan template given as YAML or JSON text or bytes.

    Args:
        data: the template document.
        source: its name in error locations (file or upload name).
        fmt: ``yaml`` or ``json``; by default from the suffix of ``source``.
    """
    return load_document(data, source, PlanTemplate, fmt)[0]


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
    raise NotFoundError("template.not_found", name=name, known=shipped_templates())
