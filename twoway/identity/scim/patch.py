"""SCIM PATCH (RFC 7644 §3.5.2) applied to a resource's JSON.

A PATCH is turned into the resource it asks for, which is then written like a PUT: one path
for the three ways identity providers change a person. Both shapes in use are read:

    Okta:  {"op": "replace", "value": {"active": false}}
    Entra: {"op": "Replace", "path": "active", "value": "False"}
           {"op": "Add", "path": "emails[type eq \"work\"].value", "value": "ana@acme.example"}
           {"op": "Remove", "path": "members", "value": [{"value": "<id>"}]}
           {"op": "remove", "path": "members[value eq \"<id>\"]"}           (Okta)

Op names are read case-insensitively. A path is `[schema URN:]attribute[[filter]][.sub]`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from .filters import URN_NAMES, And, Compare, FilterError, Node, matches, parse_filter

OPS = ("add", "replace", "remove")
MAX_OPERATIONS = 1000


class PatchError(ValueError):
    """A PATCH that cannot be applied; `scim_type` is the RFC's error keyword."""

    def __init__(self, message: str, scim_type: str = "invalidValue") -> None:
        super().__init__(message)
        self.scim_type = scim_type


@dataclass(frozen=True)
class Path:
    schema: str  # "" for the core schema, else the extension's URN as written
    attribute: str
    element_filter: Node | None
    sub: str


_PATH = re.compile(r"^(?P<attr>[A-Za-z$][\w$-]*)(?:\[(?P<filter>.*)\])?(?:\.(?P<sub>[\w$-]+))?$")


def parse_path(text: str) -> Path:
    """ "emails[type eq "work"].value" -> Path("", "emails", <filter>, "value")."""
    schema = ""
    rest = text.strip()
    if rest.lower().startswith("urn:"):
        # The schema is everything up to the last ":" before the attribute (which has none).
        head, _, tail = rest.rpartition(":")
        if head.lower() not in URN_NAMES:
            raise PatchError(f"Unknown schema in path {text!r}.", "invalidPath")
        schema = "" if URN_NAMES[head.lower()] == "" else head
        rest = tail
    found = _PATH.match(rest)
    if found is None:
        raise PatchError(f"{text!r} is not an attribute path.", "invalidPath")
    element_filter = None
    if found.group("filter") is not None:
        try:
            element_filter = parse_filter(found.group("filter"))
        except FilterError as error:
            raise PatchError(f"Path {text!r}: {error}", "invalidFilter") from None
    return Path(schema, found.group("attr"), element_filter, found.group("sub") or "")


def _key(container: dict, name: str) -> str:
    """The key of `name` in `container` as written there (names are case-insensitive)."""
    for key in container:
        if key.lower() == name.lower():
            return key
    return name


def _container(resource: dict, schema: str, create: bool) -> dict | None:
    if not schema:
        return resource
    key = _key(resource, schema)
    if key not in resource:
        if not create:
            return None
        resource[key] = {}
    value = resource[key]
    return value if isinstance(value, dict) else None


def _same_element(a: object, b: object) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return str(a.get("value", a)).casefold() == str(b.get("value", b)).casefold()
    return a == b


def _merge_list(existing: list, new: list) -> list:
    merged = list(existing)
    for item in new:
        if not any(_same_element(item, have) for have in merged):
            merged.append(item)
    return merged


def _seed_from_filter(node: Node) -> dict:
    """The element a filter names ("type eq work" gives {"type": "work"}), added when none is."""
    if isinstance(node, Compare) and node.op == "eq":
        return {node.attribute: node.value}
    if isinstance(node, And):
        return {**_seed_from_filter(node.left), **_seed_from_filter(node.right)}
    return {}


def _set(container: dict, path: Path, value: object, op: str) -> None:
    key = _key(container, path.attribute)
    current = container.get(key)
    if path.element_filter is not None:
        elements = current if isinstance(current, list) else []
        chosen = [e for e in elements if isinstance(e, dict) and matches(path.element_filter, e)]
        if not chosen:
            seed = _seed_from_filter(path.element_filter)
            elements.append(seed)
            chosen = [seed]
        for element in chosen:
            if path.sub:
                element[_key(element, path.sub)] = value
            elif isinstance(value, dict):
                element.update(value)
        container[key] = elements
        return
    if path.sub:
        target = current if isinstance(current, dict) else {}
        target[_key(target, path.sub)] = value
        container[key] = target
    elif op == "add" and isinstance(current, list):
        container[key] = _merge_list(current, value if isinstance(value, list) else [value])
    elif op == "add" and isinstance(current, dict) and isinstance(value, dict):
        current.update(value)
    else:
        container[key] = value


def _remove(container: dict, path: Path, value: object) -> None:
    key = _key(container, path.attribute)
    if key not in container:
        return
    current = container[key]
    if path.element_filter is not None and isinstance(current, list):
        if path.sub:
            for element in current:
                if isinstance(element, dict) and matches(path.element_filter, element):
                    element.pop(_key(element, path.sub), None)
        else:
            container[key] = [
                e for e in current if not (isinstance(e, dict) and matches(path.element_filter, e))
            ]
    elif path.sub and isinstance(current, dict):
        current.pop(_key(current, path.sub), None)
    elif isinstance(current, list) and value is not None:
        gone = value if isinstance(value, list) else [value]
        container[key] = [e for e in current if not any(_same_element(e, g) for g in gone)]
    else:
        del container[key]


def _apply_without_path(resource: dict, value: object, op: str) -> None:
    if not isinstance(value, dict):
        raise PatchError("An operation without a path needs an object of attributes as value.")
    for name, item in value.items():
        if name.lower().startswith("urn:") and isinstance(item, dict):
            container = _container(resource, name, create=True)
            if container is None:
                raise PatchError(f"{name} is not an object in this resource.")
            for sub_name, sub_value in item.items():
                _set(container, parse_path(sub_name), sub_value, op)
        else:
            path = parse_path(name)
            target = _container(resource, path.schema, create=True)
            if target is None:
                raise PatchError(f"{name} is not an object in this resource.")
            _set(target, path, item, op)


def apply_patch(resource: dict, body: object) -> dict:
    """The resource after the PATCH request body `body`; `resource` is left as it was."""
    if not isinstance(body, dict):
        raise PatchError("The body must be a PatchOp object.", "invalidSyntax")
    operations = body.get("Operations", body.get("operations"))
    if not isinstance(operations, list) or not operations:
        raise PatchError("“Operations” must be a non-empty list.", "invalidSyntax")
    if len(operations) > MAX_OPERATIONS:
        raise PatchError(f"At most {MAX_OPERATIONS} operations in one PATCH.", "tooMany")
    result = copy.deepcopy(resource)
    for number, operation in enumerate(operations, start=1):
        if not isinstance(operation, dict):
            raise PatchError(f"Operation {number} is not an object.", "invalidSyntax")
        op = str(operation.get("op", "")).lower()
        if op not in OPS:
            raise PatchError(
                f"Operation {number}: “op” must be add, replace or remove.", "invalidSyntax"
            )
        value = operation.get("value")
        raw_path = operation.get("path")
        if raw_path in (None, ""):
            if op == "remove":
                raise PatchError(f"Operation {number}: remove needs a path.", "noTarget")
            _apply_without_path(result, value, op)
            continue
        if not isinstance(raw_path, str):
            raise PatchError(f"Operation {number}: “path” must be text.", "invalidPath")
        path = parse_path(raw_path)
        container = _container(result, path.schema, create=op != "remove")
        if container is None:
            continue
        if op == "remove":
            _remove(container, path, value)
        else:
            _set(container, path, value, op)
    return result
