"""Themes across comments, with identities that stay stable from wave to wave (no Django import).

`ThemeModel(n_themes=10).fit(comments)` learns themes by non-negative matrix factorisation
(NMF) of the comments' TF-IDF matrix; each theme is a vector of term weights, labelled by its
top terms, and each comment is assigned its dominant theme, or none (`NO_THEME`) when no theme
weighs at least `min_weight` in it.

`update(next_wave)` learns the next wave's themes afresh and matches them to the known ones by
the cosine similarity of their term-weight vectors (an optimal one-to-one assignment,
`scipy.optimize.linear_sum_assignment`). A new theme at least `similarity_floor` alike to a known
one keeps the known id; a further new theme alike to an already matched id is a split of it and
joins it; any other new theme gets a new id; a known theme with no match is retired (its id is
never reused). `to_dict()` and `ThemeModel.from_dict()` store the model as plain JSON data.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF, non_negative_factorization
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer

from twoway.insights.text.vocabulary import make_vectorizer

NO_THEME = -1
# The generalised Kullback-Leibler divergence suits word counts better than squared error
# (Lee & Seung 2001); on our labelled comments it also leaves no comment without a theme.
BETA_LOSS = "kullback-leibler"
FORMAT = "twoway.theme-model/1"


@dataclass(frozen=True)
class Theme:
    """One theme: its stable id, its top terms, and a label made of them."""

    id: int
    terms: tuple[str, ...]

    @property
    def label(self) -> str:
        return ", ".join(self.terms)


class ThemeModel:
    """TF-IDF and NMF themes with stable ids; see the module docstring.

    Parameters: `n_themes` themes at most per fit (fewer when some gather fewer than
    `min_theme_comments` comments); `min_weight`, the least weight of the dominant theme for a
    comment to be assigned; `similarity_floor`, the least cosine similarity for a new theme to
    keep a known id; `min_df`, the least number of comments a term must appear in (so a label
    never shows a word fewer than that many people wrote); `max_df`, the largest share of
    comments a term may appear in; `top_terms`, the terms in a label; `max_iter` and `tol`, when
    NMF stops (a relative change of the loss under `tol` between checks: themes need the
    shape of the factorisation, not its fourth decimal, and 1e-3 stops in about a third of
    the iterations of scikit-learn's 1e-4 with the same themes); `random_state` for NMF.
    """

    def __init__(
        self,
        n_themes: int = 10,
        *,
        min_weight: float = 0.1,
        similarity_floor: float = 0.3,
        min_theme_comments: int = 5,
        min_df: int = 5,
        max_df: float = 0.5,
        max_features: int | None = 20_000,
        ngram_range: tuple[int, int] = (1, 2),
        top_terms: int = 5,
        extra_stop_words: Sequence[str] = (),
        max_iter: int = 400,
        tol: float = 1e-3,
        random_state: int = 0,
    ) -> None:
        self.n_themes = n_themes
        self.min_weight = min_weight
        self.similarity_floor = similarity_floor
        self.min_theme_comments = min_theme_comments
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.ngram_range = ngram_range
        self.top_terms = top_terms
        self.extra_stop_words = tuple(extra_stop_words)
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    # -- fitting -------------------------------------------------------------------------

    def fit(self, comments: Iterable[str]) -> ThemeModel:
        """Learn themes from one wave of comments; ids are 1, 2, ... in order of size."""
        self.fit_transform(comments)
        return self

    def fit_transform(self, comments: Iterable[str]) -> NDArray[np.int64]:
        """Learn themes and return each comment's theme id (`NO_THEME` for none)."""
        vocabulary, idf, components, weights = self._learn(list(comments))
        order = np.argsort(-_assigned_counts(weights, self.min_weight), kind="stable")
        self.vocabulary_, self.idf_ = vocabulary, idf
        self.components_ = components[order]
        self.theme_ids_ = np.arange(1, len(order) + 1, dtype=np.int64)
        self.next_id_ = len(order) + 1
        self.retired_ids_: list[int] = []
        self.waves_ = 1
        return self._assign(weights[:, order])

    def update(self, comments: Iterable[str]) -> ThemeModel:
        """Learn the next wave's themes, keeping the ids of themes seen before."""
        self.update_transform(comments)
        return self

    def update_transform(self, comments: Iterable[str]) -> NDArray[np.int64]:
        """As `update`, and return each comment of the new wave's theme id."""
        self._check_fitted()
        by_id = _vectors_by_id(self.theme_ids_, self.components_)
        start = np.vstack(list(by_id.values())) if by_id else None
        vocabulary, idf, components, weights = self._learn(list(comments), start)
        similarity = self._similarity_to_known(vocabulary, components)
        new_ids = self._match_ids(similarity)
        known = set(self.theme_ids_.tolist())
        self.retired_ids_ = sorted(set(self.retired_ids_) | (known - set(new_ids.tolist())))
        self.vocabulary_, self.idf_, self.components_ = vocabulary, idf, components
        self.theme_ids_ = new_ids
        self.waves_ += 1
        return self._assign(weights)

    # -- using a fitted model -------------------------------------------------------------

    def transform(self, comments: Iterable[str]) -> NDArray[np.int64]:
        """Each comment's theme id under the current themes (`NO_THEME` for none)."""
        return self._assign(self.theme_weights(comments))

    def theme_weights(self, comments: Iterable[str]) -> NDArray[np.float64]:
        """Weight of each current theme component in each comment (comments x components)."""
        self._check_fitted()
        comments = list(comments)
        n_components = self.components_.shape[0]
        weights = np.zeros((len(comments), n_components))
        if n_components == 0 or not comments:
            return weights
        matrix = self._vectorizer().transform(comments)
        # A comment with no known term has no theme; leave it out of the solver.
        rows = np.flatnonzero(matrix.getnnz(axis=1))
        if rows.size == 0:
            return weights
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            solved, _, _ = non_negative_factorization(
                matrix[rows],
                H=self.components_,
                n_components=n_components,
                update_H=False,
                solver="mu",
                beta_loss=BETA_LOSS,
                max_iter=self.max_iter,
                tol=self.tol,
                random_state=self.random_state,
            )
        weights[rows] = solved
        return weights

    def themes(self) -> list[Theme]:
        """The current themes, one per id, each with its top terms."""
        self._check_fitted()
        vectors = _vectors_by_id(self.theme_ids_, self.components_)
        terms = np.asarray(self.vocabulary_, dtype=object)
        return [Theme(int(i), self._label_terms(terms, vectors[i])) for i in sorted(vectors)]

    def ranked_terms(self, limit: int = 30) -> dict[int, list[str]]:
        """Per theme id, its terms by weight (positive weights only, at most `limit`)."""
        self._check_fitted()
        vectors = _vectors_by_id(self.theme_ids_, self.components_)
        terms = np.asarray(self.vocabulary_, dtype=object)
        ranked = {}
        for theme_id, vector in vectors.items():
            order = [i for i in np.argsort(-vector, kind="stable")[:limit] if vector[i] > 0]
            ranked[int(theme_id)] = [str(terms[i]) for i in order]
        return ranked

    def analyzer(self) -> Callable[[str], list[str]]:
        """The function that turns one comment into the terms (words and word pairs) the model
        reads, exactly as it read them when it learned."""
        self._check_fitted()
        return self._vectorizer().build_analyzer()

    # -- storage --------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Parameters and learned state as plain data for JSON (non-zero weights only)."""
        self._check_fitted()
        rows, cols = np.nonzero(self.components_)
        return {
            "format": FORMAT,
            "params": self.get_params(),
            "vocabulary": list(self.vocabulary_),
            "idf": self.idf_.tolist(),
            "components": {
                "shape": list(self.components_.shape),
                "rows": rows.tolist(),
                "cols": cols.tolist(),
                "values": self.components_[rows, cols].tolist(),
            },
            "theme_ids": self.theme_ids_.tolist(),
            "next_id": self.next_id_,
            "retired_ids": list(self.retired_ids_),
            "waves": self.waves_,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ThemeModel:
        """The model `to_dict` described; raises ValueError on data of another format."""
        if data.get("format") != FORMAT:
            raise ValueError(f"not a stored theme model (format {data.get('format')!r})")
        params = dict(data["params"])
        params["ngram_range"] = tuple(params["ngram_range"])
        model = cls(**params)
        stored = data["components"]
        components = np.zeros(tuple(stored["shape"]), dtype=np.float64)
        components[stored["rows"], stored["cols"]] = stored["values"]
        model.vocabulary_ = list(data["vocabulary"])
        model.idf_ = np.asarray(data["idf"], dtype=np.float64)
        model.components_ = components
        model.theme_ids_ = np.asarray(data["theme_ids"], dtype=np.int64)
        model.next_id_ = int(data["next_id"])
        model.retired_ids_ = [int(i) for i in data["retired_ids"]]
        model.waves_ = int(data["waves"])
        return model

    def get_params(self) -> dict[str, Any]:
        """The constructor's parameters, as scikit-learn estimators report them."""
        return {
            "n_themes": self.n_themes,
            "min_weight": self.min_weight,
            "similarity_floor": self.similarity_floor,
            "min_theme_comments": self.min_theme_comments,
            "min_df": self.min_df,
            "max_df": self.max_df,
            "max_features": self.max_features,
            "ngram_range": list(self.ngram_range),
            "top_terms": self.top_terms,
            "extra_stop_words": list(self.extra_stop_words),
            "max_iter": self.max_iter,
            "tol": self.tol,
            "random_state": self.random_state,
        }

    # -- inside ---------------------------------------------------------------------------

    def _learn(
        self, comments: list[str], known: NDArray[np.float64] | None = None
    ) -> tuple[list[str], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """Vocabulary, idf, unit-length theme vectors and comment weights for one wave.

        `known`, when given, holds the known themes' term vectors over the previous
        vocabulary, to start the factorisation from (see `_factorise`).
        """
        vectorizer = make_vectorizer(
            min_df=self.min_df,
            max_df=self.max_df,
            max_features=self.max_features,
            ngram_range=self.ngram_range,
            extra_stop_words=self.extra_stop_words,
        )
        _, first, inverse = np.unique(
            np.asarray(comments, dtype=object), return_index=True, return_inverse=True
        )
        counts = np.bincount(inverse, minlength=len(first)).astype(np.float64)
        try:
            # Document frequencies count every comment, repeated ones included; each comment
            # is read once, and one row per distinct comment kept.
            matrix = vectorizer.fit_transform(comments)[first]
        except ValueError:
            # scikit-learn's "empty vocabulary": too few comments or words to learn any theme.
            return [], np.zeros(0), np.zeros((0, 0)), np.zeros((len(comments), 0))
        vocabulary = vectorizer.get_feature_names_out().tolist()
        start = None if known is None else _in_union(self.vocabulary_, known, vocabulary)
        weights, components = self._factorise(sparse.diags(counts) @ matrix, start)
        # Back from one scaled row per distinct comment to one row per comment.
        weights = weights[inverse] / counts[inverse, None]
        keep = _assigned_counts(weights, self.min_weight) >= self.min_theme_comments
        return vocabulary, vectorizer.idf_, components[keep], weights[:, keep]

    def _factorise(
        self, matrix: sparse.csr_matrix, start: NDArray[np.float64] | None
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """NMF of the TF-IDF matrix, rescaled so every theme vector has unit length.

        Identical comments come as one row multiplied by their number: under the
        Kullback-Leibler divergence, D(kx || kWH) = k D(x || WH), so that is the same fit as
        one row each, for a fraction of the work. Comments are unit-length, so a weight reads
        as the part of a comment its theme explains, which is what `min_weight` is compared with.

        With `start` (known themes over this vocabulary), the factorisation starts from the
        known themes plus `n_themes` minus their number (at least one) fresh components for
        what is new: known themes drift with the wave rather than being re-found by chance.
        """
        nmf_params: dict[str, Any] = {
            "solver": "mu",
            "beta_loss": BETA_LOSS,
            "max_iter": self.max_iter,
            "tol": self.tol,
            "random_state": self.random_state,
        }
        with warnings.catch_warnings():
            # A near-optimal factorisation is fine for themes; say nothing per wave.
            warnings.simplefilter("ignore", ConvergenceWarning)
            if start is None or start.shape[0] == 0:
                n_components = max(1, min(self.n_themes, *matrix.shape))
                nmf = NMF(n_components=n_components, init="nndsvda", **nmf_params)
                weights = nmf.fit_transform(matrix)
            else:
                init_w, init_h = self._warm_start(matrix, start)
                nmf = NMF(n_components=init_h.shape[0], init="custom", **nmf_params)
                weights = nmf.fit_transform(matrix, W=init_w, H=init_h)
        components = nmf.components_
        norms = np.linalg.norm(components, axis=1)
        norms[norms == 0] = 1.0
        return weights * norms, components / norms[:, None]

    def _warm_start(
        self, matrix: sparse.csr_matrix, start: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Initial W and H: known themes, then fresh components, no entry exactly zero.

        Multiplicative updates never move an entry away from zero, so every entry starts at
        least at the matrix's mean (as scikit-learn's "nndsvda" does): a new word can still
        join a known theme.
        """
        floor = float(matrix.sum()) / (matrix.shape[0] * matrix.shape[1])
        n_fresh = max(1, self.n_themes - start.shape[0])
        rng = np.random.default_rng(self.random_state)
        fresh = rng.uniform(0.0, 1.0, (n_fresh, matrix.shape[1])) * floor
        init_h = np.vstack([_unit_rows(start), fresh]) + floor
        init_w = np.asarray(matrix @ init_h.T) + floor
        # Scale W so that W @ H has the matrix's mean, the fixed point's own scale.
        scale = float(matrix.sum()) / float((init_w @ init_h).sum())
        return init_w * scale, init_h

    def _similarity_to_known(
        self, vocabulary: list[str], components: NDArray[np.float64]
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Known ids and the cosine similarity of each known theme to each new one."""
        union = {term: i for i, term in enumerate(dict.fromkeys([*self.vocabulary_, *vocabulary]))}
        known = _vectors_by_id(self.theme_ids_, self.components_)
        ids = np.asarray(sorted(known), dtype=np.int64)
        vectors = [known[i] for i in ids]
        old_vectors = np.vstack(vectors) if vectors else np.zeros((0, len(self.vocabulary_)))
        old = _in_union(self.vocabulary_, old_vectors, union)
        new = _in_union(vocabulary, components, union)
        return ids, _unit_rows(old) @ _unit_rows(new).T

    def _match_ids(self, known: tuple[NDArray[np.int64], NDArray[np.float64]]) -> NDArray[np.int64]:
        """An id for each new theme: matched, joined to a matched one, or freshly minted."""
        ids, similarity = known
        n_new = similarity.shape[1]
        new_ids = np.full(n_new, NO_THEME, dtype=np.int64)
        rows, cols = linear_sum_assignment(similarity, maximize=True)
        for row, col in zip(rows, cols, strict=True):
            if similarity[row, col] >= self.similarity_floor:
                new_ids[col] = ids[row]
        matched = new_ids != NO_THEME
        for col in np.flatnonzero(~matched):
            # A split of a matched theme joins it; anything else is a new theme.
            scores = np.where(np.isin(ids, new_ids[matched]), similarity[:, col], -1.0)
            if scores.size and scores.max() >= self.similarity_floor:
                new_ids[col] = ids[int(scores.argmax())]
            else:
                new_ids[col] = self.next_id_
                self.next_id_ += 1
        return new_ids

    def _assign(self, weights: NDArray[np.float64]) -> NDArray[np.int64]:
        """The id of each comment's heaviest component, or `NO_THEME` under `min_weight`."""
        if weights.shape[1] == 0:
            return np.full(weights.shape[0], NO_THEME, dtype=np.int64)
        best = weights.argmax(axis=1)
        strong = weights[np.arange(len(best)), best] >= self.min_weight
        return np.where(strong, self.theme_ids_[best], NO_THEME)

    def _label_terms(self, terms: NDArray[Any], vector: NDArray[np.float64]) -> tuple[str, ...]:
        """Top terms by weight, skipping a term whose words the label already has."""
        chosen: list[str] = []
        words: set[str] = set()
        for index in np.argsort(-vector, kind="stable"):
            if len(chosen) == self.top_terms or vector[index] <= 0:
                break
            term_words = set(terms[index].split())
            if term_words <= words:
                continue
            chosen.append(str(terms[index]))
            words |= term_words
        return tuple(chosen)

    def _vectorizer(self) -> TfidfVectorizer:
        """A vectoriser that reproduces the fitted vocabulary and idf without refitting."""
        vectorizer = make_vectorizer(
            min_df=1,
            max_df=1.0,
            max_features=None,
            ngram_range=self.ngram_range,
            extra_stop_words=self.extra_stop_words,
        )
        vectorizer.vocabulary_ = {term: i for i, term in enumerate(self.vocabulary_)}
        vectorizer.idf_ = self.idf_
        return vectorizer

    def _check_fitted(self) -> None:
        if not hasattr(self, "components_"):
            raise ValueError("this ThemeModel is not fitted yet: call fit(comments) first")


def _assigned_counts(weights: NDArray[np.float64], min_weight: float) -> NDArray[np.int64]:
    """How many comments each component dominates with at least `min_weight`."""
    if weights.shape[1] == 0:
        return np.zeros(0, dtype=np.int64)
    best = weights.argmax(axis=1)
    strong = weights[np.arange(len(best)), best] >= min_weight
    return np.bincount(best[strong], minlength=weights.shape[1])


def _vectors_by_id(
    ids: NDArray[np.int64], components: NDArray[np.float64]
) -> dict[int, NDArray[np.float64]]:
    """One term-weight vector per theme id: the sum of its components (a split joined)."""
    return {int(i): components[ids == i].sum(axis=0) for i in np.unique(ids)}


def _in_union(
    vocabulary: list[str], vectors: NDArray[np.float64], target: dict[str, int] | list[str]
) -> NDArray[np.float64]:
    """Term-weight vectors re-indexed over another vocabulary; terms not in it are dropped."""
    index = target if isinstance(target, dict) else {term: i for i, term in enumerate(target)}
    out = np.zeros((vectors.shape[0], len(index)))
    pairs = [(i, index[term]) for i, term in enumerate(vocabulary) if term in index]
    if vectors.size and pairs:
        source, destination = zip(*pairs, strict=True)
        out[:, list(destination)] = vectors[:, list(source)]
    return out


def _unit_rows(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)
