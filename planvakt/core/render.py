"""The one Jinja2 environment of planvakt.

Autoescape is on for HTML and off for text; ``StrictUndefined`` makes a missing value an
error instead of a silent blank. Templates are rendered from typed view objects only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from models.dates import format_date
from planvakt.core.resources import TEMPLATE_DIR
from planvakt.core.settings import get_settings


def _date(value: Any, language: str = "nb") -> str:
    return format_date(value, language) if value else "–"


def _short_date(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _markdown(value: Any) -> str:
    """Text shown literally in Markdown: special characters backslash-escaped, one line."""
    text = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        # Templates change with a release, not while running (PLANVAKT_DEBUG=1 reloads them).
        auto_reload=get_settings().debug,
        # Templates are named "x.html.j2": escape by the extension before ".j2".
        autoescape=select_autoescape(["html", "htm", "xml", "svg", "html.j2", "svg.j2", "xml.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = _date
    env.filters["ddmmyyyy"] = _short_date
    env.filters["md"] = _markdown
    return env


def render(name: str, **context: Any) -> str:
    """Render the template ``name`` (path under ``templates/``) with ``context``."""
    return environment().get_template(name).render(**context)
