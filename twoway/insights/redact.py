"""Redaction of free-text comments before anyone reads them (no Django import).

`Redactor(names=..., employee_ids=...)` is built once for a roster and then applied to many
comments; `redact(text, names=..., employee_ids=...)` is the one-off shortcut. What is replaced:

- e-mail addresses, by "[e-mail]";
- phone numbers, by "[phone]": international forms (`+34 612 345 678`, `0044 20 7946 0958`)
  and local ones (`(555) 123-4567`, `555-1234`, `91 123 45 67`, `612345678`), but not ordinary
  numbers: short counts ("20 seconds", "3 times a day"), years and year ranges ("2019-2023"),
  dates ("2024-03-15", "15.03.2024"), thousands ("1.000.000", "1 000 000"), version numbers
  ("10.0.19045"), and runs of fewer than 9 digits without separators;
- employee IDs from the roster, by "[employee ID]": whole words, case-insensitive; IDs shorter
  than 3 characters are ignored, because "7" or "12" would erase ordinary numbers everywhere;
- people's names from the roster, by "[name]": every word of a first, last or full name, whole
  words only, case- and accent-insensitive ("jose" matches "José"). Adjacent names collapse into
  one placeholder ("Ana María de la Cruz" gives "[name]").

Names that are also common English or Spanish words (Will, Grace, Price, Cruz, Dolores, Do,
Van...) are a trade-off between privacy and readable comments: "the price is wrong" must stay
readable, "ask Price" must not name anyone. We redact such a word when it is written with a
capital letter (anywhere, sentence starts included: over-redaction is the safe side) or when it
comes right before another redacted name ("will smith"); otherwise, in lowercase, it is left as
a word ("ana price" keeps "price": a lowercase surname that is also a word is the one gap).
The list is `COMMON_WORDS`; pass `common_words=` to use another. Particles ("de", "la", "van")
are names only as the last word of a name ("Mai Do"), and then count as common words. Nothing
is ever redacted inside another word.

The text is scanned once by one regular expression whose alternatives are e-mail, phone and
word; a word is looked up in hash sets (and memoised), so the cost is linear in the text and
independent of the roster's size.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


PLACEHOLDERS = {
    "name": "[name]",
    "email": "[e-mail]",
    "phone": "[phone]",
    "employee_id": "[employee ID]",
}

# Joined to a surname, never a name by themselves ("Maria de la Cruz", "Ludwig van Beethoven").
PARTICLES = _word_set(
    "de del la las los da das do dos di du van von der den ter le st san santa bin ben al el"
)

# Words common in English or Spanish comments that are also given names or surnames somewhere
# in a contact-center roster. Lowercase on their own, they are read as words (see the module
# docstring). Accents removed, lowercase, as names are compared.
COMMON_WORDS = _word_set(
    """
    a an the and or of to in on at by for with from so do go be he we me my us it is as if no up
    oh ok hi ha ho ma pa yo mo ye ah eh um am are was were has had have will would shall can may
    might must not but all any one two new old big top man men son boy guy kid day art law grace
    hope mark bill rose joy june april august pat sue rob don dean drew gene jack chase hunter
    summer autumn winter spring faith ray sky dawn eve ivy iris lily penny ruby crystal amber
    pearl jade sandy rocky buddy frank earnest angel patience charity honor honour miles max
    carol holly robin jay wren reed cliff glen dale lane brook heath forest king prince major
    young long short white black brown green gray grey rich price cash bank banks hall wood
    woods hill hills stone fox wolf bird page case best little strong rice mills field fields
    ward park parks bell booth cook baker hunt sharp fair gold silver bush love doe bond cross
    church swift bright moon sun star west north east south march lord bishop knight cole light
    power root sweet wise good hardy fine small large head hand cotton street house home town
    waters rivers lake pool snow frost rain storm kind free brave noble jolly child butler
    porter carter mason turner judge marshall mayor chance chancellor sterling bliss gay dick
    rusty sunny misty stormy bean beans cherry berry olive hazel heather daisy poppy violet sage
    basil bay cooper miller shepherd parsons fisher walker singer dyer tan chin sang
    won hung hang van tu pan fang wing sing ping y e o u en con por para un una uno mi
    su se te lo les que si ya es mas pero como muy sin sobre hay ser esta este eso esa todo nada
    bien mal hoy mes ano vez dia sol luz paz mar flor rosa dolores soledad consuelo amparo
    socorro remedios milagros pilar mercedes angeles asuncion concepcion esperanza fe caridad
    gloria victoria alegria estrella blanca blanco negro moreno rubio delgado alto bajo bueno
    malo rico cruz leal lobo rey reyes santos santo campo campos mora moral sierra monte montes
    rio rios vega prado pena torres castillo iglesias cabello caballero guerra calle puerta
    fuente fuentes flores mesa palma parra pardo soler sola solo ramos cano nieto hijo gallego
    franco bravo vivas toro vaca domingo mayo julio agosto leon salvador jesus pastor prieto
    alba aurora celeste clara claro pura modesto justo justa primo segundo bonito lindo rojo
    verde pinto cielo nieves luna marina olivo oliva herrero molino casas casa villa ribera
    hidalgo conde duque reina soto bosque cura abad serrano cordero manzano
    feliz amable sincero valiente maximo
    """
)

_PHONE_SEPARATORS = " \u00a0.-"
# Bounded by the lengths RFC 5321 allows, so a failed attempt never scans the whole text.
_EMAIL = r"[\w.%+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8}"
# A phone candidate: digit runs joined by one separator or a parenthesised group. Runs are
# possessive so a long run of digits is never re-split (linear time). Validated afterwards.
_PHONE = (
    r"(?<![\w+])(?:(?:\+|\b00)[ \u00a0]?)?(?:\(\d{1,5}\)[ \u00a0]?)?\d++"
    r"(?:(?:[ \u00a0]?\(\d{1,5}\)[ \u00a0]?|[ \u00a0.\-/])\d++){0,6}+(?!\w)"
)
_WORD = r"\w+(?:['’.\-]\w+)*"
_SCAN = re.compile(f"(?P<email>{_EMAIL})|(?P<phone>{_PHONE})|(?P<word>{_WORD})")
_WORD_PART_SPLIT = re.compile(r"(['’.\-])")
_DIGIT_RUN = re.compile(r"\d+")
_FIRST_GROUP = re.compile(r"\D*\d+")
_YEAR = re.compile(r"(19|20)\d\d")
_DATE = re.compile(r"\d{4}([\-. /])\d{1,2}\1\d{1,2}|\d{1,2}([\-. /])\d{1,2}\2\d{2,4}")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+|\d{1,2}(?:[ \u00a0]\d{3})+")

# Markers around a weak name (a common word in lowercase) until its neighbours are known.
_WEAK_OPEN, _WEAK_CLOSE = "\x00", "\x01"
_WEAK = re.compile(f"{_WEAK_OPEN}([^{_WEAK_CLOSE}]*){_WEAK_CLOSE}")
_MEMO_LIMIT = 200_000
_COMBINING_MARKS = re.compile(r"[\u0300-\u036f]")
_PLAIN_WORD = re.compile(r"\w+")
_DIGIT_OR_AT = re.compile(r"[\d@]")


# Letters that Unicode does not decompose into a base letter and a mark, by their usual
# spelling in plain Latin letters ("Łukasz" is written "Lukasz", "Đorđe" "Djordje").
_TRANSLITERATION = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "dj", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i",
     "ħ": "h", "ŧ": "t", "ŀ": "l", "ƒ": "f"}
)  # fmt: skip
# Other spellings people use for a name's letters, tried for names only (never for comment
# words): "Müller" is also "Mueller", "Søren" "Soeren", "Đorđe" "Dorde".
_NAME_SPELLINGS = {
    "ä": ("a", "ae"), "ö": ("o", "oe"), "ü": ("u", "ue"), "ø": ("o", "oe"), "æ": ("ae", "a"),
    "å": ("a", "aa"), "đ": ("dj", "d"), "ß": ("ss", "s"), "ñ": ("n", "ny"),
}  # fmt: skip
_MAX_SPELLINGS = 16


def fold(text: str) -> str:
    """Lowercase without accents or strokes, and one apostrophe: how names and words are
    compared ("ŁUKASZ", "Łukasz" and "lukasz" fold alike)."""
    lowered = text.casefold().replace("’", "'")
    if lowered.isascii():
        return lowered
    return strip_accents(lowered.translate(_TRANSLITERATION))


def name_spellings(word: str) -> set[str]:
    """Every folded spelling of one word of a name: "Müller" gives muller and mueller."""
    spellings = {""}
    for char in word.casefold():
        options = _NAME_SPELLINGS.get(char, (char,))
        spellings = {s + o for s in spellings for o in options}
        if len(spellings) > _MAX_SPELLINGS:
            spellings = set(sorted(spellings)[:_MAX_SPELLINGS])
    return {fold(s) for s in spellings} | {fold(word)}


def strip_accents(text: str) -> str:
    """ "José" gives "Jose"; letters of other scripts stay as they are."""
    if text.isascii():
        return text
    return _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))


def looks_like_phone(candidate: str) -> bool:
    """True when a run of digits and separators reads as a phone number, not an ordinary one."""
    digits = sum(ch.isdigit() for ch in candidate)
    groups = _DIGIT_RUN.findall(candidate)
    if candidate.startswith(("+", "00")):
        return 8 <= digits <= 15
    if len(groups) == 1:
        return 9 <= digits <= 15
    if not 7 <= digits <= 15:
        return False
    if _DATE.fullmatch(candidate) or _THOUSANDS.fullmatch(candidate):
        return False
    if len(groups[0]) == 4 and _YEAR.fullmatch(groups[0]):
        return False  # "2019-2023", "2023 1500 calls"
    if len(groups) == 2 and groups[0].startswith("0") and 2 <= len(groups[0]) <= 5:
        return True  # an area code with its trunk 0, then the number: "030/1234567"
    # Local numbers are grouped in runs of 2 to 5 digits; "10.0.19045" or "3.14159" are not.
    return all(2 <= len(group) <= 5 for group in groups[1:])


class Redactor:
    """Replaces e-mails, phones, employee IDs and roster names in comments.

    Build once per roster (the sets of folded names and IDs), then call `redact` per comment.
    """

    def __init__(
        self,
        *,
        names: Iterable[str],
        employee_ids: Iterable[str],
        common_words: Iterable[str] = COMMON_WORDS,
        placeholders: Mapping[str, str] | None = None,
    ) -> None:
        self.placeholders = {**PLACEHOLDERS, **(placeholders or {})}
        common = {fold(word) for word in common_words}
        self.strong_names_, self.weak_names_ = self._name_sets(names, common)
        self.employee_ids_ = {fold(eid.strip()) for eid in employee_ids if len(eid.strip()) >= 3}
        # IDs with a digit also match however they are spaced or dashed ("E-1043", "e 1043").
        self.compact_ids_ = {
            compact_id(eid) for eid in self.employee_ids_ if any(ch.isdigit() for ch in eid)
        }
        self._memo: dict[str, str] = {}
        # Plain words of every name and ID: a comment sharing none of them, with no digit and
        # no "@", has nothing to redact, which a set operation in C tells us quickly.
        self._strong_hints_ = {
            part
            for key in (*self.strong_names_, *self.employee_ids_)
            for part in _PLAIN_WORD.findall(key)
        }
        self._weak_hints_ = {
            part for key in self.weak_names_ for part in _PLAIN_WORD.findall(key)
        } - self._strong_hints_
        name = re.escape(self.placeholders["name"])
        particles = "|".join(sorted(PARTICLES))
        self._adjacent_names = re.compile(
            rf"{name}(?:(?:[ \t\u00a0]+(?:(?:{particles})[ \t\u00a0]+)*|['’\-.]){name})+",
            re.IGNORECASE,
        )

    @staticmethod
    def _name_sets(names: Iterable[str], common: set[str]) -> tuple[set[str], set[str]]:
        """Every word of every name, whole and by its hyphen or apostrophe parts.

        A particle is a name only as the last word ("Mai Do") or the whole name ("Van"):
        before a surname it is a joint ("Maria do Carmo"), and a word like any other.
        """
        strong: set[str] = set()
        weak: set[str] = set()
        for full_name in names:
            originals = re.findall(_WORD, full_name or "")
            for position, original in enumerate(originals, start=1):
                keys: set[str] = set()
                for folded in name_spellings(original):
                    parts = [p for p in _WORD_PART_SPLIT.split(folded) if p and p not in "'’.-"]
                    keys |= {folded, folded.replace("'", ""), *parts}
                for key in keys:
                    if len(key) < 2:
                        continue
                    if key in PARTICLES:
                        if position == len(originals):
                            weak.add(key)
                        continue
                    (weak if key in common else strong).add(key)
        return strong, weak

    def redact(self, text: str) -> str:
        """The comment with every e-mail, phone, employee ID and roster name replaced."""
        if self._nothing_to_redact(text):
            return text
        text = text.replace(_WEAK_OPEN, "").replace(_WEAK_CLOSE, "")
        if self.compact_ids_ and _DIGIT_OR_AT.search(text):
            text = _ID_RUN.sub(self._replace_spaced_ids, text)
        out = _SCAN.sub(self._replace_match, text)
        if _WEAK_OPEN in out:
            out = _WEAK.sub(self._resolve_weak, out)
        if out.count(self.placeholders["name"]) > 1:
            out = self._adjacent_names.sub(self.placeholders["name"], out)
        return out

    __call__ = redact

    def _nothing_to_redact(self, text: str) -> bool:
        """A quick look for the common case: no digit, no "@", no name that could apply.

        A common word in lowercase matters only before another name, so a comment whose
        only hits are lowercase common words is left as it is.
        """
        if _DIGIT_OR_AT.search(text):
            return False
        words = _PLAIN_WORD.findall(text)
        folded = set(map(fold, words))
        if not self._strong_hints_.isdisjoint(folded):
            return False
        weak_hits = self._weak_hints_.intersection(folded)
        return not any(w[:1].isupper() and fold(w) in weak_hits for w in words)

    def _replace_spaced_ids(self, match: re.Match[str]) -> str:
        """Within a run of words joined by single spaces, dashes or dots, the longest stretch
        that is an employee ID once its separators are dropped."""
        run = match.group()
        if not any(ch.isdigit() for ch in run):
            return run
        tokens = _ID_TOKENS.split(run)  # words at even positions, separators between them
        words = tokens[::2]
        out: list[str] = []
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + _ID_MAX_WORDS), i, -1):
                if compact_id("".join(words[i:j])) in self.compact_ids_:
                    out.append(self.placeholders["employee_id"])
                    i = j
                    break
            else:
                out.append(words[i])
                i += 1
            if i < len(words):
                out.append(tokens[2 * i - 1])
        return "".join(out)

    def _replace_match(self, match: re.Match[str]) -> str:
        kind = match.lastgroup
        if kind == "email":
            return self.placeholders["email"]
        if kind == "phone":
            return self._replace_phone(match.group())
        return self._replace_word(match.group())

    def _replace_phone(self, candidate: str) -> str:
        if looks_like_phone(candidate):
            return self.placeholders["phone"]
        # Not a phone as a whole: its first group may still be an ID, and the rest a phone
        # ("2023 +34 612 345 678" is a year, then a number).
        head = _FIRST_GROUP.match(candidate)
        if head is None or head.end() == len(candidate):
            return _SCAN_WORDS.sub(lambda m: self._replace_word(m.group()), candidate)
        first, rest = candidate[: head.end()], candidate[head.end() :]
        first = _SCAN_WORDS.sub(lambda m: self._replace_word(m.group()), first)
        return first + _SCAN.sub(self._replace_match, rest)

    def _replace_word(self, word: str) -> str:
        cached = self._memo.get(word)
        if cached is None:
            cached = self._classify_word(word)
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[word] = cached
        return cached

    def _classify_word(self, word: str) -> str:
        whole = self._classify_part(word)
        if whole is not None or not _WORD_PART_SPLIT.search(word):
            return word if whole is None else whole
        # "Ana's", "ana.silva", "E1043-2": look at each part on its own.
        pieces = _WORD_PART_SPLIT.split(word)
        return "".join(self._classify_part(piece) or piece for piece in pieces)

    def _classify_part(self, word: str) -> str | None:
        """The replacement for one word, or None to keep it."""
        folded = fold(word)
        if folded in self.employee_ids_:
            return self.placeholders["employee_id"]
        if folded in self.strong_names_:
            return self.placeholders["name"]
        if folded in self.weak_names_:
            if word[:1].isupper():
                return self.placeholders["name"]
            return f"{_WEAK_OPEN}{word}{_WEAK_CLOSE}"
        return None

    def _resolve_weak(self, match: re.Match[str]) -> str:
        """A lowercase common word is a name only right before another name ("will [name]").

        Not after one: "[name] will call" and "[name] may be late" are far more common than a
        lowercase surname that is also a word.
        """
        after = match.string[match.end() :]
        if after[:1].isspace() and after.lstrip().startswith(self.placeholders["name"]):
            return self.placeholders["name"]
        return match.group(1)


_SCAN_WORDS = re.compile(_WORD)
# Runs of letters and digits joined by single spaces, dashes or dots, where a spaced-out ID may
# hide; an ID is looked for in stretches of up to _ID_MAX_WORDS of their words.
_ID_RUN = re.compile(r"(?<![\w@])[^\W_]+(?:[ \-.][^\W_]+)*(?![\w@])")
_ID_TOKENS = re.compile(r"([ \-.])")
_ID_MAX_WORDS = 4


def compact_id(text: str) -> str:
    """An employee ID without case, accents, spaces, dashes or dots."""
    return re.sub(r"[\s\-._/]", "", fold(text))


def redact(text: str, *, names: Iterable[str], employee_ids: Iterable[str]) -> str:
    """One comment redacted; for many comments build a `Redactor` once and reuse it."""
    return Redactor(names=names, employee_ids=employee_ids).redact(text)
