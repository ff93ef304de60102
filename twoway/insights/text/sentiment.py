"""Sentiment of comments: VADER for English, our small word list for Spanish (no Django import).

`score_sentiment(comments)` gives every comment a compound score in -1..1 and a label. English
comments are scored by VADER (Hutto & Gilbert 2014, the `vaderSentiment` package, whose lexicon
file ships inside the package: nothing is downloaded). Comments that read as Spanish (more
Spanish than English function words) are scored by `twoway.insights.text.spanish`, and say so
in `language`. Labels use the cut-offs the VADER authors recommend: positive at compound >= 0.05,
negative at <= -0.05, neutral between.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from twoway.insights.redact import fold
from twoway.insights.text.spanish import spanish_compound
from twoway.insights.text.vocabulary import PLACEHOLDER, word_set

POSITIVE_CUTOFF = 0.05
NEGATIVE_CUTOFF = -0.05
LABELS = ("negative", "neutral", "positive")

# Common words that tell the two languages apart; words spelt alike in both ("no", "a", "me")
# are left out.
SPANISH_MARKERS = word_set(
    "el la los las del que y es son esta estan en por para con muy pero mi mis nos se lo una un "
    "tengo tenemos hay cuando como todo mas sin sobre nuestro nuestra porque tambien ya mucho "
    "mucha muchos nada nadie nunca tiene tienen estoy somos hacer"
)
ENGLISH_MARKERS = word_set(
    "the and is are was were to of in my we it for with not but this that you our have has be "
    "on they too very when how all more without about because also i"
)
_WORDS = re.compile(r"\w+")
# Below this many distinct comments a process pool costs more than it saves.
_POOL_MINIMUM = 20_000


@dataclass(frozen=True)
class SentimentScores:
    """Per comment, in input order: compound score, label and the language it was read in."""

    compound: NDArray[np.float64]
    label: NDArray[np.str_]
    language: NDArray[np.str_]

    def __len__(self) -> int:
        return len(self.compound)


def detect_language(text: str) -> str:
    """ "es" when the comment has more Spanish than English function words, else "en"."""
    words = _WORDS.findall(fold(text))
    spanish = sum(word in SPANISH_MARKERS for word in words)
    english = sum(word in ENGLISH_MARKERS for word in words)
    return "es" if spanish > english else "en"


def sentiment_label(compound: ArrayLike) -> NDArray[np.str_]:
    """ "negative", "neutral" or "positive" for each compound score, by the VADER cut-offs."""
    scores = np.asarray(compound, dtype=np.float64)
    index = (scores > NEGATIVE_CUTOFF).astype(np.int8) + (scores >= POSITIVE_CUTOFF)
    return np.asarray(LABELS)[index]


def compound_score(text: str) -> tuple[float, str]:
    """One comment's compound score and the language it was scored in."""
    text = PLACEHOLDER.sub(" ", text or "")
    if detect_language(text) == "es":
        return spanish_compound(text), "es"
    return float(_vader().polarity_scores(text)["compound"]), "en"


def score_sentiment(comments: Iterable[str], *, n_jobs: int = 1) -> SentimentScores:
    """Compound score, label and language for every comment, in input order.

    Identical comments are scored once ("nothing", "all good" recur). With `n_jobs` > 1 and
    many distinct comments, the work is split over that many processes: VADER is pure Python,
    so threads would not help.
    """
    texts = list(comments)
    distinct = list(dict.fromkeys(texts))
    results = _score_many(distinct, n_jobs)
    by_text = dict(zip(distinct, results, strict=True))
    compound = np.fromiter((by_text[t][0] for t in texts), dtype=np.float64, count=len(texts))
    language = np.asarray([by_text[t][1] for t in texts], dtype="<U2")
    return SentimentScores(compound, sentiment_label(compound), language)


def _score_many(texts: Sequence[str], n_jobs: int) -> list[tuple[float, str]]:
    if n_jobs <= 1 or len(texts) < _POOL_MINIMUM:
        return [compound_score(text) for text in texts]
    chunks = [list(texts[i::n_jobs]) for i in range(n_jobs)]
    with ProcessPoolExecutor(max_workers=n_jobs) as pool:
        parts = list(pool.map(_score_chunk, chunks))
    # Chunks were dealt round-robin; deal the results back in the same order.
    out: list[tuple[float, str]] = [(0.0, "en")] * len(texts)
    for offset, part in enumerate(parts):
        out[offset::n_jobs] = part
    return out


def _score_chunk(texts: list[str]) -> list[tuple[float, str]]:
    return [compound_score(text) for text in texts]


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    # Reads the lexicon file shipped inside the vaderSentiment package, once per process.
    return SentimentIntensityAnalyzer()
