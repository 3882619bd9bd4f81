"""From YAML nodes to model records, strictly, and from the model to JSON Schemas.

Both directions read the same field annotations in ``model.py``. Values are
never built by PyYAML's constructor: the converter looks at each scalar's raw
text, style and resolved tag, so a YAML 1.1 reading that would silently change
a value (``no`` as false, ``12:30`` as 750, ``1.10`` as 1.1) is caught and
reported at its line instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import math
import re
import types
import typing
from collections.abc import Mapping
from typing import Any

import yaml

from aeportal import model
from aeportal.diagnostics import Loc, Report

T_NULL = "tag:yaml.org,2002:null"
T_BOOL = "tag:yaml.org,2002:bool"
T_INT = "tag:yaml.org,2002:int"
T_FLOAT = "tag:yaml.org,2002:float"
T_TIMESTAMP = "tag:yaml.org,2002:timestamp"
T_MERGE = "tag:yaml.org,2002:merge"

_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\Z")
_YMD_LOOSE = re.compile(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})\Z")
# Longer numbers are refused unread (SCHEMA007): int() gives up at 4300 digits, and a whole
# number of more than 308 digits turns into an infinite float as soon as it is divided.
_MAX_NUMBER_CHARS = 300
# YAML reads a date and time as a timestamp only with seconds; `2026-11-20 10:00` is text.
_DATE_TIME = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d")
_TRUE_FALSE = {"true", "false"}


class _Missing:
    """Marks a value that could not be converted (the problem is already reported)."""


MISSING = _Missing()


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    name: str
    tp: Any
    required: bool
    default: Any
    doc: str


@functools.cache
def fields_of(cls: type) -> tuple[FieldSpec, ...]:
    """The user-facing fields of a record class, in declaration order."""
    hints = typing.get_type_hints(cls, include_extras=True)
    specs = []
    for f in dataclasses.fields(cls):
        if f.name in ("loc", "locs") or f.metadata.get("derived"):
            continue
        if f.default is not dataclasses.MISSING:
            required, default = False, f.default
        elif f.default_factory is not dataclasses.MISSING:
            required, default = False, f.default_factory()
        else:
            required, default = True, None
        specs.append(FieldSpec(f.name, hints[f.name], required, default, f.metadata.get("doc", "")))
    return tuple(specs)


@functools.cache
def _specs_by_name(cls: type) -> Mapping[str, FieldSpec]:
    return types.MappingProxyType({s.name: s for s in fields_of(cls)})


# How to convert a node to a model type: a Converter method, and what it is given.
_Shape = tuple[typing.Callable[["Converter", yaml.Node, Any, str], Any], Any]


def _shape(tp: Any) -> _Shape:
    """How to convert to the model type ``tp``, worked out once per type (this is a hot path)."""
    # Keyed by identity, not by a cache on the type: hashing a Literal or Annotated type
    # walks its arguments every time, which cost more than the conversion itself. The
    # entry holds on to ``tp``, so its id cannot be reused by another object.
    found = _SHAPES.get(id(tp))
    if found is None:
        found = _SHAPES[id(tp)] = (tp, _work_out_shape(tp))
    return found[1]


_SHAPES: dict[int, tuple[Any, _Shape]] = {}


def _work_out_shape(tp: Any) -> _Shape:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, constraint = typing.get_args(tp)[:2]
        pattern = re.compile(constraint.pattern) if constraint.pattern else None
        return Converter._annotated, (_shape(base), constraint, pattern)
    if origin in (types.UnionType, typing.Union):
        # An optional value is converted as its type: None is an empty value, seen earlier.
        return _shape(next(a for a in typing.get_args(tp) if a is not type(None)))
    if origin is tuple:
        return Converter._sequence, typing.get_args(tp)[0]
    if origin is typing.Literal:
        return Converter._choice, typing.get_args(tp)
    if tp is Mapping or origin is Mapping:
        value_tp = typing.get_args(tp)[1] if typing.get_args(tp) else Any
        if value_tp is Any:
            return Converter._mapping, None  # free-form (`internal:`)
        return Converter._mapping, _shape(value_tp)
    if dataclasses.is_dataclass(tp):
        return Converter.record, tp
    scalars = {str: Converter._text, dt.date: Converter._date, bool: Converter._bool}
    if tp in scalars:
        return Converter._scalar, (tp, scalars[tp])
    if tp in (int, float):
        return Converter._scalar, (tp, functools.partial(Converter._number, tp=tp))
    raise TypeError(f"model type {tp!r} has no converter")  # a bug in model.py, not input


def _keyed(tp: Any) -> bool:
    """Whether ``tp`` is a mapping of text keys to values of one type (not free-form)."""
    convert, arg = _shape(tp)
    return convert is Converter._mapping and arg is not None


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == T_NULL and not node.style


def _kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"the value {node.value!r}"


def _describe(tp: Any) -> str:
    """A short human name for a type, as used in messages."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, constraint = typing.get_args(tp)[:2]
        return {
            "slug": "an id (slug)",
            "person": "a person id",
            "email": "an e-mail address",
            "sha256": "a SHA-256 hash (64 hex digits)",
        }.get(constraint.kind, _describe(base))
    if origin in (types.UnionType, typing.Union):
        return " or ".join(_describe(a) for a in typing.get_args(tp) if a is not type(None))
    if origin is tuple:
        return "a list"
    if origin is typing.Literal:
        return "one of " + ", ".join(map(str, typing.get_args(tp)))
    if tp is dt.date:
        return "a date (YYYY-MM-DD)"
    if tp is bool:
        return "true or false"
    if tp in (int, float):
        return "a number"
    if tp is str:
        return "text"
    if dataclasses.is_dataclass(tp) or origin is Mapping or tp is Mapping:
        return "a mapping"
    return str(tp)


class Converter:
    """Turns the node tree of one YAML document into records, reporting as it goes."""

    def __init__(self, path: str, report: Report, line_offset: int = 0) -> None:
        self.path = path
        self.report = report
        self.line_offset = line_offset
        self._seen: set[int] = set()

    def loc(self, node: yaml.Node) -> Loc:
        mark = node.start_mark
        return Loc(self.path, mark.line + 1 + self.line_offset, mark.column + 1)

    def _error(self, code: str, node: yaml.Node, message: str, hint: str = "") -> _Missing:
        self.report.add(code, self.loc(node), message, hint)
        return MISSING

    # -- records --------------------------------------------------------------

    def record(self, node: yaml.Node, cls: type, where: str, **extra: Any) -> Any:
        """Convert a mapping node into ``cls``; MISSING if a required field failed."""
        if not isinstance(node, yaml.MappingNode):
            return self._error(
                "SCHEMA003",
                node,
                f"{where} must be a mapping of keys, not {_kind_of(node)}",
                "write one `key: value` per line",
            )
        specs = _specs_by_name(cls)
        values: dict[str, Any] = {}
        locs: dict[str, Loc] = {}
        failed = False
        empty: set[str] = set()
        for key, value_node in self.pairs(node, where):
            spec = specs.get(key)
            if spec is None:
                close = difflib.get_close_matches(key, list(specs), n=1, cutoff=0.6)
                hint = (
                    f"did you mean `{close[0]}`?" if close else "allowed keys: " + ", ".join(specs)
                )
                self._error("SCHEMA001", value_node, f"unknown key `{key}` in {where}", hint)
                continue
            locs[key] = self.loc(value_node)
            if isinstance(value_node, yaml.SequenceNode):
                # Items of a list get their own place, e.g. `depends_on[1]`.
                for index, child in enumerate(value_node.value):
                    locs[f"{key}[{index}]"] = self.loc(child)
            elif isinstance(value_node, yaml.MappingNode) and _keyed(spec.tp):
                # So do the values of a mapping of one type, by key: `files[assets/kv.png]`.
                for key_node, child in value_node.value:
                    if isinstance(key_node, yaml.ScalarNode):
                        locs[f"{key}[{key_node.value}]"] = self.loc(child)
            if not self._first_visit(value_node):
                failed = failed or spec.required
                continue
            if _is_null(value_node):
                empty.add(key)  # an empty value means "not given"
                continue
            convert, arg = _shape(spec.tp)
            value = convert(self, value_node, arg, f"`{key}`")
            if value is MISSING:
                failed = failed or spec.required
            else:
                values[key] = value
        for spec in specs.values():
            if not spec.required or spec.name in values:
                continue
            if spec.name in empty:
                self.report.add(
                    "SCHEMA002",
                    locs[spec.name],
                    f"`{spec.name}` in {where} is empty",
                    f"give {_describe(spec.tp)}: {spec.doc}",
                )
                failed = True
            elif spec.name not in locs:
                self._error(
                    "SCHEMA002",
                    node,
                    f"{where} has no `{spec.name}`",
                    f"add `{spec.name}:` with {_describe(spec.tp)}: {spec.doc}",
                )
                failed = True
        if failed:
            return MISSING
        return cls(**values, **extra, loc=self.loc(node), locs=locs)

    def pairs(self, node: yaml.MappingNode, where: str) -> list[tuple[str, yaml.Node]]:
        """Key/value pairs of a mapping; duplicate, merge and non-text keys are reported."""
        seen: dict[str, yaml.Node] = {}
        out = []
        for key_node, value_node in node.value:
            if key_node.tag == T_MERGE:
                self._error(
                    "YAML006",
                    key_node,
                    "merge keys (`<<`) are not allowed",
                    "write the keys out in full",
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode) or not key_node.value:
                self._error(
                    "YAML007",
                    key_node,
                    f"a key in {where} is not plain text",
                    "keys are plain words such as `title`",
                )
                continue
            key = key_node.value
            if key in seen:
                first = self.loc(seen[key]).line
                self._error(
                    "YAML002",
                    key_node,
                    f"duplicate key `{key}` in {where}",
                    f"`{key}` is already given on line {first}; keep one of them",
                )
                continue
            seen[key] = key_node
            out.append((key, value_node))
        return out

    def _first_visit(self, node: yaml.Node) -> bool:
        """False for a list or mapping already converted: it was reached through an alias.

        The composer hands back the very same node object for an alias; refusing
        a repeat defuses alias bombs. The loader has reported the alias where it
        is written, so this says nothing more. A repeated scalar is harmless.
        """
        if isinstance(node, yaml.ScalarNode):
            return True
        if id(node) in self._seen:
            return False
        self._seen.add(id(node))
        return True

    # -- values ---------------------------------------------------------------

    def value(self, node: yaml.Node, tp: Any, where: str) -> Any:
        convert, arg = _shape(tp)
        return convert(self, node, arg, where)

    def _annotated(
        self,
        node: yaml.Node,
        arg: tuple[_Shape, model.Constraint, re.Pattern[str] | None],
        where: str,
    ) -> Any:
        (convert, base), constraint, pattern = arg
        value = convert(self, node, base, where)
        if value is MISSING:
            return MISSING
        return self._constrain(node, value, constraint, where, pattern)

    def _mapping(self, node: yaml.Node, value_shape: _Shape | None, where: str) -> Any:
        """Free-form data (``value_shape`` None), or text keys to values of one type."""
        if not isinstance(node, yaml.MappingNode):
            return self._error(
                "SCHEMA003",
                node,
                f"{where} must be a mapping, not {_kind_of(node)}",
                "write `key: value` lines indented under it",
            )
        if value_shape is None:
            return self._free(node, where)
        convert, arg = value_shape
        out: dict[str, Any] = {}
        for key, child in self.pairs(node, where):
            if not self._first_visit(child):
                continue
            if _is_null(child):
                self._error("SCHEMA003", child, f"`{key}` in {where} is empty", "give its value")
                continue
            value = convert(self, child, arg, f"`{key}` in {where}")
            if value is not MISSING:
                out[key] = value
        return out

    def _scalar(
        self, node: yaml.Node, arg: tuple[type, typing.Callable[..., Any]], where: str
    ) -> Any:
        tp, convert = arg
        if not isinstance(node, yaml.ScalarNode):
            return self._error(
                "SCHEMA003",
                node,
                f"{where} must be {_describe(tp)}, not {_kind_of(node)}",
                f"write {_describe(tp)} on the same line as the key",
            )
        return convert(self, node, where)

    def _sequence(self, node: yaml.Node, item_tp: Any, where: str) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return self._error(
                "SCHEMA003",
                node,
                f"{where} must be a list, not {_kind_of(node)}",
                "write each item on its own line starting with `- `, or `[a, b]`",
            )
        items = []
        convert, arg = _shape(item_tp)
        for i, child in enumerate(node.value, 1):
            if not self._first_visit(child):
                continue
            if _is_null(child):
                self._error("SCHEMA003", child, f"item {i} of {where} is empty", "remove it")
                continue
            value = convert(self, child, arg, f"item {i} of {where}")
            if value is not MISSING:
                items.append(value)
        return tuple(items)

    def _text(self, node: yaml.ScalarNode, where: str) -> Any:
        text = node.value
        if node.style:  # quoted or block scalars are always text
            return text
        if node.tag == T_BOOL:
            return self._error(
                "YAML004",
                node,
                f"{where}: `{text}` is read as a boolean by YAML 1.1 tools, not as text",
                f'quote it: "{text}"',
            )
        if node.tag == T_INT and not _PLAIN_INT.match(text):
            return self._error(
                "YAML005",
                node,
                f"{where}: `{_shown(text)}` is read as {_yaml11_number(text)} by YAML tools",
                f'quote it: "{text}"',
            )
        if node.tag == T_FLOAT and _canonical_float(text) != text:
            return self._error(
                "YAML005",
                node,
                f"{where}: `{_shown(text)}` is read as {_yaml11_number(text)} by YAML tools",
                f'quote it: "{text}"',
            )
        return text

    def _choice(self, node: yaml.Node, choices: tuple[str, ...], where: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return self._error(
                "SCHEMA003",
                node,
                f"{where} must be one of {', '.join(choices)}",
                f"write one of: {', '.join(choices)}",
            )
        text = node.value
        if text in choices:
            return text
        if not node.style and node.tag == T_BOOL:
            return self._error(
                "YAML004",
                node,
                f"{where}: `{text}` is read as a boolean by YAML 1.1 tools",
                f"write one of: {', '.join(choices)}",
            )
        close = difflib.get_close_matches(text, choices, n=1, cutoff=0.5)
        hint = f"did you mean `{close[0]}`?" if close else ""
        return self._error(
            "SCHEMA004",
            node,
            f"{where} is `{text}`, which is not one of: {', '.join(choices)}",
            hint or f"write one of: {', '.join(choices)}",
        )

    def _date(self, node: yaml.ScalarNode, where: str) -> Any:
        text = node.value.strip()
        if _ISO_DATE.match(text):
            try:
                read = dt.date.fromisoformat(text)
            except ValueError:
                return self._error(
                    "SCHEMA005",
                    node,
                    f"{where}: `{text}` is not a real calendar date",
                    "check the month and the day",
                )
            if not model.FIRST_YEAR <= read.year <= model.LAST_YEAR:
                return self._error(
                    "SCHEMA010",
                    node,
                    f"{where}: {text} is outside the years {model.FIRST_YEAR}–{model.LAST_YEAR}",
                    "check the year",
                )
            return read
        hint = "write the date as YYYY-MM-DD, e.g. 2026-11-20"
        if m := _DMY.match(text):
            day, month, year = (int(g) for g in m.groups())
            if day <= 12 and month <= 12 and day != month:
                hint = (
                    f"day and month are ambiguous: write {year:04d}-{month:02d}-{day:02d} "
                    f"(or {year:04d}-{day:02d}-{month:02d}) in the form YYYY-MM-DD"
                )
            elif month <= 12:
                hint = f"write {year:04d}-{month:02d}-{day:02d}"
        elif m := _YMD_LOOSE.match(text):
            year, month, day = (int(g) for g in m.groups())
            hint = f"write {year:04d}-{month:02d}-{day:02d}"
        elif node.tag == T_TIMESTAMP or _DATE_TIME.match(text):
            hint = "give the date only, without a time: YYYY-MM-DD"
        return self._error(
            "SCHEMA005", node, f"{where}: `{text}` is not a date in the form YYYY-MM-DD", hint
        )

    def _bool(self, node: yaml.ScalarNode, where: str) -> Any:
        text = node.value
        if not node.style and text.lower() in _TRUE_FALSE:
            return text.lower() == "true"
        if not node.style and node.tag == T_BOOL:
            return self._error(
                "YAML004",
                node,
                f"{where}: `{text}` is a YAML 1.1 boolean that YAML 1.2 tools read as text",
                "write true or false",
            )
        return self._error(
            "SCHEMA003",
            node,
            f"{where} must be true or false, not `{text}`",
            "write true or false (without quotes)",
        )

    def _number(self, node: yaml.ScalarNode, where: str, tp: type) -> Any:
        text = node.value
        if node.style or node.tag not in (T_INT, T_FLOAT):
            return self._error(
                "SCHEMA003",
                node,
                f"{where} must be a number, not `{_shown(text)}`",
                "write digits only, without quotes or units, e.g. 40 or 12.5",
            )
        if (node.tag == T_INT and _PLAIN_INT.match(text)) or (
            node.tag == T_FLOAT and tp is float and _canonical_float(text) is not None
        ):
            value = _read_number(text, tp)
            if value is None:
                return self._error(
                    "SCHEMA007",
                    node,
                    f"{where}: `{_shown(text)}` ({len(text)} characters) is too large a number "
                    "to be read",
                    "check the number: no quantity, day count or amount is anywhere near as long",
                )
            return value
        if tp is int and node.tag == T_FLOAT:
            return self._error(
                "SCHEMA003",
                node,
                f"{where} must be a whole number, not `{text}`",
                "write a whole number such as 3",
            )
        return self._error(
            "YAML005",
            node,
            f"{where}: `{_shown(text)}` is read as {_yaml11_number(text)} by YAML 1.1 tools",
            "write plain decimal digits, e.g. 750 or 12.5",
        )

    def _constrain(
        self,
        node: yaml.Node,
        value: Any,
        c: model.Constraint,
        where: str,
        pattern: re.Pattern[str] | None,
    ) -> Any:
        if pattern and not pattern.fullmatch(value):  # `$` lets a final newline by
            if c.kind == "email":
                return self._error(
                    "SCHEMA008",
                    node,
                    f"{where}: `{value}` is not an e-mail address",
                    "write it as name@example.com",
                )
            if c.kind == "sha256":
                return self._error(
                    "SCHEMA003",
                    node,
                    f"{where}: `{_shown(value)}` is not a SHA-256 hash",
                    "write the 64 hex digits (0-9, a-f) that `sha256sum FILE` prints",
                )
            return self._error(
                "SCHEMA006",
                node,
                f"{where}: `{value}` is not a valid id",
                f"use lowercase letters, digits and dashes, starting with a letter or digit, "
                f"at most 63 characters, e.g. `{slugify(value) or 'my-id'}`",
            )
        if c.minimum is not None and value < c.minimum:
            return self._error(
                "SCHEMA007",
                node,
                f"{where} is {value}, below the minimum {c.minimum:g}",
                f"use a number of at least {c.minimum:g}",
            )
        if c.maximum is not None and value > c.maximum:
            return self._error(
                "SCHEMA007",
                node,
                f"{where} is {value}, above the maximum {c.maximum:.0f}",
                f"use a number of at most {c.maximum:.0f}",
            )
        return value

    def _free(self, node: yaml.Node, where: str) -> Any:
        """Free-form data (``internal:``): kept as text, lists and mappings."""
        if isinstance(node, yaml.MappingNode):
            return {
                k: self._free(v, f"`{k}` in {where}")
                for k, v in self.pairs(node, where)
                if self._first_visit(v)
            }
        if isinstance(node, yaml.SequenceNode):
            return [self._free(c, where) for c in node.value if self._first_visit(c)]
        return None if _is_null(node) else node.value


def _canonical_float(text: str) -> str | None:
    """``text`` as Python writes the float it means, if it is a plain decimal."""
    if not re.fullmatch(r"[-+]?[0-9]+\.[0-9]+", text):
        return None
    return repr(float(text))


def _read_number(text: str, tp: type) -> int | float | None:
    """The number a plain decimal stands for; None if no int or finite float holds it.

    Python refuses to read an integer of more than 4300 digits (a guard against
    quadratic conversions), and a float of more than 308 digits is infinite; the
    checks and derived figures divide and multiply, so no number gets near either.
    """
    if len(text) > _MAX_NUMBER_CHARS:
        return None
    value = int(text) if tp is int else float(text)
    return value if tp is int or math.isfinite(value) else None


def _shown(text: str) -> str:
    """``text`` shortened for a message: a scalar can be thousands of characters long."""
    return text if len(text) <= 40 else f"{text[:20]}…{text[-10:]}"


def _yaml11_number(text: str) -> str:
    """What a YAML 1.1 reader makes of a plain scalar, for messages: "the number 8"."""
    try:
        shown = str(yaml.safe_load(text))
    except ValueError:  # more digits than Python converts: still a number to YAML
        return "a number too long to print"
    return f"the number {_shown(shown)}"


# Đ and đ have no Unicode decomposition, so NFKD alone would drop them; Ð and ð (eth)
# stand in for them in text converted from legacy Vietnamese encodings.
_D_WITH_STROKE = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def slugify(text: str) -> str:
    """An id made from free text: ASCII, lowercase, dashes ("Kế hoạch Tết" → ke-hoach-tet)."""
    import unicodedata

    text = text.translate(_D_WITH_STROKE)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:63].rstrip("-")


# --- JSON Schema -------------------------------------------------------------

SCHEMA_BASE = "https://aeportal.invalid/schemas"

# The documents that have a schema of their own, by file name.
SCHEMA_ROOTS: dict[str, type] = {
    "account": model.Account,
    "timeline": model.Timeline,
    "relationship": model.Relationship,
    "brief": model.Brief,
    "change": model.ChangeRequest,
    "meeting": model.Meeting,
    "report": model.Report,
    "note": model.Note,
}


def json_schema(root: type, name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one document kind."""
    defs: dict[str, Any] = {}
    body = _schema_of(root, defs, top=True)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}/{name}.schema.json",
        "title": f"AE Portal {name}",
        **body,
    }
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


def _schema_of(tp: Any, defs: dict[str, Any], top: bool = False) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, c = typing.get_args(tp)[:2]
        out = _schema_of(base, defs)
        if c.pattern:
            out["pattern"] = c.pattern
        if c.minimum is not None:
            out["minimum"] = c.minimum
        if c.maximum is not None:
            out["maximum"] = c.maximum
        return out
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return {"anyOf": [_schema_of(inner[0], defs), {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _schema_of(typing.get_args(tp)[0], defs)}
    if origin is typing.Literal:
        return {"enum": list(typing.get_args(tp))}
    if tp is Mapping or origin is Mapping:
        value_tp = typing.get_args(tp)[1] if typing.get_args(tp) else Any
        if value_tp is Any:
            return {"type": "object"}
        return {"type": "object", "additionalProperties": _schema_of(value_tp, defs)}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    simple = {str: "string", bool: "boolean", int: "integer", float: "number"}
    if tp in simple:
        return {"type": simple[tp]}
    if dataclasses.is_dataclass(tp):
        cls = typing.cast(type, tp)
        obj: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}
        text = (cls.__doc__ or "").strip()
        if text and not text.startswith(cls.__name__ + "("):  # not dataclass's own signature
            obj["description"] = text.splitlines()[0]
        required = []
        for spec in fields_of(cls):
            prop = _schema_of(spec.tp, defs)
            prop["description"] = spec.doc
            if not spec.required and spec.default not in (None, (), {}):
                prop["default"] = spec.default
            obj["properties"][spec.name] = prop
            if spec.required:
                required.append(spec.name)
        if required:
            obj["required"] = required
        if top:
            return obj
        defs[cls.__name__] = obj
        return {"$ref": f"#/$defs/{cls.__name__}"}
    raise TypeError(f"model type {tp!r} has no schema")
