"""Read single cells: e-mails, names, work locations, languages and employment status.

Each reader returns the clean value or raises ValueError with the end of a sentence
that starts with the cell's value, so the caller can say where it was.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

# Placeholders HR systems write for "nothing here".
BLANKS = frozenset({"n/a", "na", "none", "null", "nil", "-", "--", "—", "#n/a", "(blank)"})
# Spelled as they appear, so the hot loop needs no .lower() per cell.
BLANK_SPELLINGS = BLANKS | {variant(b) for b in BLANKS for variant in (str.upper, str.title)}

_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)

WORK_LOCATIONS = {
    "onsite": "onsite", "on site": "onsite", "office": "onsite", "in office": "onsite",
    "site": "onsite", "on premise": "onsite", "on premises": "onsite", "brick and mortar": "onsite",
    "remote": "remote", "wah": "remote", "home": "remote", "work at home": "remote",
    "work from home": "remote", "wfh": "remote", "home based": "remote", "homeworker": "remote",
    "virtual": "remote", "telework": "remote", "teleworker": "remote", "fully remote": "remote",
    "hybrid": "hybrid", "flex": "hybrid", "flexible": "hybrid", "mixed": "hybrid",
}  # fmt: skip
# Under a yes/no header such as "Remote" or "WAH", yes means remote and no means on-site.
YES = frozenset({"yes", "y", "true", "1", "x"})
NO = frozenset({"no", "n", "false", "0"})

ACTIVE = frozenset({
    "active", "a", "current", "employed", "yes", "y", "true", "1", "leave", "on leave",
    "loa", "leave of absence", "maternity leave", "paternity leave", "parental leave",
    "sick leave", "medical leave", "suspended", "furlough", "furloughed", "probation",
    "new hire", "pre hire", "prehire", "pending", "onboarding", "training", "nesting",
})  # fmt: skip
INACTIVE = frozenset({
    "inactive", "i", "terminated", "term", "termed", "t", "left", "leaver", "resigned",
    "separated", "former", "withdrawn", "retired", "dismissed", "deceased", "no", "n",
    "false", "0", "exited", "offboarded", "disabled",
})  # fmt: skip

LANGUAGES = {
    "english": "en", "spanish": "es", "espanol": "es", "castellano": "es",
    "portuguese": "pt", "portugues": "pt", "french": "fr", "francais": "fr",
    "german": "de", "deutsch": "de", "italian": "it", "italiano": "it", "dutch": "nl",
    "nederlands": "nl", "flemish": "nl", "polish": "pl", "polski": "pl", "romanian": "ro",
    "romana": "ro", "arabic": "ar", "hindi": "hi", "urdu": "ur", "bengali": "bn",
    "tamil": "ta", "telugu": "te", "tagalog": "tl", "filipino": "tl", "chinese": "zh",
    "mandarin": "zh", "cantonese": "zh", "japanese": "ja", "korean": "ko", "russian": "ru",
    "ukrainian": "uk", "turkish": "tr", "greek": "el", "swedish": "sv", "svenska": "sv",
    "danish": "da", "dansk": "da", "norwegian": "no", "norsk": "no", "finnish": "fi",
    "suomi": "fi", "czech": "cs", "slovak": "sk", "hungarian": "hu", "bulgarian": "bg",
    "croatian": "hr", "serbian": "sr", "slovenian": "sl", "lithuanian": "lt",
    "latvian": "lv", "estonian": "et", "hebrew": "he", "persian": "fa", "farsi": "fa",
    "vietnamese": "vi", "thai": "th", "indonesian": "id", "malay": "ms", "swahili": "sw",
    "afrikaans": "af", "zulu": "zu", "catalan": "ca", "catala": "ca", "basque": "eu",
    "galician": "gl", "irish": "ga", "welsh": "cy", "haitian creole": "ht", "creole": "ht",
    # ISO 639-2 three-letter codes some systems export
    "eng": "en", "spa": "es", "por": "pt", "fra": "fr", "fre": "fr", "deu": "de",
    "ger": "de", "ita": "it", "nld": "nl", "dut": "nl", "pol": "pl", "ron": "ro",
    "rum": "ro", "ara": "ar", "zho": "zh", "chi": "zh", "jpn": "ja", "kor": "ko", "rus": "ru",
}  # fmt: skip
_LANGUAGE_CODE = re.compile(r"([a-z]{2})(?:[-_][a-z0-9]{2,8})*")
_LANGUAGE_SEPARATORS = re.compile(r"\s*(?:[,;/&+|]|\band\b)\s*")


def plain(text: str) -> str:
    """Lower-case, accents removed, punctuation as single spaces: 'On-Site' -> 'on site'."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.findall(r"[a-z0-9#]+", text))


def read_email(text: str) -> str:
    """A lower-cased address; 'Name <a@b.com>', spaces and missing domains are refused."""
    email = text.lower()
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise ValueError("is not a valid e-mail address; correct it or leave the cell empty")
    return email


def split_full_name(text: str) -> tuple[str, str]:
    """'Lopez, Maria' -> ('Maria', 'Lopez'); 'Maria Lopez' -> ('Maria', 'Lopez').

    Without a comma the first word is the given name and the rest the family name,
    which keeps compound family names ('Maria de la Cruz') together.
    """
    if "," in text:
        last, _, first = text.partition(",")
        return " ".join(first.split()), " ".join(last.split())
    first, _, last = text.partition(" ")
    return first, " ".join(last.split())


def read_work_location(text: str, yes_means_remote: bool) -> str:
    key = plain(text)
    if key in WORK_LOCATIONS:
        return WORK_LOCATIONS[key]
    if yes_means_remote and key in YES:
        return "remote"
    if yes_means_remote and key in NO:
        return "onsite"
    raise ValueError("is not a work location; use onsite, remote or hybrid")


def read_status(text: str) -> bool:
    """True for people still employed (leave and probation included), False for leavers."""
    key = plain(text)
    if key in ACTIVE:
        return True
    if key in INACTIVE:
        return False
    raise ValueError(
        "is not a status twoway knows; use Active or Inactive (Terminated and Leave are "
        "also understood)"
    )


def read_language(text: str) -> str:
    """A language name ('Español') or code ('pt-BR') as a two-letter code; the first of
    several ('English/Spanish') is taken as the preferred one."""
    first = _LANGUAGE_SEPARATORS.split(text.strip(), maxsplit=1)[0]
    key = plain(first)
    if key in LANGUAGES:
        return LANGUAGES[key]
    if match := _LANGUAGE_CODE.fullmatch(first.strip().lower()):
        return match.group(1)
    raise ValueError("is not a language twoway knows; use a name like English or a code like en")


class CachedReader(Generic[T]):
    """Remember each distinct cell's result: a roster repeats the same few values."""

    def __init__(self, reader: Callable[[str], T], max_size: int = 50_000) -> None:
        self.reader = reader
        self.max_size = max_size
        self.cache: dict[str, tuple[T | None, str]] = {}

    def __call__(self, text: str) -> tuple[T | None, str]:
        """(value, '') on success, (None, reason) on failure."""
        hit = self.cache.get(text)
        if hit is None:
            try:
                hit = (self.reader(text), "")
            except ValueError as exc:
                hit = (None, str(exc))
            if len(self.cache) < self.max_size:
                self.cache[text] = hit
        return hit
