"""The Jinja2 environments of planvakt: one per language.

Autoescape is on for HTML and off for text; ``StrictUndefined`` makes a missing value an
error instead of a silent blank. Templates are rendered from typed view objects only.
Words in templates are bokmål inside ``{% trans %}`` / ``_()`` (Jinja2's i18n extension,
new-style gettext), translated by the language's catalog; the filters ``date``,
``ddmmyyyy``, ``number``, ``percent`` and ``join`` format for the language, ``small_count``
shows a count about people as politicians and the public may see it
(:mod:`planvakt.core.disclosure`), and ``tx`` is the language's
:class:`~planvakt.core.languages.Texts`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from planvakt.core.disclosure import small_count
from planvakt.core.languages import SOURCE, Language, texts
from planvakt.core.resources import TEMPLATE_DIR
from planvakt.core.settings import get_settings

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _markdown(value: Any) -> str:
    """Text shown literally in Markdown: special characters backslash-escaped, one line."""
    text = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


@cache
def environment(language: Language = SOURCE) -> Environment:
    """The environment whose templates speak ``language``."""
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
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # as babel.cfg extracts them
    tx = texts(language)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        tx.gettext, tx.ngettext, newstyle=True, pgettext=tx.pgettext
    )
    env.globals["tx"] = tx
    env.globals["language"] = language
    env.filters["date"] = lambda value, fmt="long": tx.date(value, fmt)
    env.filters["ddmmyyyy"] = lambda value: tx.date(value, "short")
    env.filters["number"] = tx.number
    env.filters["percent"] = tx.percent
    env.filters["join_words"] = tx.join
    env.filters["md"] = _markdown
    env.filters["small_count"] = lambda count: small_count(count, tx)
    return env


def render(name: str, language: Language = SOURCE, **context: Any) -> str:
    """Render the template ``name`` (path under ``templates/``) in ``language``."""
    return environment(language).get_template(name).render(**context)
