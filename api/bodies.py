"""The request bodies of the write routes, as exact JSON Schemas made from the model, and the
check that holds a body to the schema the API publishes.

The schema is what the model's validation does, written so a client (or Schemathesis) can see
it: one alternative per node kind and per tie kind, ids of the right kinds, text without the
control characters the model refuses and not blank where a value is required, dates as
``YYYY-MM-DD``, extra properties only as ``x_name``. A body is checked against it first
(``check``), then validated by the model as a loaded row is; what no schema can say — a body
whose id or kind differs from the path's — is a 409, as RFC 9110 asks of a PUT whose
representation is inconsistent with its target.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import (
    NODE_MODELS,
    TIE_ENDPOINTS,
    TIE_PROPS,
    NodeKind,
    TieKind,
    TieProps,
)

BLANK = (
    "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u00ad\\u061c\\u1680\\u2000-\\u200f"
    "\\u2028-\\u202f\\u205f\\u2060\\u2066-\\u2069\\u3000\\ufeff"
)
"""What the model strips or drops from text: Python's whitespace and the invisible and direction
characters, spelled out (``\\s`` means other sets in ECMA, Python and Rust regular expressions,
and the schema is read by all three)."""
CONTROLS = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff"
"""The control characters a workbook cannot hold."""
TEXT = f"^[^{CONTROLS}]*$"
"""Text the model keeps: no control character."""
FILLED = f"^[^{CONTROLS}]*[^{CONTROLS}{BLANK}][^{CONTROLS}]*$"
"""Text that is more than spaces and invisible characters (what a required field needs); no
lookahead, so a generator of matching strings need not filter (Schemathesis took minutes)."""
DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
EXTRA = "^x_[a-z0-9_]{1,60}$"


def id_pattern(kinds: frozenset[NodeKind] | set[NodeKind]) -> str:
    """Ids of the given kinds: ``kind:slug``, the slug without spaces, ``/?#\\`` or invisibles."""
    alternatives = "|".join(sorted(k.value for k in kinds))
    return f"^({alternatives}):[^/?#\\\\\\x00-\\x20{BLANK}\\ufffe\\uffff]{{1,200}}$"


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its ``$defs`` references replaced by what they name."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(copy.deepcopy(defs[node["$ref"].rsplit("/", 1)[1]]))
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def _text_rules(node: Any) -> None:
    """Add the text and date patterns to every string of a schema, in place."""
    if isinstance(node, dict):
        if node.get("type") == "string" and "enum" not in node and "const" not in node:
            if node.get("format") == "date":
                node["pattern"] = DATE
            elif "pattern" not in node:
                node["pattern"] = FILLED if node.get("minLength", 0) >= 1 else TEXT
        for v in node.values():
            _text_rules(v)
    elif isinstance(node, list):
        for v in node:
            _text_rules(v)


def _extras(schema: dict[str, Any]) -> dict[str, Any]:
    schema["additionalProperties"] = False
    schema["patternProperties"] = {
        EXTRA: {
            "anyOf": [
                {"type": "string", "maxLength": 2000, "pattern": TEXT},
                {"type": "number"},
                {"type": "boolean"},
                {"type": "null"},
            ]
        }
    }
    return schema


def _model(model: type, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    schema = _inline(model.model_json_schema())  # type: ignore[attr-defined]
    for key in ("title", "description"):
        schema.pop(key, None)
    for name in drop:
        schema["properties"].pop(name, None)
    schema["required"] = [r for r in schema.get("required", []) if r not in drop]
    _text_rules(schema)
    return _extras(schema)


@cache
def node_body() -> dict[str, Any]:
    """The body of ``PUT /nodes/{id}``: a node's kind and fields (its id comes from the path)."""
    alternatives = []
    for kind, model in NODE_MODELS.items():
        schema = _model(model)
        schema["properties"]["id"] = {"type": "string", "pattern": id_pattern({kind})}
        schema["properties"]["kind"] = {"const": kind.value, "type": "string"}
        schema["required"] = sorted({*schema["required"], "kind"} - {"id"})
        alternatives.append(schema)
    return {"oneOf": alternatives, "discriminator": {"propertyName": "kind"}}


@cache
def tie_body() -> dict[str, Any]:
    """The body of ``PUT /ties``: a tie's kind, its ends (of the kinds that tie joins), its props."""
    alternatives = []
    for kind in TieKind:
        sources, targets = TIE_ENDPOINTS[kind]
        props = _model(TIE_PROPS.get(kind, TieProps))
        alternatives.append(
            _extras(
                {
                    "type": "object",
                    "properties": {
                        "kind": {"const": kind.value, "type": "string"},
                        "source": {"type": "string", "pattern": id_pattern(sources)},
                        "target": {"type": "string", "pattern": id_pattern(targets)},
                        "props": props,
                    },
                    "required": ["kind", "source", "target"]
                    + (["props"] if props.get("required") else []),
                }
            )
        )
    return {"oneOf": alternatives, "discriminator": {"propertyName": "kind"}}


def openapi_body(schema: dict[str, Any], example: Mapping[str, Any]) -> dict[str, Any]:
    """A route's ``openapi_extra`` declaring ``schema`` as its JSON request body."""
    content = {"application/json": {"schema": schema, "example": dict(example)}}
    return {"requestBody": {"required": True, "content": content}}


@cache
def _validator(which: str) -> Draft202012Validator:
    schema = node_body() if which == "node" else tie_body()
    return Draft202012Validator(schema, format_checker=FormatChecker())


def check(which: str, body: Any) -> None:
    """Hold a node (``which="node"``) or tie body to its published schema; InvalidInput names the
    field and the rule it breaks, never the value."""
    validator = _validator(which)
    errors = list(validator.iter_errors(body))
    if not errors:
        return
    if isinstance(body, dict) and "kind" in body:
        # one alternative per kind: report the errors against the body's own kind
        kind = body["kind"]
        for alternative in validator.schema["oneOf"]:
            if alternative["properties"]["kind"]["const"] == kind:
                errors = list(
                    Draft202012Validator(alternative, format_checker=FormatChecker()).iter_errors(
                        body
                    )
                )
                break
    parts, where = [], "kind"
    for e in errors[:5]:
        if e.context:  # an anyOf: the alternative of the value's own type came closest
            e = min(e.context, key=lambda sub: (sub.validator == "type", len(sub.path)))
        where = ".".join(str(p) for p in e.absolute_path) or "body"
        parts.append(f"{where}: {_rule(e.validator, e.validator_value)}")
    raise InvalidInput("; ".join(parts) or "kind: not one of the kinds", field=where)


def _rule(validator: str, value: Any) -> str:
    """The rule a value broke, in words, without the value."""
    words = {
        "maxLength": f"at most {value} characters",
        "minLength": f"at least {value} characters",
        "maximum": f"at most {value}",
        "minimum": f"at least {value}",
        "const": f"must be {value}",
        "type": f"must be a {value}" if isinstance(value, str) else "of the wrong type",
        "enum": "one of: " + ", ".join(map(str, value)) if isinstance(value, list) else "",
        "required": "needs " + (", ".join(value) if isinstance(value, list) else str(value)),
        "additionalProperties": "has a field that is not known (extra fields are named x_...)",
        "pattern": "holds characters or a form it may not (see the schema's pattern)",
        "format": f"is not a {value}",
    }
    return words.get(validator) or f"breaks {validator}"
