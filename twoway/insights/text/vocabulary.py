"""What the theme model reads in a comment: cleaned text, stop words, the TF-IDF vectoriser.

Comments arrive redacted (see `twoway.insights.redact`), so they carry placeholders such as
"[name]" or "[e-mail]". A placeholder says nothing about what the comment is about, and a theme
labelled "name" would be both useless and alarming, so placeholders are removed before
vectorising. Accents are folded ("día" and "dia" are one term), words are lowercased, and
plurals are reduced to the singular by Harman's S-stemmer ("shifts" and "shift" are one term;
the rule suits Spanish plurals too: "llamadas", "horarios").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from twoway.insights.redact import PLACEHOLDERS, fold


def word_set(text: str) -> frozenset[str]:
    """The words of a space-separated list, as a set."""
    return frozenset(text.split())


# Any short bracketed tag: the redaction placeholders, and tags an operator may configure.
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,30}\]")
_KNOWN_PLACEHOLDERS = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))

# Spanish function words (accents removed, as terms are compared). scikit-learn ships an
# English list only; this one is ours, written from a Spanish grammar's closed word classes.
SPANISH_STOP_WORDS = word_set(
    """
    a al algo algun alguna algunas alguno algunos ante antes aqui asi aun aunque bajo bien cada
    casi como con contra cual cuales cuando cuanto de del desde donde dos el ella ellas ellos en
    entre era eran eres es esa esas ese eso esos esta estaba estaban estado estamos estan estar
    estas este esto estos estoy fue fueron ha habia han has hasta hay he la las le les lo los mas
    me mi mis mismo mucha muchas mucho muchos muy nada ni no nos nosotros nuestra nuestras
    nuestro nuestros o os otra otras otro otros para pero poco por porque pues que quien
    quienes se sea sean ser si siempre sin sobre solo son su sus tambien tan tanto te tenemos
    tener tengo tiene tienen todo todos tu tus un una unas uno unos usted ustedes va vamos van
    vez y ya yo hacer hace hacen hemos sido cosa cosas
    """
)

# Words every contact-center comment uses whatever it is about: as terms they would join
# every theme and label none. "team" stays a term on purpose ("team lead" is a theme).
CONTACT_CENTER_STOP_WORDS = word_set(
    """
    call calls customer customers client clients caller callers company job work working
    really just like get got also thing things lot lots need needs make makes think know want
    would could should please thanks thank feel feels even still much many every way day
    llamada llamadas cliente clientes empresa trabajo trabajar gracias
    """
)

STOP_WORDS = frozenset(
    fold(word) for word in (*ENGLISH_STOP_WORDS, *SPANISH_STOP_WORDS, *CONTACT_CENTER_STOP_WORDS)
)

# Words of two letters or more that start with a letter: "2024" or "3pm" are not themes.
TOKEN_PATTERN = re.compile(r"(?u)\b[^\W\d_][^\W_]+\b")


@lru_cache(maxsize=200_000)
def singular(word: str) -> str:
    """Harman's S-stemmer (JASIS 42(1), 1991): "policies" -> "policy", "shifts" -> "shift".

    Only the first rule that applies is used; "-us" and "-ss" words are left alone.
    """
    if len(word) > 3 and word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def make_tokenizer(stop_words: frozenset[str]) -> Callable[[str], list[str]]:
    """Words of a cleaned comment, stop words left out, each reduced to its singular."""

    def tokenize(text: str) -> list[str]:
        return [singular(word) for word in TOKEN_PATTERN.findall(text) if word not in stop_words]

    return tokenize


def clean_for_themes(text: str) -> str:
    """The comment folded to lowercase without accents and without redaction placeholders."""
    text = _KNOWN_PLACEHOLDERS.sub(" ", text or "")
    return fold(PLACEHOLDER.sub(" ", text))


def make_vectorizer(
    *,
    min_df: int | float,
    max_df: float,
    max_features: int | None,
    ngram_range: tuple[int, int],
    extra_stop_words: Iterable[str] = (),
) -> TfidfVectorizer:
    """The TF-IDF vectoriser the theme model uses: cleaned text, our stop words, L2 rows.

    `sublinear_tf` because a word repeated in one short comment ("slow, slow, slow") is
    emphasis, not three times the topic.
    """
    stop_words = STOP_WORDS | {fold(word) for word in extra_stop_words}
    # Stop words are dropped by our tokenizer, before n-grams are formed, as scikit-learn
    # would; it needs them before singulars are taken ("this" is not "thi").
    return TfidfVectorizer(
        preprocessor=clean_for_themes,
        tokenizer=make_tokenizer(stop_words),
        token_pattern=None,
        lowercase=False,
        min_df=min_df,
        max_df=max_df,
        max_features=max_features,
        ngram_range=ngram_range,
        sublinear_tf=True,
        dtype=np.float64,
    )
