"""The opinion map's two axes: PCA of the votes matrix, with Pol.is's sparsity-aware projection.

Pol.is (Small et al., "Polis: Scaling deliberation by mapping high dimensional opinion spaces",
Recerca 26(2), 2021, section 3) fills each missing vote with its statement's mean vote, runs a
2-component PCA on that matrix, and projects each participant by their centred votes; then it
pushes participants who voted on few statements outward by sqrt(n_statements / n_voted), since a
projection from few votes is shrunk towards the centre.

Filling with the column mean and then centring leaves zero in every missing cell, so the centred
matrix has exactly one non-zero per vote: it is kept sparse, and the two components come from a
truncated SVD of it (ARPACK, started from a fixed vector so reruns agree). This is the PCA of the
mean-filled dense matrix, at the cost of the votes rather than of participants x statements.

Signs: a component and its negation are the same axis. So that the map does not flip between
recomputes, each component is oriented towards the previous run's (by the statements both
share); without one, its largest loading is made positive (scikit-learn's `svd_flip` rule).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.linalg import svds

from twoway.insights.opinion.votes import FloatArray, Votes

N_COMPONENTS = 2


@dataclass(frozen=True)
class Projection:
    """`coords[r]` is participant r on the map; `components[j, c]` the loading of statement c on
    axis j; `means[c]` statement c's mean vote; `extremity[c]` how far a participant who only
    agreed with statement c would sit from the centre (Pol.is's statement extremity)."""

    coords: FloatArray
    components: FloatArray
    means: FloatArray
    extremity: FloatArray
    explained_variance: FloatArray


def centred_matrix(votes: Votes) -> tuple[sparse.csr_matrix, FloatArray]:
    """The mean-filled, centred votes matrix (sparse: zero where no vote) and the column means.

    A statement without votes has mean 0 and an empty column.
    """
    seen = np.bincount(votes.cols, minlength=votes.n_statements)
    total = np.bincount(votes.cols, weights=votes.values, minlength=votes.n_statements)
    means = np.divide(total, seen, out=np.zeros(votes.n_statements), where=seen > 0)
    data = votes.values.astype(np.float64) - means[votes.cols]
    shape = (votes.n_participants, votes.n_statements)
    matrix = sparse.csr_matrix((data, (votes.rows, votes.cols)), shape=shape)
    return matrix, means


def principal_components(
    matrix: sparse.csr_matrix, n_components: int = N_COMPONENTS
) -> tuple[FloatArray, FloatArray]:
    """The top principal axes (rows) of a centred matrix and their variances, largest first."""
    n_rows, n_cols = matrix.shape
    rank_limit = min(n_rows, n_cols)
    if rank_limit <= n_components:
        # Too small for ARPACK, which needs k < min(shape): a dense SVD is exact and instant.
        _, singular, vt = np.linalg.svd(matrix.toarray(), full_matrices=False)
        singular, vt = singular[:n_components], vt[:n_components]
    else:
        start = np.full(n_cols, 1.0 / np.sqrt(n_cols))
        _, singular, vt = svds(matrix, k=n_components, v0=start, solver="arpack")
        order = np.argsort(singular)[::-1]
        singular, vt = singular[order], vt[order]
    components = np.zeros((n_components, n_cols))
    components[: len(vt)] = vt
    variance = np.zeros(n_components)
    variance[: len(singular)] = singular**2 / max(n_rows - 1, 1)
    return components, variance


def orient(
    components: FloatArray,
    statements: list,
    previous: Mapping[object, tuple[float, float]] | None = None,
) -> FloatArray:
    """Flip each component's sign: towards `previous` (statement -> its loadings on the axes of
    the last run) where they share statements, else so that the largest loading is positive."""
    oriented = components.copy()
    for axis in range(components.shape[0]):
        row = oriented[axis]
        reference = _previous_axis(previous, statements, axis)
        agreement = float(row @ reference) if reference is not None else 0.0
        if agreement == 0.0:
            agreement = float(row[np.argmax(np.abs(row))]) if row.size else 1.0
        if agreement < 0:
            oriented[axis] = -row
    return oriented


def _previous_axis(
    previous: Mapping[object, tuple[float, float]] | None, statements: list, axis: int
) -> FloatArray | None:
    if not previous:
        return None
    return np.array([float(previous.get(s, (0.0, 0.0))[axis]) for s in statements])


def sparsity_scale(votes: Votes) -> FloatArray:
    """sqrt(n_statements / n_voted) per participant (Pol.is's push outward for few votes)."""
    voted = np.maximum(votes.votes_per_participant(), 1)
    return np.sqrt(votes.n_statements / voted)


def project(
    votes: Votes, previous: Mapping[object, tuple[float, float]] | None = None
) -> Projection:
    """Participants and statements on the two axes (see the module docstring)."""
    matrix, means = centred_matrix(votes)
    components, variance = principal_components(matrix)
    components = orient(components, votes.statements, previous)
    coords = np.asarray(matrix @ components.T) * sparsity_scale(votes)[:, None]
    return Projection(
        coords=coords,
        components=components,
        means=means,
        extremity=statement_extremity(components, means),
        explained_variance=variance,
    )


def statement_extremity(components: FloatArray, means: FloatArray) -> FloatArray:
    """The distance from the centre of a participant who agreed with one statement only.

    Their centred votes are (1 - mean) on that statement and zero elsewhere, and one vote out of
    n statements scales them by sqrt(n): the norm of (1 - mean_c) * sqrt(n) * components[:, c].
    """
    n_statements = components.shape[1]
    loadings: npt.NDArray[np.float64] = np.linalg.norm(components, axis=0)
    return np.abs(1.0 - means) * np.sqrt(n_statements) * loadings
