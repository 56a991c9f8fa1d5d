"""Reading user files safely: encoding, YAML/JSON parsing and schema validation.

Every error names the file, the line (or row) and the field, in bokmål.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar

import pydantic
import yaml

from planvakt.core.errors import ImportErrors, ValidationError

Model = TypeVar("Model", bound=pydantic.BaseModel)

# Pydantic's English messages for the common cases, in bokmål.
_MESSAGES = {
    "missing": "mangler",
    "extra_forbidden": "ukjent nøkkel (ikke tillatt her)",
    "string_too_short": "kan ikke være tom",
    "string_too_long": "er for lang (maks {max_length} tegn)",
    "string_pattern_mismatch": "ugyldig nøkkel: bruk små bokstaver, tall, '-' og '_'",
    "int_parsing": "må være et heltall",
    "int_type": "må være et heltall",
    "bool_parsing": "må være true eller false",
    "date_from_datetime_parsing": "ugyldig dato (bruk dd.mm.åååå eller åååå-mm-dd)",
    "date_parsing": "ugyldig dato (bruk dd.mm.åååå eller åååå-mm-dd)",
    "date_type": "ugyldig dato (bruk dd.mm.åååå eller åååå-mm-dd)",
    "greater_than_equal": "må være minst {ge}",
    "less_than_equal": "kan være høyst {le}",
    "too_short": "må ha minst {min_length} element",
    "list_type": "må være en liste",
    "model_type": "må være en tabell med nøkler (mapping)",
    "dict_type": "må være en tabell med nøkler (mapping)",
    "string_type": "må være tekst",
    "enum": "ugyldig verdi; gyldige: {expected}",
    "literal_error": "ugyldig verdi; gyldige: {expected}",
}


def read_text(path: Path) -> str:
    """Read a UTF-8 file (with or without BOM); a wrong encoding is a clear error."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError("filen finnes ikke", location=str(path)) from None
    except OSError as exc:
        raise ValidationError(f"kan ikke lese filen ({exc.strerror})", location=str(path)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValidationError(
            f"filen er ikke UTF-8 (ugyldig byte 0x{raw[exc.start]:02x}); lagre den som UTF-8 "
            "(i Excel: «CSV UTF-8»)",
            location=f"{path}, linje {line}",
        ) from None


def parse(text: str, source: str, fmt: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML or JSON; return the data and a YAML node tree for line lookups."""
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                f"ugyldig JSON: {exc.msg}", location=f"{source}, linje {exc.lineno}"
            ) from None
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{source}, linje {mark.line + 1}" if mark else source
            problem = getattr(exc, "problem", None) or str(exc)
            raise ValidationError(f"ugyldig YAML: {problem}", location=where) from None
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        node = None
    return data, node


def format_for(path: Path) -> str:
    """'json' for .json files, otherwise 'yaml'."""
    return "json" if path.suffix.lower() == ".json" else "yaml"


def line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """The 1-based line of the deepest node on ``loc`` that exists in the document."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def describe(error: Any) -> str:
    """One bokmål message for one pydantic error dict."""
    template = _MESSAGES.get(error["type"])
    if template is None:
        return str(error["msg"]).removeprefix("Value error, ")
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template


def field_path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc)


def validate(schema: type[Model], data: Any, source: str, node: yaml.Node | None = None) -> Model:
    """Validate ``data`` against ``schema``; raise :class:`ImportErrors` naming line and field."""
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        locate = Locator(source, node)
        errors = [
            ValidationError(describe(err), location=locate(*err["loc"])) for err in exc.errors()
        ]
        raise ImportErrors(errors, source=source) from None


class Locator:
    """Turns a field path in a parsed document into 'file, linje N, felt 'a.b''."""

    def __init__(self, source: str, node: yaml.Node | None) -> None:
        self.source = source
        self.node = node

    def __call__(self, *loc: int | str) -> str:
        line = line_of(self.node, loc)
        where = f"{self.source}, linje {line}" if line else self.source
        return f"{where}, felt '{field_path(loc)}'" if loc else where


def load_document(path: Path, schema: type[Model]) -> tuple[Model, Locator]:
    """Read, parse and validate a YAML or JSON file; also return a locator for later checks."""
    text = read_text(path)
    data, node = parse(text, str(path), format_for(path))
    if data is None:
        raise ValidationError("filen er tom", location=str(path))
    return validate(schema, data, str(path), node), Locator(str(path), node)


def load_file(path: Path, schema: type[Model]) -> Model:
    """Read, parse and validate a YAML or JSON file in one step."""
    return load_document(path, schema)[0]
