"""Which figures of a conversation may be shown: no count of fewer than k, nor one derivable.

A conversation's results cut the same people several ways at once: by opinion group, and by each
declared attribute (lens, site). For one statement, the cells shown are everyone, each opinion
group and each declared value; each is a union of *atoms*, the people who share every category
(group A and leader and Lisbon, say). Categories that are never shown (participants in no
group, or with no declared value) are cells too, never shown, so that the sums are complete:
everyone = the groups + the ungrouped, for each attribute.

`CellTable` builds those relations once and hands them to `twoway.insights.anonymity`'s linked
table suppression, statement by statement, with the counts of that statement's voters (or, for
group sizes, of the participants). When every atom holds 0 or at least k people, every union of
atoms does too, so nothing can be derived below k and the audit is skipped: that is exact, and
it keeps the common case fast.

`CellTables` keeps the opinion groups in a table of their own, apart from the declared
attributes (which share one table, crossed: "leaders in Lisbon" is a set a reader can name).
The partition rule of `insights.partition` asks every class the shown cells tell apart to hold
0 or k people; crossed with the few leaders, opinion groups would almost never be shown. But a
reader cannot tell who is in which opinion group: no view shows anyone's group, position or
votes, so "the leaders of group A" is not a set anyone can point at, and bounds on it single
out nobody. Each table still guards its own sums and differences, and everyone (the total) is
shown in both or in neither (it is pinned shown once it holds k).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

import numpy as np
import numpy.typing as npt

from twoway.insights.anonymity import SHOWN, LinkedTable, Relation
from twoway.insights.opinion.votes import IntArray, Votes


@dataclass(frozen=True)
class Partition:
    """One way of cutting the participants: `codes[r]` in 0..len(names)-1, and which of those
    categories may be shown at all (the ungrouped never are)."""

    name: str
    names: list[str]
    codes: IntArray
    shown: list[bool]


class CellTable:
    """The cells of one statement (or of the participants) over several partitions."""

    def __init__(self, partitions: Sequence[Partition]):
        self.partitions = list(partitions)
        sizes = [len(p.names) for p in self.partitions]
        self.n_atoms = int(np.prod(sizes))
        self.strides = [int(np.prod(sizes[i + 1 :])) for i in range(len(sizes))]
        # Cell 0 is everyone; then each category of each partition; then the atoms.
        self.cell_of: dict[tuple[str, str], int] = {}
        never = [False]
        relations: list[Relation] = []
        atoms_start = 1 + sum(sizes)
        grid = list(product(*[range(s) for s in sizes]))
        cell = 1
        for p, partition in enumerate(self.partitions):
            parts = []
            for value, label in enumerate(partition.names):
                self.cell_of[(partition.name, label)] = cell
                never.append(not partition.shown[value])
                members = [atoms_start + a for a, combo in enumerate(grid) if combo[p] == value]
                relations.append(Relation(cell, tuple(members)))
                parts.append(cell)
                cell += 1
            relations.append(Relation(0, tuple(parts)))
        never += [True] * self.n_atoms
        self.size = atoms_start + self.n_atoms
        self.membership = np.zeros((atoms_start, self.n_atoms), dtype=np.int64)
        self.membership[0] = 1
        for relation in relations:
            if relation.total != 0:
                self.membership[relation.total, [m - atoms_start for m in relation.parts]] = 1
        self.table = LinkedTable(relations, self.size, never_shown=never)

    def atom_codes(self) -> IntArray:
        """Each participant's atom number."""
        codes = np.zeros(len(self.partitions[0].codes), dtype=np.int64)
        for partition, stride in zip(self.partitions, self.strides, strict=True):
            codes += partition.codes * stride
        return codes

    def atom_counts_per_statement(self, votes: Votes) -> IntArray:
        """atoms x statements: how many of each atom voted on each statement."""
        atom = self.atom_codes()[votes.rows]
        flat = np.bincount(
            atom * votes.n_statements + votes.cols, minlength=self.n_atoms * votes.n_statements
        )
        return flat.reshape(self.n_atoms, votes.n_statements)

    def atom_counts_of_participants(self) -> IntArray:
        """atoms x 1: how many participants each atom holds."""
        return np.bincount(self.atom_codes(), minlength=self.n_atoms).reshape(-1, 1)

    def shown(self, atom_counts: IntArray, k: int) -> npt.NDArray[np.bool_]:
        """cells x columns: whether each cell may be shown for each column of `atom_counts`.

        Everyone (cell 0) is shown whenever it holds k: the other tables show it too.
        """
        cells = self.membership @ atom_counts
        shown = np.zeros(cells.shape, dtype=bool)
        for column in range(atom_counts.shape[1]):
            atoms = atom_counts[:, column]
            if ((atoms == 0) | (atoms >= k)).all():
                shown[:, column] = cells[:, column] >= k
                continue
            n = np.concatenate([cells[:, column], atoms]).tolist()
            pinned = {0: SHOWN} if cells[0, column] >= k else None
            status = self.table.protect(n, k, pinned=pinned)
            shown[:, column] = np.asarray(status[: cells.shape[0]]) == SHOWN
        return shown & self._showable()[:, None]

    def _showable(self) -> npt.NDArray[np.bool_]:
        showable = np.ones(self.membership.shape[0], dtype=bool)
        for partition in self.partitions:
            for value, label in enumerate(partition.names):
                showable[self.cell_of[(partition.name, label)]] = partition.shown[value]
        return showable

    def counts(self, atom_counts: IntArray) -> IntArray:
        """cells x columns: the number of people in each cell."""
        return self.membership @ atom_counts


class CellTables:
    """Several cell tables over the same participants, read as one: row 0 is everyone, then
    each table's categories; `cell_of[(partition, name)]` is a row."""

    def __init__(self, groups: Sequence[Sequence[Partition]]):
        self.tables = [CellTable(partitions) for partitions in groups if partitions]
        self.partitions = [p for table in self.tables for p in table.partitions]
        self.cell_of: dict[tuple[str, str], int] = {}
        self._rows: list[tuple[int, npt.NDArray[np.int64]]] = []
        row = 1
        for t, table in enumerate(self.tables):
            own = sorted(table.cell_of.items(), key=lambda item: item[1])
            for key, _cell in own:
                self.cell_of[key] = row
                row += 1
            self._rows.append((t, np.array([cell for _key, cell in own], dtype=np.int64)))
        self.n_rows = row

    def _stack(self, per_table: list[npt.NDArray], everyone: npt.NDArray) -> npt.NDArray:
        parts = [everyone[None, :]] + [
            values[cells] for (_t, cells), values in zip(self._rows, per_table, strict=True)
        ]
        return np.concatenate(parts, axis=0)

    def shown_per_statement(self, votes: Votes, k: int) -> npt.NDArray[np.bool_]:
        per_table = [t.shown(t.atom_counts_per_statement(votes), k) for t in self.tables]
        everyone = np.logical_and.reduce([values[0] for values in per_table])
        return self._stack(per_table, everyone)

    def shown_sizes(self, k: int) -> npt.NDArray[np.bool_]:
        per_table = [t.shown(t.atom_counts_of_participants(), k) for t in self.tables]
        everyone = np.logical_and.reduce([values[0] for values in per_table])
        return self._stack(per_table, everyone)[:, 0]

    def sizes(self) -> IntArray:
        per_table = [t.counts(t.atom_counts_of_participants()) for t in self.tables]
        return self._stack(per_table, per_table[0][0])[:, 0]
