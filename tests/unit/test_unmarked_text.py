"""No user-facing text outside the catalogs.

Templates: every piece of text between tags (and in ``alt``, ``title``, ``aria-label``,
``placeholder`` attributes) must be inside ``{% trans %}`` or ``_()``. Python: a string
literal that reads as a bokmål sentence must be marked (``_``/``gettext``/``ngettext``/
``N_``) unless it is a docstring, a log line, or a vocabulary planvakt *reads* (listed in
:data:`READ_VOCABULARY`). The check is a heuristic: when it is wrong, mark the text or add
the file and name to the allow list with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from jinja2 import nodes

from planvakt.core.render import environment
from planvakt.core.resources import TEMPLATE_DIR

ROOT = Path(__file__).resolve().parents[2]
PYTHON_ROOTS = ("planvakt", "models", "flows", "tasks")
MARKERS = {"_", "N_", "gettext", "ngettext", "pgettext", "npgettext"}
LOG_CALLS = {"debug", "info", "warning", "error", "exception", "critical", "log"}

# Vocabularies planvakt reads (input words), not texts it shows: file → names of the
# assignments whose strings are exempt.
READ_VOCABULARY: dict[str, set[str]] = {
    "models/measure.py": {"MEASURE_STATUS_WORDS"},
    "planvakt/exchange/measure_sheet.py": {"COLUMNS"},
    "planvakt/core/languages.py": {"aliases"},
    # words that make free text read like a case note: input planvakt reads, never shows
    "models/privacy.py": {
        "_ONE_PERSON",
        "_FIRST_NAME",
        "_ANYONE",
        "_GENERIC",
        "_ABOUT_THEM",
        "_CONDITION",
        "_MODAL",
    },
    # the demo workbook's own content, written as Færder (a bokmål municipality) writes it
    "planvakt/demo/sheet.py": {"TITLE", "STATUS_WRITTEN"},
}

_ENTITY = re.compile(r"&[#\w]+;")
_ATTRIBUTE = re.compile(r'\b(?:alt|title|aria-label|placeholder)="([^"{]*)"')
_WORD = re.compile(r"[A-Za-zÆØÅæøå]{2,}")
_NORWEGIAN = re.compile(
    r"[æøåÆØÅ]|\b(ikke|ikkje|og|er|for|til|på|av|som|med|eller|fra|frå|har|kan|skal|ny|nye)\b"
)
ALLOWED_TEMPLATE_WORDS = {"planvakt", "nbsp", "RVTS", "KORUS", "NAV", "SLT", "API", "ICS", "CSV"}


def _templates() -> list[str]:
    return sorted(str(p.relative_to(TEMPLATE_DIR)) for p in TEMPLATE_DIR.rglob("*.j2"))


def _untranslated_in_template(name: str) -> list[str]:
    source = (TEMPLATE_DIR / name).read_text(encoding="utf-8")
    tree = environment().parse(source)
    found: list[str] = []
    inside_tag = False
    for data in tree.find_all(nodes.TemplateData):
        text = data.data
        found += [a for a in _ATTRIBUTE.findall(text) if _words(a)]
        if name.endswith((".html.j2", ".svg.j2", ".xml.j2")):
            text, inside_tag = _outside_tags(text, inside_tag)
            text = _ENTITY.sub(" ", text)
        if _words(text):
            found.append(" ".join(text.split())[:60])
    return found


def _outside_tags(text: str, inside: bool) -> tuple[str, bool]:
    """The part of ``text`` outside markup tags, and whether it ends inside a tag: a tag
    with an expression in it (``<a href="{{ url }}">``) spans several pieces of data."""
    kept: list[str] = []
    for char in text:
        if inside:
            inside = char != ">"
        elif char == "<":
            inside = True
        else:
            kept.append(char)
    return " ".join("".join(kept).split()), inside


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w not in ALLOWED_TEMPLATE_WORDS]


@pytest.mark.parametrize("name", _templates())
def test_template_text_is_marked(name: str) -> None:
    found = _untranslated_in_template(name)
    assert not found, f"{name}: text outside {{% trans %}}: {found[:5]}"


def _python_files() -> list[Path]:
    return sorted(p for root in PYTHON_ROOTS for p in (ROOT / root).rglob("*.py"))


class _Finder(ast.NodeVisitor):
    """String constants that read as bokmål and are not marked, logged or documented."""

    def __init__(self, exempt_names: set[str]) -> None:
        self.exempt_names = exempt_names
        self.found: list[tuple[int, str]] = []
        self._skip: set[int] = set()

    def visit_Module(self, node: ast.Module) -> None:
        self._skip_docstring(node)
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._skip_docstring(node)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._skip_docstring(node)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        names = {t.id for t in node.targets if isinstance(t, ast.Name)}
        if names & self.exempt_names:
            return
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if isinstance(node.target, ast.Name) and node.target.id in self.exempt_names:
            return
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = (
            node.func.id
            if isinstance(node.func, ast.Name)
            else node.func.attr
            if isinstance(node.func, ast.Attribute)
            else ""
        )
        if name in MARKERS or name in LOG_CALLS:
            return
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if id(node) in self._skip or not isinstance(node.value, str):
            return
        text = node.value
        if " " in text.strip() and _NORWEGIAN.search(text):
            self.found.append((node.lineno, text[:60]))

    def _skip_docstring(self, node: ast.AST) -> None:
        body = getattr(node, "body", [])
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self._skip.add(id(body[0].value))


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_python_text_is_marked(path: Path) -> None:
    relative = str(path.relative_to(ROOT))
    finder = _Finder(READ_VOCABULARY.get(relative, set()))
    finder.visit(ast.parse(path.read_text(encoding="utf-8")))
    assert not finder.found, f"{relative}: unmarked text: " + "; ".join(
        f"line {line}: {text!r}" for line, text in finder.found[:8]
    )
