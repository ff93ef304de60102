"""The votes of a conversation as arrays: one entry per (participant, statement) vote.

Participants and statements are given by any hashable label (ids, strings); `Votes` maps them to
row and column numbers once, so every later step works on integer arrays. A vote is 1 (agree),
-1 (disagree) or 0 (pass); a statement a participant did not see has no entry at all, which is
not the same as a pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

AGREE, DISAGREE, PASS = 1, -1, 0
VOTE_VALUES = (AGREE, DISAGREE, PASS)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class VotesError(ValueError):
    """Votes that cannot be analysed; the message says which and why."""


@dataclass(frozen=True)
class Votes:
    """Long-form votes: `rows[i]` voted `values[i]` on statement `cols[i]`.

    `participants[r]` and `statements[c]` are the labels of row r and column c. Each
    (row, col) pair appears once.
    """

    participants: list
    statements: list
    rows: IntArray
    cols: IntArray
    values: npt.NDArray[np.int8]

    @property
    def n_participants(self) -> int:
        return len(self.participants)

    @property
    def n_statements(self) -> int:
        return len(self.statements)

    @property
    def n_votes(self) -> int:
        return int(self.values.size)

    def votes_per_participant(self) -> IntArray:
        return np.bincount(self.rows, minlength=self.n_participants).astype(np.int64)


def votes_from_arrays(
    participants: Sequence | npt.ArrayLike,
    statements: Sequence | npt.ArrayLike,
    values: Sequence[int] | npt.ArrayLike,
    *,
    statement_order: Sequence | None = None,
) -> Votes:
    """Build `Votes` from three equal-length columns of a long table.

    Raises `VotesError` for a value outside {1, -1, 0}, a participant voting twice on one
    statement, columns of different lengths, or no votes at all. `statement_order` lists every
    statement label (those without votes too) in the order the columns should take; by default
    the sorted labels that have votes.
    """
    who, what = np.asarray(participants), np.asarray(statements)
    raw = np.asarray(values)
    if not (who.shape == what.shape == raw.shape) or who.ndim != 1:
        raise VotesError("participants, statements and values must be columns of one length")
    if raw.size == 0:
        raise VotesError("there are no votes")
    vote = _checked_values(raw)
    people, rows = _codes(who)
    labels, cols = _statement_columns(what, statement_order)
    _refuse_duplicates(rows, cols, len(labels), people, labels)
    return Votes(
        participants=people.tolist(),
        statements=list(labels),
        rows=rows.astype(np.int64),
        cols=cols.astype(np.int64),
        values=vote,
    )


def _checked_values(raw: npt.NDArray) -> npt.NDArray[np.int8]:
    try:
        numeric = raw.astype(np.float64)
    except (TypeError, ValueError):
        bad = next(v for v in raw.tolist() if not _is_number(v))
        raise VotesError(f"vote {bad!r} is not one of 1 (agree), -1 (disagree), 0 (pass)") from None
    wrong = ~np.isin(numeric, VOTE_VALUES)
    if wrong.any():
        bad = _plain(raw[np.flatnonzero(wrong)[0]])
        raise VotesError(f"vote {bad!r} is not one of 1 (agree), -1 (disagree), 0 (pass)")
    return numeric.astype(np.int8)


def _plain(value: object) -> object:
    """A NumPy scalar as the Python value it holds (for messages: 2, not np.int64(2))."""
    return value.item() if isinstance(value, np.generic) else value


def _is_number(value: object) -> bool:
    try:
        float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


def _statement_columns(what: npt.NDArray, order: Sequence | None) -> tuple[list, npt.NDArray]:
    if order is None:
        found, cols = _codes(what)
        return found.tolist(), cols
    labels = list(order)
    position = {label: i for i, label in enumerate(labels)}
    unknown = [s for s in dict.fromkeys(what.tolist()) if s not in position]
    if unknown:
        raise VotesError(f"statement {unknown[0]!r} is not one of the conversation's statements")
    return labels, np.fromiter((position[s] for s in what.tolist()), np.int64, what.size)


def _codes(labels: npt.NDArray) -> tuple[npt.NDArray, IntArray]:
    """The sorted distinct labels and each entry's position among them (`np.unique` with
    `return_inverse`), by counting rather than sorting when labels are small integers."""
    if labels.dtype.kind in "iu" and labels.size:
        low, high = int(labels.min()), int(labels.max())
        if high - low <= 4 * labels.size:
            present = np.bincount(labels - low, minlength=high - low + 1) > 0
            position = np.cumsum(present) - 1
            return np.flatnonzero(present) + low, position[labels - low].astype(np.int64)
    distinct, inverse = np.unique(labels, return_inverse=True)
    return distinct, inverse.reshape(-1).astype(np.int64)


def _refuse_duplicates(
    rows: npt.NDArray, cols: npt.NDArray, n_cols: int, people: npt.NDArray, labels: list
) -> None:
    keys = rows.astype(np.int64) * n_cols + cols
    ordered = np.sort(keys)
    repeated = np.flatnonzero(ordered[1:] == ordered[:-1])
    if repeated.size:
        key = int(ordered[repeated[0]])
        raise VotesError(
            f"participant {_plain(people[key // n_cols])!r} voted more than once on statement "
            f"{labels[key % n_cols]!r}"
        )
