"""SCIM filter expressions (RFC 7644 §3.4.2.2) parsed to a small tree.

    userName eq "ana@acme.example"
    externalId eq "00u1" and active eq true
    emails[type eq "work" and value co "@acme"] or not (title pr)

Attribute names are compared case-insensitively and normalised by `attribute_key`:
"userName" -> "username", "name.givenName" -> "name.givenname", and an extension's URN
prefix to its short name ("urn:...:enterprise:2.0:User:employeeNumber" ->
"enterprise.employeenumber"). `matches` evaluates a tree on one JSON object (PATCH paths);
the views translate trees to database filters.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:user"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:group"
ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"
TWOWAY_USER = "urn:ietf:params:scim:schemas:extension:twoway:2.0:user"
URN_NAMES = {CORE_USER: "", CORE_GROUP: "", ENTERPRISE_USER: "enterprise", TWOWAY_USER: "twoway"}
OPERATORS = frozenset({"eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"})
MAX_LENGTH = 2000


class FilterError(ValueError):
    """A filter that cannot be read; the message says where (scimType invalidFilter)."""


@dataclass(frozen=True)
class Compare:
    attribute: str
    op: str
    value: object


@dataclass(frozen=True)
class Present:
    attribute: str


@dataclass(frozen=True)
class And:
    left: Node
    right: Node


@dataclass(frozen=True)
class Or:
    left: Node
    right: Node


@dataclass(frozen=True)
class Not:
    inner: Node


Node = Compare | Present | And | Or | Not


def attribute_key(path: str) -> str:
    """The normalised name of an attribute path (see the module docstring)."""
    lowered = path.strip().lower()
    if lowered.startswith("urn:"):
        for urn, short in URN_NAMES.items():
            if lowered.startswith(urn + ":"):
                rest = lowered[len(urn) + 1 :]
                return f"{short}.{rest}" if short else rest
        raise FilterError(f"Unknown schema in attribute {path!r}.")
    return lowered


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<open>\() | (?P<close>\)) | (?P<lbracket>\[) | (?P<rbracket>\])
      | (?P<word>[^\s()\[\]"]+)
    )""",
    re.VERBOSE,
)


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        found = _TOKEN.match(text, position)
        if found is None or found.end() == position:
            raise FilterError(f"Unexpected character at position {position + 1} of the filter.")
        kind = found.lastgroup or ""
        tokens.append((kind, found.group(kind)))
        position = found.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise FilterError("The filter ends too early.")
        self.at += 1
        return token

    def keyword(self, *words: str) -> str | None:
        token = self.peek()
        if token and token[0] == "word" and token[1].lower() in words:
            self.at += 1
            return token[1].lower()
        return None

    def parse_or(self, prefix: str = "") -> Node:
        node = self.parse_and(prefix)
        while self.keyword("or"):
            node = Or(node, self.parse_and(prefix))
        return node

    def parse_and(self, prefix: str) -> Node:
        node = self.parse_unary(prefix)
        while self.keyword("and"):
            node = And(node, self.parse_unary(prefix))
        return node

    def parse_unary(self, prefix: str) -> Node:
        if self.keyword("not"):
            return Not(self._group(prefix))
        token = self.peek()
        if token and token[0] == "open":
            return self._group(prefix)
        return self.parse_attribute(prefix)

    def _group(self, prefix: str) -> Node:
        if self.take()[0] != "open":
            raise FilterError("Expected “(” after “not”.")
        node = self.parse_or(prefix)
        if self.closing("close") is None:
            raise FilterError("A “(” is not closed.")
        return node

    def closing(self, kind: str) -> str | None:
        token = self.peek()
        if token is None or token[0] != kind:
            return None
        self.at += 1
        return token[1]

    def parse_attribute(self, prefix: str) -> Node:
        kind, text = self.take()
        if kind != "word":
            raise FilterError(f"Expected an attribute name, found {text!r}.")
        attribute = prefix + attribute_key(text)
        token = self.peek()
        if token and token[0] == "lbracket":  # emails[type eq "work"]: a filter on elements
            self.take()
            node = self.parse_or(attribute + ".")
            if self.closing("rbracket") is None:
                raise FilterError("A “[” is not closed.")
            return node
        operator = self.take()
        if operator[0] != "word" or operator[1].lower() not in OPERATORS | {"pr"}:
            raise FilterError(f"Unknown operator {operator[1]!r} after {text!r}.")
        if operator[1].lower() == "pr":
            return Present(attribute)
        return Compare(attribute, operator[1].lower(), self.value())

    def value(self) -> object:
        kind, text = self.take()
        if kind == "string":
            return json.loads(text)
        lowered = text.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        if lowered == "null":
            return None
        try:
            return float(text) if "." in text else int(text)
        except ValueError:
            raise FilterError(f"{text!r} is not a value: put text in double quotes.") from None


def parse_filter(text: str) -> Node:
    """The tree of a filter; FilterError names what is wrong."""
    if not text.strip():
        raise FilterError("The filter is empty.")
    if len(text) > MAX_LENGTH:
        raise FilterError(f"The filter is longer than {MAX_LENGTH} characters.")
    parser = _Parser(text)
    node = parser.parse_or()
    if parser.peek() is not None:
        raise FilterError(f"Unexpected {parser.peek()[1]!r} in the filter.")  # type: ignore[index]
    return node


def _lookup(resource: dict, attribute: str) -> list[object]:
    """The values at a normalised attribute path of a JSON object (lists flattened)."""
    values: list[object] = [resource]
    for part in attribute.split("."):
        found: list[object] = []
        for value in values:
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, dict):
                    found += [v for k, v in item.items() if k.lower() == part]
        values = found
    flat: list[object] = []
    for value in values:
        flat += value if isinstance(value, list) else [value]
    return [v for v in flat if v is not None and v != ""]


def _compare(have: object, op: str, want: object) -> bool:
    if isinstance(have, str) and isinstance(want, str):
        have, want = have.casefold(), want.casefold()
    if op == "eq":
        return have == want
    if op == "ne":
        return have != want
    if isinstance(have, str) and isinstance(want, str):
        if op == "co":
            return want in have
        if op == "sw":
            return have.startswith(want)
        if op == "ew":
            return have.endswith(want)
    try:
        return {
            "gt": have > want, "ge": have >= want, "lt": have < want, "le": have <= want,  # type: ignore[operator]
        }.get(op, False)  # fmt: skip
    except TypeError:
        return False


def matches(node: Node, resource: dict) -> bool:
    """Whether one JSON object satisfies the filter."""
    if isinstance(node, And):
        return matches(node.left, resource) and matches(node.right, resource)
    if isinstance(node, Or):
        return matches(node.left, resource) or matches(node.right, resource)
    if isinstance(node, Not):
        return not matches(node.inner, resource)
    values = _lookup(resource, node.attribute)
    if isinstance(node, Present):
        return bool(values)
    if node.op == "ne":
        return all(_compare(v, "ne", node.value) for v in values)
    return any(_compare(v, node.op, node.value) for v in values)
