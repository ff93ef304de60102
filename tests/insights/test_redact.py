"""Comment redaction: e-mails, phones, employee IDs and roster names, and nothing else."""

import pytest

from twoway.insights.redact import Redactor, looks_like_phone, redact

ROSTER = ["José Pérez", "Ana María de la Cruz", "Will Smith", "Jean-Luc O'Brien", "Price", "Mai Do"]
IDS = ["E1043", "10234", "AB-77", "7"]


@pytest.fixture(scope="module")
def redactor():
    return Redactor(names=ROSTER, employee_ids=IDS)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("write to ana.cruz@acme.example today", "write to [e-mail] today"),
        ("(jose.perez+work@mail.acme.co.uk)", "([e-mail])"),
        ("Mail: JOSE@ACME.EXAMPLE.", "Mail: [e-mail]."),
    ],
)
def test_email_addresses_are_replaced(redactor, text, expected):
    assert redactor.redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "+34 612 345 678",
        "+44 (0)20 7946 0958",
        "+1 (555) 123-4567",
        "+351912345678",
        "0034 612 34 56 78",
        "(555) 123-4567",
        "555-123-4567",
        "555.123.4567",
        "555-1234",
        "91 123 45 67",
        "612 345 678",
        "612345678",
        "020 7946 0958",
    ],
)
def test_phone_numbers_are_replaced_in_international_and_local_forms(redactor, text):
    assert redactor.redact(f"call me on {text}, thanks") == "call me on [phone], thanks"


@pytest.mark.parametrize(
    "text",
    [
        "it takes 20 seconds",
        "3 times a day",
        "since 2019",
        "from 2019-2023",
        "in 2023 1500 calls",
        "on 2024-03-15",
        "on 15.03.2024",
        "on 15-03-2024",
        "1.000.000 euros",
        "1 000 000 euros",
        "a 1,250,000 budget",
        "Windows 10.0.19045",
        "pi is 3.14159",
        "wait 45 min, AHT 6:30",
        "ticket 4521987",  # 7 digits without separators: not a phone
        "queue 12 has 140 waiting",
    ],
)
def test_ordinary_numbers_are_left_alone(redactor, text):
    assert redactor.redact(text) == text


def test_a_phone_right_after_a_year_is_still_found(redactor):
    assert redactor.redact("2023 +34 612 345 678") == "2023 [phone]"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my id is E1043.", "my id is [employee ID]."),
        ("e1043 and 10234", "[employee ID] and [employee ID]"),
        ("badge ab-77 lost", "badge [employee ID] lost"),
        ("E10430 and XE1043 are other things", "E10430 and XE1043 are other things"),
        ("it took 7 tries", "it took 7 tries"),  # IDs under 3 characters are ignored
    ],
)
def test_employee_ids_are_replaced_as_whole_words_in_any_case(redactor, text, expected):
    assert redactor.redact(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("José said no", "[name] said no"),
        ("ask jose, he knows", "ask [name], he knows"),
        ("JOSE PEREZ again", "[name] again"),
        ("Pérez and Perez", "[name] and [name]"),
        ("Ana María de la Cruz runs it", "[name] runs it"),
        ("maria and ana", "[name] and [name]"),
        ("Jean-Luc's idea", "[name]'s idea"),
        ("obrien or O’Brien", "[name] or [name]"),
        ("jose.perez in the chat", "[name] in the chat"),
    ],
)
def test_roster_names_are_replaced_whatever_the_case_and_accents(redactor, text, expected):
    assert redactor.redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Joséphine and Anastasia",  # names inside longer words
        "banana and josefina",
        "Perezoso",
        "the Cruzeiro match",
    ],
)
def test_nothing_is_redacted_inside_another_word(redactor, text):
    assert redactor.redact(text) == text


def test_names_that_are_common_words_stay_words_in_lowercase(redactor):
    text = "the price is wrong, I will do it, it may be fine, la cruz roja"

    assert redactor.redact(text) == text


def test_names_that_are_common_words_are_redacted_when_written_as_names(redactor):
    assert redactor.redact("Price said so") == "[name] said so"
    assert redactor.redact("ask Will") == "ask [name]"
    assert redactor.redact("will smith knows") == "[name] knows"
    assert redactor.redact("smith will call") == "[name] will call"
    assert redactor.redact("Mai Do") == "[name]"


def test_separate_names_stay_separate(redactor):
    assert redactor.redact("José y Ana") == "[name] y [name]"
    assert redactor.redact("I told José. Ana agreed") == "I told [name]. [name] agreed"


def test_everything_in_one_comment():
    text = "José (E1043) says call him on +34 612 345 678 or jose@acme.example after 20 minutes"

    redacted = redact(text, names=ROSTER, employee_ids=IDS)

    assert redacted == (
        "[name] ([employee ID]) says call him on [phone] or [e-mail] after 20 minutes"
    )


def test_placeholders_can_be_translated():
    redactor = Redactor(
        names=["Ana"], employee_ids=[], placeholders={"name": "[nombre]", "phone": "[teléfono]"}
    )

    assert redactor.redact("Ana: 612 345 678") == "[nombre]: [teléfono]"


def test_a_comment_without_anything_personal_is_returned_unchanged(redactor):
    text = "The CRM freezes every morning; we lose ~10 minutes a shift. ¡Qué pena!"

    assert redactor.redact(text) == text


def test_control_markers_in_the_input_do_not_confuse_it(redactor):
    assert redactor.redact("will\x00 \x01smith 1234567890") == "[name] [phone]"


@pytest.mark.parametrize(
    "candidate, expected",
    [("+34612345678", True), ("555-1234", True), ("2019-2023", False), ("1.000.000", False)],
)
def test_phone_rules_directly(candidate, expected):
    assert looks_like_phone(candidate) is expected


SPELLINGS = Redactor(
    names=["Łukasz Nowak", "Søren Kjær", "Đorđe Petrović", "Hương Huỳnh", "Zoë Müller"],
    employee_ids=["E1043", "AB-77-12"],
)


@pytest.mark.parametrize(
    "text",
    [
        "Lukasz said so", "LUKASZ said so", "ask soren", "SØREN was there", "Soeren agrees",
        "Djordje yelled", "Dorde too", "huong is great", "HUONG", "zoe mueller", "Zoe Muller",
    ],
)  # fmt: skip
def test_names_are_found_with_or_without_accents_strokes_and_in_any_case(text):
    assert "[name]" in SPELLINGS.redact(text)


@pytest.mark.parametrize(
    "text",
    ["call 030/1234567", "call 555.123.4567", "call (555)123-4567", "call +1 (555) 123-4567",
     "call 1-800-555-0199", "call +44 (0)20 7946 0958", "call 06 12 34 56 78"],
)  # fmt: skip
def test_phone_numbers_are_found_in_the_usual_formats(text):
    assert SPELLINGS.redact(text) == "call [phone]"


@pytest.mark.parametrize(
    "text", ["my id e-1043", "ID E 1043 here", "e1043", "ab7712", "AB 77 12", "ab.77.12"]
)
def test_employee_ids_are_found_however_they_are_spaced_dashed_or_cased(text):
    assert "[employee ID]" in SPELLINGS.redact(text) and "1043" not in SPELLINGS.redact(text)


def test_dates_with_slashes_and_ordinary_numbers_stay():
    for text in ("on 12/03/2024 it broke", "24/7 support", "it took 20 seconds in 2019-2023"):
        assert SPELLINGS.redact(text) == text
