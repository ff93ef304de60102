"""Similar posts: which earlier posts say what a new one is about to say (no Django import).

`SimilarIndex().fit(ids, texts)` learns the vocabulary and its IDF weights from an
organisation's posts and keeps their TF-IDF rows; `query(text)` gives the posts whose cosine
similarity to `text` is highest. `add(ids, texts)` appends posts written since the fit with the
fitted vocabulary, so a new post is searchable at once without refitting (words first seen
after the fit are left out until the next fit).

Posts come in English and Spanish, often reworded ("the CRM freezes when I save notes" /
"saving notes freezes the CRM"). Words are folded (lowercase, no accents), stop words of both
languages are dropped (`twoway.insights.text.vocabulary.STOP_WORDS`), and each word is reduced
by `light_stem`: the plural rule of Harman's S-stemmer, then one common English or Spanish
inflectional ending ("saving", "saved", "save" -> "sav"; "guardando", "guardo" -> "guard").
A light stemmer conflates a few unrelated words; for finding duplicates that is the better
error (a suggestion someone ignores) than missing a reworded post.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer

from twoway.insights.text.vocabulary import (
    STOP_WORDS,
    TOKEN_PATTERN,
    clean_for_themes,
    singular,
    word_set,
)

# Inflectional endings, longest first; one is removed when at least 3 letters remain.
_ENDINGS = tuple(
    sorted(
        word_set(
            """
            amente mente aciones acion ando iendo ados adas idos idas ado ada ido ida amos emos
            imos aron ieron aba aban ing ers ed er ly ar ir an en as os es a e o
            """
        ),
        key=lambda ending: (-len(ending), ending),
    )
)
MIN_STEM = 3
DEFAULT_MIN_SCORE = 0.25


@lru_cache(maxsize=200_000)
def light_stem(word: str) -> str:
    """The word without its plural and one inflectional ending (see the module docstring)."""
    word = singular(word)
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def post_terms(text: str) -> list[str]:
    """The terms of a post: folded words, stop words of English and Spanish left out, stemmed."""
    cleaned = clean_for_themes(text)
    return [light_stem(w) for w in TOKEN_PATTERN.findall(cleaned) if w not in STOP_WORDS]


@dataclass(frozen=True)
class Match:
    id: int
    score: float


class SimilarIndex:
    """TF-IDF rows of a set of posts, for cosine similarity against a new text."""

    def __init__(self, *, min_score: float = DEFAULT_MIN_SCORE) -> None:
        self.min_score = min_score
        self.vectorizer_: TfidfVectorizer | None = None
        self.matrix_: sp.csr_matrix = sp.csr_matrix((0, 0))
        self.ids_: NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self.fitted_size_ = 0

    def __len__(self) -> int:
        return int(self.ids_.size)

    def fit(self, ids: Sequence[int], texts: Sequence[str]) -> SimilarIndex:
        """Learn the vocabulary from `texts` and keep their rows; ids say which post is which."""
        if len(ids) != len(texts):
            raise ValueError(f"{len(ids)} ids for {len(texts)} texts")
        self.vectorizer_ = TfidfVectorizer(analyzer=post_terms, sublinear_tf=True, dtype=np.float64)
        if len(texts) == 0 or not any(post_terms(t) for t in texts):
            self.vectorizer_ = None
            self.matrix_ = sp.csr_matrix((0, 0))
        else:
            self.matrix_ = sp.csr_matrix(self.vectorizer_.fit_transform(texts))
        self.ids_ = np.asarray(ids, dtype=np.int64)
        self.fitted_size_ = len(self)
        return self

    def add(self, ids: Sequence[int], texts: Sequence[str]) -> SimilarIndex:
        """Append posts with the fitted vocabulary (fit first when nothing was fitted)."""
        if self.vectorizer_ is None:
            return self.fit([*self.ids_.tolist(), *ids], [*([""] * len(self)), *texts])
        if not len(ids):
            return self
        rows = sp.csr_matrix(self.vectorizer_.transform(texts))
        self.matrix_ = sp.csr_matrix(sp.vstack([self.matrix_, rows]))
        self.ids_ = np.concatenate([self.ids_, np.asarray(ids, dtype=np.int64)])
        return self

    def query(self, text: str, *, limit: int = 5, exclude: Iterable[int] = ()) -> list[Match]:
        """The posts most similar to `text`, best first, with a cosine of at least min_score."""
        if self.vectorizer_ is None or not len(self) or limit < 1:
            return []
        vector = self.vectorizer_.transform([text])
        if vector.nnz == 0:
            return []
        scores = np.asarray((self.matrix_ @ vector.T).todense()).ravel()
        excluded = np.isin(self.ids_, np.fromiter(exclude, dtype=np.int64))
        scores[excluded] = 0.0
        candidates = np.flatnonzero(scores >= self.min_score)
        if candidates.size > limit:
            best = np.argpartition(-scores[candidates], limit - 1)[:limit]
            candidates = candidates[best]
        # Best first; equal scores in id order, so the answer does not depend on the layout.
        order = np.lexsort((self.ids_[candidates], -scores[candidates]))
        return [Match(int(self.ids_[i]), round(float(scores[i]), 6)) for i in candidates[order]]
