"""Statements like the one being written, so a participant can vote on it instead of repeating it.

Character 3- to 5-grams inside words, TF-IDF weighted, compared by cosine similarity: robust to
typos, plurals and word order, in English and Spanish alike, with no model to download.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

MIN_SIMILARITY = 0.35
MIN_CHARS = 12  # shorter drafts match everything and nothing


def similar_statements(
    draft: str,
    statements: Sequence[str],
    *,
    limit: int = 3,
    min_similarity: float = MIN_SIMILARITY,
) -> list[tuple[int, float]]:
    """(position in `statements`, similarity) of the closest statements to `draft`, best
    first; none for a draft under MIN_CHARS characters."""
    text = draft.strip()
    if len(text) < MIN_CHARS or not statements:
        return []
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True)
    matrix = vectorizer.fit_transform([*statements, text])
    scores = (matrix[:-1] @ matrix[-1].T).toarray().ravel()
    order = np.argsort(-scores, kind="stable")[:limit]
    return [(int(i), float(scores[i])) for i in order if scores[i] >= min_similarity]
