"""Roster files to validated records: reading, column matching, dates, roles and hierarchy.

Pure Python (no Django): the org app diffs the records against the database and writes.
"""

from twoway.org.roster.errors import RosterError, RowError
from twoway.org.roster.parse import parse_roster
from twoway.org.roster.read import read_table
from twoway.org.roster.records import ParsedRoster, RosterRecord
from twoway.org.roster.roles import DEFAULT_TITLE_ROLES, ROLES
from twoway.org.roster.table import Table

__all__ = [
    "DEFAULT_TITLE_ROLES",
    "ROLES",
    "ParsedRoster",
    "RosterError",
    "RosterRecord",
    "RowError",
    "Table",
    "parse_roster",
    "read_table",
]
