"""Built-in question banks: TOML files beside this module, and their loader.

Pure Python (no Django import). `load_builtin("alignment_diagnostic")` reads a bank,
checks it and returns one plain dict in a normalised shape (every optional field
filled in), so the code that stores templates never has to guess. The format is
documented in `schema.md` beside this file.

Any problem raises `BankError` (a `ValueError`) naming the file, the item and the
field, e.g. ``alignment_diagnostic.toml: item 'tools-first-contact', field 'leader':
missing the 'es' translation``.
"""

from __future__ import annotations

import math
import re
import tomllib
from importlib import resources
from typing import Any

__all__ = [
    "KINDS",
    "RATING_KINDS",
    "BankError",
    "available_builtins",
    "items_for_wave",
    "load_builtin",
    "parse_bank",
    "validate_bank",
]

KINDS = ("agree5", "scale0_10", "choice", "text")
RATING_KINDS = ("agree5", "scale0_10")
BANK_TYPES = ("diagnostic", "pulse")
CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ANSWER_LABEL_KEYS = {
    "agree5": ("1", "2", "3", "4", "5", "na"),
    "scale0_10": ("0", "10"),
    "leader_prompts": ("today", "target"),
}
TOP_FIELDS = (
    "code",
    "version",
    "bank",
    "languages",
    "name",
    "description",
    "answer_labels",
    "constructs",
    "items",
)
ITEM_FIELDS = ("code", "construct", "kind", "frontline")
ITEM_OPTIONAL_FIELDS = ("required", "reverse", "frequency", "leader", "choices")

Table = dict[str, Any]


class BankError(ValueError):
    """A question bank that cannot be used, with the place of the problem in its message."""


def available_builtins() -> list[str]:
    """Names of the banks shipped with twoway, as `load_builtin` accepts them."""
    folder = resources.files(__name__)
    return sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_builtin(name: str) -> Table:
    """Read, check and normalise the built-in bank `name` ("change_pulse" or "change-pulse")."""
    stem = name.replace("-", "_")
    if stem not in available_builtins():
        raise BankError(
            f"no built-in bank named {name!r}; available: {', '.join(available_builtins())}"
        )
    source = f"{stem}.toml"
    bank = parse_bank(resources.files(__name__).joinpath(source).read_text("utf-8"), source)
    if bank["code"] != stem.replace("_", "-"):
        # The file name is how people ask for a bank; the code is what campaigns store.
        raise BankError(f"{source}: field 'code': {bank['code']!r} does not match the file name")
    return bank


def parse_bank(text: str, source: str = "<string>") -> Table:
    """Parse TOML text of a bank and return it checked and normalised (see `validate_bank`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BankError(f"{source}: not valid TOML: {error}") from error
    return validate_bank(data, source)


def validate_bank(data: Table, source: str = "<string>") -> Table:
    """Check a parsed bank and return a normalised copy.

    Items come back with every field present: `required` (default: true except for
    text), `reverse` (default false), `frequency` (None outside pulse banks), `leader`
    (None where a pulse bank leaves it out) and `choices` (empty unless kind is choice).
    """
    _reject_unknown(data, TOP_FIELDS, (), source, "bank")
    for field in TOP_FIELDS:
        if field not in data:
            raise _error(source, "bank", field, "missing")
    top = _check_header(data, source)
    constructs = _check_constructs(data["constructs"], top["languages"], source)
    items = _check_items(data["items"], top, {c["code"] for c in constructs}, source)
    _check_every_construct_used(constructs, items, source)
    return {**top, "constructs": constructs, "items": items}


def items_for_wave(bank: Table, wave: int) -> list[Table]:
    """The items of a normalised bank asked in pulse wave `wave` (1 is the first wave).

    An item with frequency N is asked every N waves, starting at a phase chosen so that the
    waves carry equal loads (see `item_phases`): a pulse stays at 3 to 6 questions a wave
    rather than asking everything at once. A bank without frequencies (a diagnostic) always
    asks everything.
    """
    if isinstance(wave, bool) or not isinstance(wave, int) or wave < 1:
        raise ValueError(f"wave must be a whole number from 1, not {wave!r}")
    phases = item_phases(bank["items"])
    return [
        item
        for item in bank["items"]
        if (wave - 1) % (item["frequency"] or 1) == phases[item["code"]]
    ]


def item_phases(items: list[Table]) -> dict[str, int]:
    """A starting wave offset per item, balancing how many rated questions each wave asks.

    Greedy in file order: each item with frequency N takes the offset (0..N-1) whose waves
    are least loaded over the whole cycle. The open comment and the 0-10 recommend question
    ride along and are not counted, since every wave has the comment and eNPS is the headline.
    """
    cycle = math.lcm(*[item["frequency"] or 1 for item in items]) if items else 1
    load = [0] * cycle
    phases = {}
    for item in items:
        every = item["frequency"] or 1
        counted = item["kind"] not in ("text", "scale0_10")

        def peak(phase: int, every: int = every) -> int:
            return max(load[w] for w in range(phase, cycle, every))

        phase = min(range(every), key=lambda p: (peak(p), p)) if counted else 0
        phases[item["code"]] = phase
        if counted:
            for w in range(phase, cycle, every):
                load[w] += 1
    return phases


# --- header -------------------------------------------------------------------


def _check_header(data: Table, source: str) -> Table:
    """Check the bank-wide fields and return them normalised."""
    code = _check_code(data["code"], source, "bank", "code")
    version = data["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _error(source, "bank", "version", f"must be a whole number from 1, not {version!r}")
    if data["bank"] not in BANK_TYPES:
        raise _error(source, "bank", "bank", f"{data['bank']!r} is not one of {BANK_TYPES}")
    languages = _check_languages(data["languages"], source)
    return {
        "code": code,
        "version": version,
        "bank": data["bank"],
        "languages": languages,
        "name": _localised(data["name"], languages, source, "bank", "name"),
        "description": _localised(data["description"], languages, source, "bank", "description"),
        "answer_labels": _check_answer_labels(data["answer_labels"], languages, source),
    }


def _check_languages(value: Any, source: str) -> list[str]:
    ok = isinstance(value, list) and value and all(isinstance(v, str) and v for v in value)
    if not ok:
        raise _error(source, "bank", "languages", 'expected a list of codes like ["en", "es"]')
    if len(set(value)) != len(value):
        raise _error(source, "bank", "languages", f"a language is listed twice in {value}")
    return list(value)


def _check_answer_labels(value: Any, languages: list[str], source: str) -> Table:
    if not isinstance(value, dict):
        raise _error(source, "bank", "answer_labels", "expected a table")
    _reject_unknown(value, tuple(ANSWER_LABEL_KEYS), (), source, "answer_labels")
    labels: Table = {}
    for group, keys in ANSWER_LABEL_KEYS.items():
        where = f"answer_labels.{group}"
        table = value.get(group)
        if not isinstance(table, dict):
            raise _error(source, "bank", where, f"missing table with keys {', '.join(keys)}")
        _reject_unknown(table, keys, (), source, where)
        labels[group] = {
            key: _localised(table.get(key), languages, source, "bank", f"{where}.{key}")
            for key in keys
        }
    return labels


# --- constructs -----------------------------------------------------------------


def _check_constructs(value: Any, languages: list[str], source: str) -> list[Table]:
    if not isinstance(value, list) or not value:
        raise _error(source, "bank", "constructs", "expected at least one [[constructs]] table")
    constructs: list[Table] = []
    seen: set[str] = set()
    for index, raw in enumerate(value, start=1):
        where = f"construct #{index}"
        if not isinstance(raw, dict):
            raise _error(source, where, "", "expected a table")
        code = _check_code(raw.get("code"), source, where, "code")
        where = f"construct {code!r}"
        _reject_unknown(raw, ("code", "label"), (), source, where)
        if code in seen:
            raise _error(source, where, "code", "duplicate code: another construct uses it")
        seen.add(code)
        label = _localised(raw.get("label"), languages, source, where, "label")
        constructs.append({"code": code, "label": label})
    return constructs


def _check_every_construct_used(constructs: list[Table], items: list[Table], source: str) -> None:
    """An empty construct would show as a blank row in every report."""
    used = {item["construct"] for item in items}
    for construct in constructs:
        if construct["code"] not in used:
            raise _error(source, f"construct {construct['code']!r}", "code", "no item uses it")


# --- items ----------------------------------------------------------------------


def _check_items(value: Any, top: Table, constructs: set[str], source: str) -> list[Table]:
    if not isinstance(value, list) or not value:
        raise _error(source, "bank", "items", "expected at least one [[items]] table")
    items: list[Table] = []
    first_use: dict[str, int] = {}
    for index, raw in enumerate(value, start=1):
        if not isinstance(raw, dict):
            raise _error(source, f"item #{index}", "", "expected a table")
        item = _check_item(raw, index, top, constructs, source)
        if item["code"] in first_use:
            where = f"item {item['code']!r}"
            problem = f"duplicate code: item #{first_use[item['code']]} already uses it"
            raise _error(source, where, "code", problem)
        first_use[item["code"]] = index
        items.append(item)
    return items


def _check_item(raw: Table, index: int, top: Table, constructs: set[str], source: str) -> Table:
    code = _check_code(raw.get("code"), source, f"item #{index}", "code")
    where = f"item {code!r}"
    _reject_unknown(raw, ITEM_FIELDS, ITEM_OPTIONAL_FIELDS, source, where)
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _error(source, where, "kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    construct = raw.get("construct")
    if construct not in constructs:
        known = ", ".join(sorted(constructs))
        raise _error(source, where, "construct", f"{construct!r} is not declared (known: {known})")
    languages = top["languages"]
    return {
        "code": code,
        "construct": construct,
        "kind": kind,
        "required": _flag(raw, "required", kind != "text", source, where),
        "reverse": _check_reverse(raw, kind, source, where),
        "frequency": _check_frequency(raw, top["bank"], source, where),
        "frontline": _localised(raw.get("frontline"), languages, source, where, "frontline"),
        "leader": _check_leader(raw, top, source, where),
        "choices": _check_choices(raw, kind, languages, source, where),
    }


def _check_reverse(raw: Table, kind: str, source: str, where: str) -> bool:
    reverse = _flag(raw, "reverse", False, source, where)
    if reverse and kind not in RATING_KINDS:
        raise _error(source, where, "reverse", f"only {' and '.join(RATING_KINDS)} can be reversed")
    return reverse


def _check_frequency(raw: Table, bank: str, source: str, where: str) -> int | None:
    if bank != "pulse":
        if "frequency" in raw:
            raise _error(source, where, "frequency", "only items of a pulse bank have one")
        return None
    value = raw.get("frequency")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problem = f"expected a whole number of waves from 1 (1 = every wave), not {value!r}"
        raise _error(source, where, "frequency", problem)
    return value


def _check_leader(raw: Table, top: Table, source: str, where: str) -> dict[str, str] | None:
    if "leader" not in raw and top["bank"] == "pulse":
        return None  # pulses are answered by the frontline; a leader wording is optional
    return _localised(raw.get("leader"), top["languages"], source, where, "leader")


def _check_choices(
    raw: Table, kind: str, languages: list[str], source: str, where: str
) -> list[Table]:
    value = raw.get("choices")
    if kind != "choice":
        if value is not None:
            raise _error(source, where, "choices", f"only choice items have choices, not {kind}")
        return []
    if not isinstance(value, list) or len(value) < 2:
        raise _error(source, where, "choices", "a choice item needs at least two choices")
    choices: list[Table] = []
    for index, choice in enumerate(value, start=1):
        field = f"choices[{index}]"
        if not isinstance(choice, dict):
            raise _error(source, where, field, "expected { code = ..., label = { ... } }")
        _reject_unknown(choice, ("code", "label"), (), source, f"{where}, {field}")
        code = _check_code(choice.get("code"), source, where, f"{field}.code")
        if code in {c["code"] for c in choices}:
            raise _error(source, where, f"{field}.code", f"duplicate choice code {code!r}")
        label = _localised(choice.get("label"), languages, source, where, f"{field}.label")
        choices.append({"code": code, "label": label})
    return choices


# --- small checks -----------------------------------------------------------------


def _check_code(value: Any, source: str, where: str, field: str) -> str:
    if not isinstance(value, str) or not CODE_PATTERN.match(value):
        problem = f"{value!r} is not a kebab-case code (lowercase letters, digits, hyphens)"
        raise _error(source, where, field, problem)
    return value


def _localised(
    value: Any, languages: list[str], source: str, where: str, field: str
) -> dict[str, str]:
    """A text in every declared language, and in no other."""
    if not isinstance(value, dict):
        example = ", ".join(f'{lang} = "..."' for lang in languages)
        raise _error(source, where, field, f"missing; expected {{ {example} }}")
    for lang in languages:
        if lang not in value:
            raise _error(source, where, field, f"missing the {lang!r} translation")
        if not isinstance(value[lang], str) or not value[lang].strip():
            raise _error(source, where, field, f"the {lang!r} translation is empty")
    for lang in value:
        if lang not in languages:
            raise _error(source, where, field, f"language {lang!r} is not declared in languages")
    return {lang: value[lang].strip() for lang in languages}


def _flag(raw: Table, field: str, default: bool, source: str, where: str) -> bool:
    value = raw.get(field, default)
    if not isinstance(value, bool):
        raise _error(source, where, field, f"expected true or false, not {value!r}")
    return value


def _reject_unknown(
    table: Table, needed: tuple[str, ...], optional: tuple[str, ...], source: str, where: str
) -> None:
    """A misspelt key (`fronltine`) would otherwise vanish without a word."""
    for key in table:
        if key not in needed and key not in optional:
            raise _error(source, where, key, "unknown field")


def _error(source: str, where: str, field: str, problem: str) -> BankError:
    place = f"{where}, field {field!r}" if field else where
    return BankError(f"{source}: {place}: {problem}")
