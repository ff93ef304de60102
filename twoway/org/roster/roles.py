"""Roles from a role column, or from job titles through an editable mapping."""

from __future__ import annotations

from collections.abc import Mapping

from twoway.org.roster.values import plain

ROLES = ("agent", "team_lead", "supervisor", "manager", "director", "executive", "support")

# When a title holds keywords of several roles ("Quality Manager", "Associate Director"),
# the most senior wins: a title names a leadership word only when the person leads.
SENIORITY = ("executive", "director", "manager", "supervisor", "team_lead", "support", "agent")

# Lower-cased title or keyword -> role. A whole title is looked up first; otherwise the
# entries are searched as whole words inside the title.
DEFAULT_TITLE_ROLES: dict[str, str] = {
    # frontline
    "agent": "agent", "csr": "agent", "representative": "agent", "rep": "agent",
    "advisor": "agent", "adviser": "agent", "associate": "agent", "specialist": "agent",
    "customer service representative": "agent", "customer service agent": "agent",
    "customer service advisor": "agent", "customer care representative": "agent",
    "call center agent": "agent", "contact center agent": "agent",
    "customer service executive": "agent",  # an agent title in the UK and India
    "operator": "agent", "consultant": "agent", "tsr": "agent", "cse": "agent",
    # first-line leaders
    "team lead": "team_lead", "team leader": "team_lead", "tl": "team_lead",
    "team coach": "team_lead", "supervisor": "supervisor",
    # management
    "manager": "manager", "mgr": "manager", "director": "director", "head of": "director",
    "vp": "executive", "svp": "executive", "evp": "executive", "avp": "executive",
    "vice president": "executive", "president": "executive", "chief": "executive",
    "ceo": "executive", "coo": "executive", "cfo": "executive", "cio": "executive",
    "cto": "executive", "cxo": "executive",
    # support staff
    "analyst": "support", "trainer": "support", "coordinator": "support", "wfm": "support",
    "quality": "support", "qa": "support", "scheduler": "support", "planner": "support",
    "workforce": "support", "recruiter": "support", "hr": "support",
    "administrator": "support", "instructor": "support",
}  # fmt: skip

# Values accepted in a role column, besides the titles of the mapping.
ROLE_NAMES = {
    "agent": "agent", "team lead": "team_lead", "team leader": "team_lead",
    "teamlead": "team_lead", "tl": "team_lead", "supervisor": "supervisor",
    "manager": "manager", "director": "director", "executive": "executive",
    "exec": "executive", "support": "support", "support staff": "support",
}  # fmt: skip


class RoleMapper:
    """Look up roles for titles: caller's mapping before the defaults, exact before keyword."""

    def __init__(self, title_roles: Mapping[str, str] | None = None) -> None:
        custom = {plain(title): role for title, role in (title_roles or {}).items()}
        wrong = sorted({role for role in custom.values() if role not in ROLES})
        if wrong:
            raise ValueError(f"Unknown role(s) in the title mapping: {wrong}; use one of {ROLES}")
        defaults = {plain(title): role for title, role in DEFAULT_TITLE_ROLES.items()}
        self.exact = {**defaults, **custom}
        self.keyword_groups = [custom, defaults]
        self.cache: dict[str, str | None] = {}

    def role_for_title(self, title: str) -> str | None:
        """The role a job title maps to, or None when the mapping has nothing for it."""
        if title in self.cache:
            return self.cache[title]
        key = plain(title)
        role = self.exact.get(key)
        if role is None:
            padded = f" {key} "
            for group in self.keyword_groups:
                found = [role for word, role in group.items() if f" {word} " in padded]
                if found:
                    role = min(found, key=SENIORITY.index)
                    break
        if len(self.cache) < 50_000:
            self.cache[title] = role
        return role

    def role_for_role_cell(self, text: str) -> str | None:
        """A role column value: a role name ('Team Lead', 'team_lead') or a mapped title."""
        key = plain(text.replace("_", " "))
        return ROLE_NAMES.get(key) or self.role_for_title(text)


def role_from_reports(has_reports: bool, reports_have_reports: bool) -> str:
    """The role guessed from the chain when the file has neither role nor title."""
    if reports_have_reports:
        return "manager"
    return "team_lead" if has_reports else "agent"
