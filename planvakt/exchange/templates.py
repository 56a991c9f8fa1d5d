"""Finding and loading plan templates (a shipped one or one of the user's own).

A template may be a variant of a shipped one: ``extends: default`` and only what differs
(see :func:`merge_variant`), so the process is written down once.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from models.template import PlanTemplate
from planvakt.core.errors import Location, NotFoundError, ValidationError
from planvakt.core.resources import DATA_DIR
from planvakt.exchange.files import Locator, decode, format_for, parse, read_file, validate

TEMPLATE_DIR = DATA_DIR / "templates"

# The lists whose entries a variant changes by key, and within a phase its checkpoints.
_KEYED_LISTS = ("services", "phases")
_PHASE_LISTS = ("checkpoints",)


def shipped_templates() -> list[str]:
    """The keys of the templates that ship with planvakt (``default``, ``hkh``)."""
    return sorted(p.stem for p in TEMPLATE_DIR.glob("*.yaml"))


def parse_template(data: str | bytes, source: str, fmt: str | None = None) -> PlanTemplate:
    """Validate a plan template given as YAML or JSON text or bytes.

    A document with ``extends: <shipped template>`` is merged onto that template first
    (:func:`merge_variant`); its errors then name the field in the merged template.

    Args:
        data: the template document.
        source: its name in error locations (file or upload name).
        fmt: ``yaml`` or ``json``; by default from the suffix of ``source``.
    """
    document, node = _read(data, source, fmt)
    if isinstance(document, dict) and "extends" in document:
        base = _base_document(document["extends"], Locator(source, node)("extends"))
        return validate(PlanTemplate, merge_variant(base, document), source)
    return validate(PlanTemplate, document, source, node)


def merge_variant(base: dict[str, Any], variant: dict[str, Any]) -> dict[str, Any]:
    """A variant template (``extends``) written out in full.

    What the variant gives replaces the base's, except: ``defaults`` changes only the values
    given; ``services`` and ``phases`` change their entries by ``key`` (the fields given
    replace the base's, a new key is added at the end); within a phase, ``checkpoints``
    change the same way. A variant that changes a checkpoint's timing gives all of it.
    """
    merged = dict(base)
    for field, value in variant.items():
        if field == "extends":
            continue
        old = base.get(field)
        if field == "defaults" and isinstance(old, dict) and isinstance(value, dict):
            merged[field] = {**old, **value}
        elif field in _KEYED_LISTS and isinstance(old, list) and isinstance(value, list):
            merged[field] = _merge_by_key(old, value, _PHASE_LISTS if field == "phases" else ())
        else:
            merged[field] = value
    return merged


def _merge_by_key(base: list[Any], changes: list[Any], nested: tuple[str, ...] = ()) -> list[Any]:
    merged = list(base)
    index = {item.get("key"): i for i, item in enumerate(base) if isinstance(item, dict)}
    for change in changes:
        i = index.get(change.get("key")) if isinstance(change, dict) else None
        if i is None:
            merged.append(change)
            continue
        entry = {**merged[i], **change}
        for field in nested:
            old, new = merged[i].get(field), change.get(field)
            if isinstance(old, list) and isinstance(new, list):
                entry[field] = _merge_by_key(old, new)
        merged[i] = entry
    return merged


def _read(data: str | bytes, source: str, fmt: str | None) -> tuple[Any, yaml.Node | None]:
    document, node = parse(decode(data, source), source, fmt or format_for(source))
    if document is None:
        raise ValidationError("file.empty", location=Location(source))
    return document, node


def _base_document(name: object, location: Location) -> dict[str, Any]:
    """The document of the shipped template a variant extends (itself no variant)."""
    known = shipped_templates()
    if not isinstance(name, str) or name not in known:
        raise ValidationError("template.extends_unknown", location=location, name=name, known=known)
    path = TEMPLATE_DIR / f"{name}.yaml"
    document, _ = _read(read_file(path), str(path), "yaml")
    if not isinstance(document, dict) or "extends" in document:
        raise ValidationError("template.extends_chain", location=location, name=name)
    return document


@lru_cache(maxsize=16)
def _load_shipped(key: str) -> PlanTemplate:
    path = TEMPLATE_DIR / f"{key}.yaml"
    return parse_template(read_file(path), str(path))


def load_template(name: str) -> PlanTemplate:
    """Load a shipped template by key (``default``, ``hkh``) or a template file by path."""
    if name in shipped_templates():
        return _load_shipped(name)
    path = Path(name)
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        return parse_template(read_file(path), str(path))
    raise NotFoundError("template.not_found", name=name, known=shipped_templates())
