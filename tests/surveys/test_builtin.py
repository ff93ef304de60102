"""The built-in question banks load, say the same thing in every language, and the
loader turns a broken bank into a message that names the item and the field."""

from __future__ import annotations

import itertools
import re

import pytest

from twoway.surveys.builtin import (
    RATING_KINDS,
    BankError,
    available_builtins,
    items_for_wave,
    load_builtin,
    parse_bank,
)

DIAGNOSTIC_CONSTRUCTS = {
    "tools",
    "process",
    "autonomy",
    "communication",
    "vision",
    "modelling",
    "change",
    "workload",
    "recognition",
    "remote",
    "customer",
}


@pytest.fixture(scope="module")
def diagnostic():
    return load_builtin("alignment_diagnostic")


@pytest.fixture(scope="module")
def pulse():
    return load_builtin("change_pulse")


def rating_items(bank):
    return [item for item in bank["items"] if item["kind"] in RATING_KINDS]


def texts_of(bank):
    """Every translated text of a bank, as (place, {language: text})."""
    yield "name", bank["name"]
    yield "description", bank["description"]
    for group, labels in bank["answer_labels"].items():
        for key, text in labels.items():
            yield f"answer_labels.{group}.{key}", text
    for construct in bank["constructs"]:
        yield f"construct {construct['code']}", construct["label"]
    for item in bank["items"]:
        yield f"{item['code']} frontline", item["frontline"]
        if item["leader"] is not None:
            yield f"{item['code']} leader", item["leader"]
        for choice in item["choices"]:
            yield f"{item['code']} choice {choice['code']}", choice["label"]


# --- the shipped banks ------------------------------------------------------------


def test_both_builtin_banks_are_shipped():
    assert available_builtins() == ["alignment_diagnostic", "change_pulse"]


@pytest.mark.parametrize("name", ["alignment_diagnostic", "change_pulse"])
def test_every_text_is_in_english_and_spanish(name):
    bank = load_builtin(name)
    assert bank["languages"] == ["en", "es"]
    for place, text in texts_of(bank):
        assert set(text) == {"en", "es"}, place
        assert text["en"] and text["es"], place


@pytest.mark.parametrize("name", ["alignment_diagnostic", "change_pulse"])
def test_spanish_is_translated_not_copied(name):
    bank = load_builtin(name)
    for place, text in texts_of(bank):
        assert text["es"] != text["en"], place


@pytest.mark.parametrize("name", ["alignment_diagnostic", "change_pulse"])
def test_spanish_questions_open_with_an_inverted_question_mark(name):
    for place, text in texts_of(load_builtin(name)):
        if text["es"].endswith("?"):
            assert text["es"].startswith("¿"), place


@pytest.mark.parametrize("name", ["alignment_diagnostic", "change_pulse"])
def test_frontline_rating_items_read_in_a_glance(name):
    # Agents answer on a phone in under a minute: at most 12 English words per statement.
    for item in rating_items(load_builtin(name)):
        assert len(item["frontline"]["en"].split()) <= 12, item["code"]


def test_a_hyphenated_name_loads_the_same_bank(diagnostic):
    assert load_builtin("alignment-diagnostic") == diagnostic


def test_an_unknown_bank_name_lists_the_ones_there_are():
    with pytest.raises(BankError, match="alignment_diagnostic, change_pulse"):
        load_builtin("engagement_survey")


def test_builtin_banks_never_share_an_item_code(diagnostic, pulse):
    shared = {i["code"] for i in diagnostic["items"]} & {i["code"] for i in pulse["items"]}
    assert shared == set()


def test_answer_labels_cover_both_scales_and_the_leader_prompts(diagnostic):
    labels = diagnostic["answer_labels"]
    assert labels["agree5"]["1"]["en"] == "Strongly disagree"
    assert labels["agree5"]["5"]["en"] == "Strongly agree"
    assert labels["agree5"]["na"] == {"en": "Not applicable", "es": "No aplica"}
    assert labels["scale0_10"]["0"]["en"] == "Not at all likely"
    assert labels["scale0_10"]["10"]["en"] == "Extremely likely"
    assert labels["leader_prompts"]["today"]["en"] == "What is true today"
    assert labels["leader_prompts"]["target"]["en"] == "What we want"


# --- the alignment diagnostic -------------------------------------------------------


def test_diagnostic_covers_every_listed_construct(diagnostic):
    declared = {c["code"] for c in diagnostic["constructs"]}
    rated = {i["construct"] for i in rating_items(diagnostic)}
    assert declared == DIAGNOSTIC_CONSTRUCTS
    assert rated == DIAGNOSTIC_CONSTRUCTS


def test_diagnostic_has_18_to_24_rating_items_and_at_most_3_per_construct(diagnostic):
    items = rating_items(diagnostic)
    assert 18 <= len(items) <= 24
    for construct in DIAGNOSTIC_CONSTRUCTS:
        assert 1 <= sum(i["construct"] == construct for i in items) <= 3, construct


def test_diagnostic_asks_the_two_open_questions_without_requiring_them(diagnostic):
    open_items = {i["frontline"]["en"]: i for i in diagnostic["items"] if i["kind"] == "text"}
    for question in (
        "What gets most in the way of serving customers well?",
        "Which workaround do you use most, and how much time does it cost you?",
    ):
        assert question in open_items
        assert open_items[question]["required"] is False
        assert open_items[question]["leader"]["en"].startswith(("What do you believe", "Which"))
    assert len(open_items) <= 3


def test_leaders_rate_the_same_statement_about_their_agents(diagnostic):
    for item in rating_items(diagnostic):
        leader, frontline = item["leader"], item["frontline"]
        assert leader["en"] != frontline["en"], item["code"]
        assert re.search(r"\b(agents|frontline)\b", leader["en"]), item["code"]
        assert re.search(r"\b(agentes|primera línea)\b", leader["es"]), item["code"]
        assert re.search(r"\b(I|me|my)\b", frontline["en"], re.IGNORECASE), item["code"]


def test_diagnostic_rating_items_are_required_and_have_no_frequency(diagnostic):
    for item in rating_items(diagnostic):
        assert item["required"] is True
        assert item["frequency"] is None


# --- the change pulse -----------------------------------------------------------------


def test_pulse_asks_enps_on_the_0_to_10_scale(pulse):
    enps = next(i for i in pulse["items"] if i["code"] == "enps")
    assert enps["kind"] == "scale0_10"
    assert enps["frontline"]["en"] == "How likely are you to recommend working here to a friend?"


def test_pulse_ends_with_room_for_one_open_comment(pulse):
    comments = [i for i in pulse["items"] if i["kind"] == "text"]
    assert [c["frontline"]["en"] for c in comments] == [
        "What one thing would make this change easier for you?"
    ]
    assert comments[0]["required"] is False


def test_pulse_asks_fatigue_and_workload_more_often_than_the_rest(pulse):
    weekly = [i for i in rating_items(pulse) if i["frequency"] == 1]
    assert {i["construct"] for i in weekly} == {"energy", "load"}
    assert all(
        i["frequency"] >= 2 for i in rating_items(pulse) if i["construct"] not in {"energy", "load"}
    )


def test_pulse_has_a_reverse_keyed_fatigue_item_beside_a_positive_one(pulse):
    energy = [i for i in pulse["items"] if i["construct"] == "energy"]
    assert sorted(i["reverse"] for i in energy) == [False, True]
    assert not any(i["reverse"] for i in pulse["items"] if i["construct"] != "energy")


def test_pulse_items_may_leave_out_the_leader_wording(pulse):
    assert all(i["leader"] is None for i in pulse["items"])


def test_every_pulse_wave_asks_three_to_six_items_each_on_its_rhythm(pulse):
    def codes(wave):
        return {i["code"] for i in items_for_wave(pulse, wave)}

    for wave in range(1, 17):
        rated = [i for i in items_for_wave(pulse, wave) if i["kind"] not in ("text", "scale0_10")]
        assert 3 <= len(rated) <= 6, (wave, len(rated))
        assert "open-make-it-easier" in codes(wave)  # the comment, every wave
    for item in pulse["items"]:
        asked = [w for w in range(1, 17) if item["code"] in codes(w)]
        every = item["frequency"]
        assert asked and all(b - a == every for a, b in itertools.pairwise(asked)), item["code"]
    assert "enps" in codes(1) and "enps" in codes(5) and "enps" not in codes(4)


def test_a_wave_before_the_first_is_refused(pulse):
    with pytest.raises(ValueError, match="wave"):
        items_for_wave(pulse, 0)


def test_a_diagnostic_asks_every_item_in_any_wave(diagnostic):
    assert items_for_wave(diagnostic, 7) == diagnostic["items"]


# --- broken banks -------------------------------------------------------------------

VALID = """
code = "tiny"
version = 1
bank = "diagnostic"
languages = ["en", "es"]
name = { en = "Tiny", es = "Pequeño" }
description = { en = "Two items.", es = "Dos preguntas." }

[answer_labels.agree5]
"1" = { en = "Strongly disagree", es = "Totalmente en desacuerdo" }
"2" = { en = "Disagree", es = "En desacuerdo" }
"3" = { en = "Neither agree nor disagree", es = "Ni de acuerdo ni en desacuerdo" }
"4" = { en = "Agree", es = "De acuerdo" }
"5" = { en = "Strongly agree", es = "Totalmente de acuerdo" }
na = { en = "Not applicable", es = "No aplica" }

[answer_labels.scale0_10]
"0" = { en = "Not at all likely", es = "Nada probable" }
"10" = { en = "Extremely likely", es = "Extremadamente probable" }

[answer_labels.leader_prompts]
today = { en = "What is true today", es = "Lo que es cierto hoy" }
target = { en = "What we want", es = "Lo que queremos" }

[[constructs]]
code = "tools"
label = { en = "Tools", es = "Herramientas" }

[[items]]
code = "tools-first-contact"
construct = "tools"
kind = "agree5"
required = true
frontline = { en = "I have the tools.", es = "Tengo las herramientas." }
leader = { en = "Our agents have the tools.", es = "Nuestros agentes tienen las herramientas." }

[[items]]
code = "tools-comment"
construct = "tools"
kind = "text"
frontline = { en = "Which tool fails you?", es = "¿Qué herramienta te falla?" }
leader = { en = "Which tool fails our agents?", es = "¿Qué les falla a nuestros agentes?" }
"""


def broken(old, new, count=1):
    """VALID with `old` replaced by `new` (the first `count` times)."""
    assert old in VALID, old
    return VALID.replace(old, new, count)


def test_the_valid_example_loads_with_defaults_filled_in():
    bank = parse_bank(VALID)
    first, comment = bank["items"]
    assert (first["reverse"], first["frequency"], first["choices"]) == (False, None, [])
    assert comment["required"] is False  # text items are optional unless they say otherwise


BROKEN = {
    "missing translation": (
        broken(', es = "Nuestros agentes tienen las herramientas."', ""),
        ["item 'tools-first-contact'", "field 'leader'", "missing the 'es' translation"],
    ),
    "empty translation": (
        broken('es = "Tengo las herramientas."', 'es = "  "'),
        ["item 'tools-first-contact'", "field 'frontline'", "'es' translation is empty"],
    ),
    "undeclared language": (
        broken('es = "Tengo las herramientas." }', 'es = "Tengo.", fr = "J\'ai." }'),
        ["item 'tools-first-contact'", "field 'frontline'", "'fr' is not declared"],
    ),
    "unknown construct": (
        broken('construct = "tools"\nkind = "agree5"', 'construct = "tool"\nkind = "agree5"'),
        ["item 'tools-first-contact'", "field 'construct'", "'tool' is not declared"],
    ),
    "duplicate code": (
        broken('code = "tools-comment"', 'code = "tools-first-contact"'),
        ["item 'tools-first-contact'", "field 'code'", "duplicate", "item #1"],
    ),
    "bad kind": (
        broken('kind = "agree5"', 'kind = "likert7"'),
        ["item 'tools-first-contact'", "field 'kind'", "'likert7'"],
    ),
    "misspelt field": (
        broken('frontline = { en = "I have', 'fronltine = { en = "I have'),
        ["item 'tools-first-contact'", "field 'fronltine'", "unknown field"],
    ),
    "code not kebab-case": (
        broken('code = "tools-comment"', 'code = "Tools_Comment"'),
        ["item #2", "field 'code'", "'Tools_Comment'"],
    ),
    "reverse on a text item": (
        broken('kind = "text"', 'kind = "text"\nreverse = true'),
        ["item 'tools-comment'", "field 'reverse'"],
    ),
    "choice item without choices": (
        broken('kind = "text"', 'kind = "choice"'),
        ["item 'tools-comment'", "field 'choices'", "at least two"],
    ),
    "frequency outside a pulse": (
        broken("required = true", "required = true\nfrequency = 2"),
        ["item 'tools-first-contact'", "field 'frequency'", "pulse"],
    ),
    "required is not a boolean": (
        broken("required = true", 'required = "yes"'),
        ["item 'tools-first-contact'", "field 'required'", "true or false"],
    ),
    "construct nobody uses": (
        broken(
            "[[items]]",
            '[[constructs]]\ncode = "idle"\nlabel = { en = "I", es = "I" }\n\n[[items]]',
        ),
        ["construct 'idle'", "no item uses it"],
    ),
    "missing answer label": (
        broken('na = { en = "Not applicable", es = "No aplica" }', ""),
        ["answer_labels.agree5.na", "missing"],
    ),
    "not TOML at all": (broken("version = 1", "version = = 1"), ["not valid TOML"]),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_a_broken_bank_is_refused_with_the_item_and_field_named(case):
    text, fragments = BROKEN[case]
    with pytest.raises(ValueError) as refused:
        parse_bank(text, "tiny.toml")
    message = str(refused.value)
    assert message.startswith("tiny.toml: ")
    for fragment in fragments:
        assert fragment in message


def test_a_diagnostic_item_without_a_leader_wording_is_refused():
    text = VALID.replace(
        'leader = { en = "Which tool fails our agents?", '
        'es = "¿Qué les falla a nuestros agentes?" }',
        "",
    )
    with pytest.raises(BankError, match=r"item 'tools-comment', field 'leader': missing"):
        parse_bank(text)


def pulse_version(text):
    return text.replace('bank = "diagnostic"', 'bank = "pulse"').replace(
        "required = true", "required = true\nfrequency = 2"
    )


def test_a_pulse_item_needs_a_frequency():
    with pytest.raises(BankError, match=r"item 'tools-comment', field 'frequency'"):
        parse_bank(pulse_version(VALID))


def test_a_pulse_item_may_leave_out_the_leader_wording():
    text = pulse_version(VALID).replace('kind = "text"', 'kind = "text"\nfrequency = 1')
    text = re.sub(r"leader = \{[^\n]*\n", "", text)
    bank = parse_bank(text)
    assert [(i["frequency"], i["leader"]) for i in bank["items"]] == [(2, None), (1, None)]


def test_choices_need_unique_codes_and_full_labels():
    choice = broken(
        'kind = "text"',
        'kind = "choice"\nchoices = [\n'
        '  { code = "crm", label = { en = "CRM", es = "CRM" } },\n'
        '  { code = "crm", label = { en = "Phone", es = "Teléfono" } },\n]',
    )
    with pytest.raises(BankError, match=r"item 'tools-comment', field 'choices\[2\].code'"):
        parse_bank(choice)
    untranslated = choice.replace(
        '{ code = "crm", label = { en = "Phone", es = "Teléfono" } }',
        '{ code = "phone", label = { en = "Phone" } }',
    )
    with pytest.raises(BankError, match=r"field 'choices\[2\].label': missing the 'es'"):
        parse_bank(untranslated)
