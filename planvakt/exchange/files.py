"""Reading user input safely: encoding, YAML/JSON parsing and schema validation.

Input arrives as text or bytes plus a source name (a file name, an upload's name), so a file,
an upload and a test string all go the same way. Every error carries a code and a
:class:`~planvakt.core.errors.Location` (source, line or row, field) as data.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any, TypeVar

import pydantic
import yaml

from planvakt.core import messages
from planvakt.core.errors import ImportErrors, Location, ValidationError

Model = TypeVar("Model", bound=pydantic.BaseModel)


def read_file(path: Path) -> bytes:
    """The bytes of a file; a missing or unreadable file is a clear error."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ValidationError("file.not_found", location=Location(source=str(path))) from None
    except OSError as exc:
        raise ValidationError(
            "file.unreadable", location=Location(source=str(path)), reason=exc.strerror
        ) from None


def decode(data: str | bytes, source: str) -> str:
    """Text from UTF-8 bytes (with or without BOM) or from text; a wrong encoding is an error."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationError(
            "file.not_utf8",
            location=Location(source=source, line=line),
            byte=f"0x{data[exc.start]:02x}",
        ) from None


def parse(text: str, source: str, fmt: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML or JSON; return the data and a YAML node tree for line lookups."""
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                "file.json_invalid", location=Location(source, line=exc.lineno), reason=exc.msg
            ) from None
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc)
            raise ValidationError(
                "file.yaml_invalid",
                location=Location(source, line=mark.line + 1 if mark else None),
                reason=problem,
            ) from None
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        node = None
    return data, node


def format_for(name: str | PurePath) -> str:
    """'json' for a ``.json`` name, otherwise 'yaml'."""
    return "json" if PurePath(name).suffix.lower() == ".json" else "yaml"


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


def field_error(error: Any, location: Location | None = None) -> ValidationError:
    """One pydantic error dict as a :class:`ValidationError` with code ``field.<type>``.

    The params are pydantic's ``ctx`` (``max_length``, ``ge``, ``expected`` …). A
    ``ValueError`` raised by a validator becomes ``field.value_error`` with its text as
    ``reason``, unless it carries a code of its own (the privacy guard's).
    """
    kind = str(error["type"])
    ctx = dict(error.get("ctx") or {})
    cause = ctx.pop("error", None)
    if kind == "value_error":
        code = getattr(cause, "code", None)
        params = getattr(cause, "params", None)
        if isinstance(code, str) and isinstance(params, dict):
            return ValidationError(code, location=location, **params)
        ctx["reason"] = str(cause) if cause is not None else _pydantic_text(error)
    code = f"field.{kind}"
    if not messages.has_template(code):
        ctx["reason"] = _pydantic_text(error)
    return ValidationError(code, location=location, **ctx)


def _pydantic_text(error: Any) -> str:
    return str(error["msg"]).removeprefix("Value error, ")


def field_path(loc: tuple[int | str, ...]) -> str:
    """``editions.0.measures.1.deadline``: a pydantic location as a dotted path."""
    return ".".join(str(p) for p in loc)


def validate(schema: type[Model], data: Any, source: str, node: yaml.Node | None = None) -> Model:
    """Validate ``data`` against ``schema``; raise :class:`ImportErrors` naming line and field."""
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as exc:
        locate = Locator(source, node)
        errors = [field_error(err, locate(*err["loc"])) for err in exc.errors()]
        raise ImportErrors(errors, source=source) from None


class Locator:
    """Turns a field path in a parsed document into a :class:`Location` with its line."""

    def __init__(self, source: str, node: yaml.Node | None) -> None:
        self.source = source
        self.node = node

    def __call__(self, *loc: int | str) -> Location:
        return Location(self.source, line=line_of(self.node, loc), field=field_path(loc) or None)


def load_document(
    data: str | bytes, source: str, schema: type[Model], fmt: str | None = None
) -> tuple[Model, Locator]:
    """Parse and validate a YAML or JSON document; also return a locator for later checks.

    Args:
        data: the document as text or UTF-8 bytes.
        source: its name in messages and locations (file name, upload name).
        schema: the pydantic model to validate against.
        fmt: ``yaml`` or ``json``; by default from the source name's suffix.
    """
    parsed, node = parse(decode(data, source), source, fmt or format_for(source))
    if parsed is None:
        raise ValidationError("file.empty", location=Location(source))
    return validate(schema, parsed, source, node), Locator(source, node)


def load_file(path: Path, schema: type[Model]) -> Model:
    """Read, parse and validate a YAML or JSON file in one step."""
    return load_document(read_file(path), str(path), schema)[0]
