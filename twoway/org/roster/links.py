"""Checks across rows: unique IDs and e-mails, managers that exist, chains without cycles."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from twoway.org.roster.columns import ColumnMap
from twoway.org.roster.errors import ErrorLog
from twoway.org.roster.hierarchy import (
    MAX_DEPTH,
    NO_MANAGER,
    chain_depths,
    depth_order,
    find_cycles,
)
from twoway.org.roster.rows import Draft


def id_key(employee_id: str) -> str:
    """Compare IDs ignoring case, and leading zeros that Excel drops from numeric IDs."""
    key = employee_id.casefold()
    if key.isdigit():
        return key.lstrip("0") or "0"
    return key


def describe(draft: Draft) -> str:
    return f"{draft.full_name} ({draft.employee_id})"


class RowLinker:
    """Links each row to the others: identity, e-mail and manager."""

    def __init__(self, drafts: list[Draft], columns: ColumnMap, log: ErrorLog) -> None:
        self.drafts = drafts
        self.columns = columns
        self.log = log
        self.ids = self.index_unique("employee_id", lambda d: id_key(d.employee_id), "ID")
        self.emails = self.index_unique("email", lambda d: d.email, "e-mail")
        self.names: dict[str, Draft] | None = None  # built on the first unknown manager ID

    def error(self, row: int, name: str, message: str) -> None:
        self.log.add(row, self.columns.header.get(name, ""), message)

    def index_unique(self, name: str, key_of: Callable[[Draft], str], noun: str) -> dict[str, int]:
        """Map each value to its first row's index; later rows with the same value are errors."""
        index: dict[str, int] = {}
        for position, draft in enumerate(self.drafts):
            key = key_of(draft)
            if not key:
                continue
            first = index.setdefault(key, position)
            if first != position:
                other = self.drafts[first]
                self.error(
                    draft.row,
                    name,
                    f'"{getattr(draft, name)}" is also the {noun} of row {other.row} '
                    f"({other.full_name}). Each person needs their own {noun}; remove the "
                    "duplicate row or correct it.",
                )
        return index

    def link_managers(self) -> list[int]:
        """Each row's manager as an index into the rows, or NO_MANAGER."""
        parents = [NO_MANAGER] * len(self.drafts)
        for position, draft in enumerate(self.drafts):
            if draft.manager_ref:
                parents[position] = self.manager_by_id(position, draft)
            elif draft.manager_email:
                parents[position] = self.manager_by_email(position, draft)
        return parents

    def manager_by_id(self, position: int, draft: Draft) -> int:
        ref = draft.manager_ref
        if draft.employee_id and id_key(ref) == id_key(draft.employee_id):
            self.error(
                draft.row,
                "manager_id",
                f"{ref} is this person's own employee ID; a person cannot be their own "
                "manager. Enter their manager's ID, or leave it empty for the top person.",
            )
            return NO_MANAGER
        target = self.ids.get(id_key(ref))
        if target is None:
            self.error(draft.row, "manager_id", self.unknown_manager_message(ref))
            return NO_MANAGER
        return target

    def unknown_manager_message(self, ref: str) -> str:
        named = self.find_by_name(ref)
        if named is not None:
            return (
                f'"{ref}" is a name, but this column needs the manager\'s employee ID: '
                f"{named.full_name} is {named.employee_id} (row {named.row})."
            )
        return f"{ref} is not in the file. Add that person or correct the ID."

    def find_by_name(self, text: str) -> Draft | None:
        if " " not in text.strip():
            return None
        if self.names is None:
            self.names = {}
            for draft in self.drafts:
                self.names.setdefault(draft.full_name.casefold(), draft)
        return self.names.get(" ".join(text.split()).casefold())

    def manager_by_email(self, position: int, draft: Draft) -> int:
        target = self.emails.get(draft.manager_email)
        if target == position:
            message = (
                f"{draft.manager_email} is this person's own e-mail; a person cannot be their "
                "own manager. Enter their manager's e-mail, or leave it empty for the top person."
            )
        elif target is None:
            message = (
                f"{draft.manager_email} is not the e-mail of anyone in the file. Add that "
                "person, or correct the address."
            )
        else:
            return target
        self.error(draft.row, "manager_email", message)
        return NO_MANAGER

    def check_chains(self, parents: list[int]) -> None:
        """Log manager cycles and absurdly deep chains; cycles are cut so later steps end."""
        column = "manager_id" if "manager_id" in self.columns else "manager_email"
        for cycle in find_cycles(parents):
            self.report_cycle(cycle, column)
            for position in cycle:
                parents[position] = NO_MANAGER
        depths = chain_depths(parents, depth_order(parents))
        for position, depth in enumerate(depths):
            if depth > MAX_DEPTH:
                self.error(
                    self.drafts[position].row,
                    column,
                    f"this person is more than {MAX_DEPTH} levels below the top of the "
                    "management chain. Check the manager column.",
                )

    def report_cycle(self, cycle: Sequence[int], column: str, shown: int = 8) -> None:
        """One error per cycle, on its first row, naming the people in it (the first few
        when the cycle is long); every row of the cycle is kept out of the records."""
        members = [self.drafts[position] for position in cycle]
        named = [describe(d) for d in members[:shown]]
        if len(members) > shown:
            named.append(f"... ({len(members)} people in all)")
        chain = " reports to ".join([*named, describe(members[0])])
        rows = sorted(d.row for d in members)
        row_list = ", ".join(map(str, rows[:shown])) + (", ..." if len(rows) > shown else "")
        self.error(
            rows[0],
            column,
            f"manager cycle: {chain}. Correct the manager of one of them (rows {row_list}).",
        )
        self.log.hold(rows)
