"""A deterministic, believable demo contact center, as the roster an HR system would export.

`generate_roster` builds the people of one center (sites, teams, leaders, support staff) and
returns them as rows keyed by `DEMO_COLUMNS`; `roster_csv` writes those rows as the CSV file an
administrator would upload. The database is loaded through the normal roster import, never
from here, so the demo also exercises the import. `with_movers` gives the same roster a month
later with some agents moved between teams, for the re-import benchmark.

Pure Python: no Django import. Everything random comes from one `random.Random(seed)`, so the
same arguments always give the same file.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import itertools
import math
import random
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

DEMO_COLUMNS: list[str] = [
    "Employee ID",
    "First Name",
    "Last Name",
    "Work Email",
    "Phone",
    "Job Title",
    "Supervisor ID",
    "Center",
    "Site",
    "Team",
    "Hire Date",
    "Work Location",
    "Language",
    "Shift",
]

DEFAULT_TODAY = datetime.date(2026, 11, 1)
MIN_PEOPLE = 5  # an executive, a director, a manager, a team lead and one agent

EXECUTIVE_TITLE = "VP of Operations"
DIRECTOR_TITLE = "Site Director"
MANAGER_TITLE = "Operations Manager"
LEAD_TITLES = ("Team Lead", "Supervisor")
SUPPORT_TITLES = ("Workforce Analyst", "Quality Analyst", "Trainer")

# Sizing of the tree. Contact centers keep spans of control narrow at the bottom (one lead per
# ~20 agents) and moderate above (a manager over ~5-8 teams).
AGENTS_PER_TEAM = 20
TEAMS_PER_SITE = 20
TEAMS_PER_MANAGER = 6
AGENTS_PER_SUPPORT = 80
# People per team, counting the team's share of everyone above and beside it.
PEOPLE_PER_TEAM = AGENTS_PER_TEAM + 1 + 1 / TEAMS_PER_MANAGER + AGENTS_PER_TEAM / AGENTS_PER_SUPPORT

AGENT_EMAIL_SHARE = 0.85  # many frontline agents have no corporate mailbox
AGENT_PHONE_SHARE = 0.70
LEADER_PHONE_SHARE = 0.90


# --- names -------------------------------------------------------------------------------
def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(","))


# Small built-in pools, deliberately with accents, spaces and apostrophes: a real roster has
# them and the import must carry them unchanged.
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "english": (
        _names(
            "James, Mary, Robert, Patricia, Michael, Jennifer, David, Linda, William,"
            "Elizabeth, Chris, Jessica, Daniel, Sarah, Matthew, Ashley, Anthony, Emily,"
            "Brandon, Megan, Tyler, Brittany, Kevin, Amanda"
        ),
        _names(
            "Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson,"
            "Taylor, Thomas, Moore, Jackson, White, Harris, Clark, Lewis, Walker, O'Brien,"
            "Young, King, Wright, Scott, Green"
        ),
    ),
    "spanish": (
        _names(
            "José, María, Luis, Ana, Carlos, Guadalupe, Juan, Sofía, Miguel, Valentina,"
            "Jorge, Camila, Alejandro, Lucía, Diego, Ximena, Andrés, Daniela, Ricardo,"
            "Paola"
        ),
        _names(
            "García, Hernández, López, Martínez, González, Rodríguez, Pérez, Sánchez,"
            "Ramírez, Torres, Flores, Rivera, Gómez, Díaz, Cruz, Morales, Núñez, Ortiz,"
            "Castillo, de la Fuente"
        ),
    ),
    "portuguese": (
        _names(
            "João, Ana, Pedro, Mariana, Lucas, Beatriz, Gabriel, Larissa, Rafael, Juliana,"
            "Thiago, Fernanda, Matheus, Letícia, Vinícius, Camila"
        ),
        _names(
            "Silva, Santos, Oliveira, Souza, Lima, Pereira, Ferreira, Costa, Rodrigues,"
            "Almeida, Nascimento, Gonçalves, Araújo, Conceição"
        ),
    ),
    "filipino": (
        _names(
            "Mark, Maria, John Paul, Kristine, Jhon, Mary Grace, Jerome, Rowena, Rommel,"
            "Angelica, Jayson, Camille, Ramil, Lovely, Jericho, Princess, Arnel, Joy,"
            "Reynaldo, Marites"
        ),
        _names(
            "Dela Cruz, Santos, Reyes, Bautista, Garcia, Mendoza, Villanueva, Ramos, Aquino,"
            "Castillo, Navarro, Mercado, Pascual, Macaraeg, Dimaculangan, Manalo, Soriano,"
            "Tolentino"
        ),
    ),
    "vietnamese": (
        _names(
            "Minh, Linh, Anh, Thảo, Tuấn, Hương, Dũng, Ngọc, Huy, Trang, Quang, Phương,Khoa, Vy"
        ),
        _names("Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Võ, Đặng, Bùi, Đỗ, Ngô"),
    ),
    "french": (
        _names(
            "François, Hélène, Mathieu, Émilie, Julien, Chloé, Olivier, Camille, Étienne,"
            "Geneviève, Maxime, Noémie"
        ),
        _names(
            "Tremblay, Gagnon, Roy, Côté, Bouchard, Gauthier, Lefèvre, Bélanger, Lavoie,"
            "Fortin, D'Amours, Pelletier"
        ),
    ),
}


# --- sites -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SiteProfile:
    """How a site's people look: who works there, what they speak, how leads are called."""

    name: str
    phone_prefixes: tuple[str, ...]
    mix: tuple[tuple[str, str, int], ...]  # (name pool, Language column, weight)
    lead_title: str = "Team Lead"
    virtual: bool = False


_US_CODES = ("+1-512", "+1-813", "+1-602", "+1-210", "+1-407", "+1-704")
_US_MIX = (
    ("english", "English", 60),
    ("spanish", "English", 15),
    ("spanish", "Spanish", 17),
    ("vietnamese", "English", 4),
    ("vietnamese", "Vietnamese", 4),
)
_PH_MIX = (("filipino", "English", 72), ("filipino", "Filipino", 25), ("english", "English", 3))

BUILDING_SITES: tuple[SiteProfile, ...] = (
    SiteProfile("Manila North", ("+63-2",), _PH_MIX),
    SiteProfile("Austin", ("+1-512",), _US_MIX, lead_title="Supervisor"),
    SiteProfile("Cebu", ("+63-32",), _PH_MIX),
    SiteProfile("Tampa", ("+1-813",), _US_MIX, lead_title="Supervisor"),
    SiteProfile("Monterrey", ("+52-81",), (("spanish", "Spanish", 75), ("spanish", "English", 25))),
    SiteProfile(
        "Fortaleza",
        ("+55-85",),
        (
            ("portuguese", "Portuguese", 80),
            ("portuguese", "English", 15),
            ("english", "English", 5),
        ),
    ),
    SiteProfile(
        "Montreal",
        ("+1-514",),
        (("french", "French", 60), ("english", "English", 30), ("french", "English", 10)),
    ),
    SiteProfile("Davao", ("+63-82",), _PH_MIX),
    SiteProfile("Phoenix", ("+1-602",), _US_MIX, lead_title="Supervisor"),
    SiteProfile(
        "Da Nang", ("+84-236",), (("vietnamese", "Vietnamese", 65), ("vietnamese", "English", 35))
    ),
)
VIRTUAL_SITE = SiteProfile(
    "Work at Home",
    _US_CODES,
    (
        ("english", "English", 50),
        ("spanish", "Spanish", 15),
        ("spanish", "English", 10),
        ("portuguese", "Portuguese", 7),
        ("french", "French", 7),
        ("filipino", "English", 4),
        ("vietnamese", "Vietnamese", 7),
    ),
    virtual=True,
)
EXECUTIVE_PROFILE = SiteProfile("", ("+1-512",), (("english", "English", 1),))

# Lines of business: team name stem, agent title, weight.
LINES_OF_BUSINESS = (
    ("Customer Care", "Customer Care Agent", 30),
    ("Billing", "Billing Agent", 20),
    ("Technical", "Technical Agent", 18),
    ("Sales", "Sales Agent", 12),
    ("Retention", "Retention Agent", 10),
    ("Chat", "Chat Agent", 10),
)
SHIFTS = (("Day", 45), ("Evening", 30), ("Night", 10), ("Weekend", 15))


# --- the plan: how many sites, teams and people ---------------------------------------------
@dataclass
class SitePlan:
    profile: SiteProfile
    team_sizes: list[int]
    managers: int
    support: int


@dataclass
class Person:
    """One person while the roster is built; becomes a row once IDs and e-mails are known."""

    kind: str  # agent, lead, manager, director, executive or support
    title: str
    site: SiteProfile
    team: str = ""
    manager: int | None = None  # index into the people list
    shift: str = "Day"
    first_name: str = ""
    last_name: str = ""
    language: str = ""
    phone: str = ""
    location: str = ""
    tenure_days: int = 0
    wants_email: bool = True


def site_profile(index: int) -> SiteProfile:
    """The profile of the index-th site: every third site is a virtual work-at-home site."""
    virtual_index, position = divmod(index, 3)
    if position == 2:
        return _numbered(VIRTUAL_SITE, virtual_index)
    building_index = 2 * virtual_index + position
    cycle, offset = divmod(building_index, len(BUILDING_SITES))
    return _numbered(BUILDING_SITES[offset], cycle)


def _numbered(profile: SiteProfile, cycle: int) -> SiteProfile:
    if cycle == 0:
        return profile
    return SiteProfile(
        f"{profile.name} {cycle + 1}",
        profile.phone_prefixes,
        profile.mix,
        profile.lead_title,
        profile.virtual,
    )


def _overhead(site_team_counts: Sequence[int]) -> tuple[list[int], list[int], int]:
    """Managers and support staff per site, and everyone who is not an agent."""
    managers = [max(1, math.ceil(teams / TEAMS_PER_MANAGER)) for teams in site_team_counts]
    support = [round(teams * AGENTS_PER_TEAM / AGENTS_PER_SUPPORT) for teams in site_team_counts]
    non_agents = 1 + len(site_team_counts) + sum(managers) + sum(support) + sum(site_team_counts)
    return managers, support, non_agents


def _split_evenly(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def plan_sites(people: int, rng: random.Random) -> list[SitePlan]:
    """Sites with their team sizes, managers and support staff, adding up to `people`."""
    if people < MIN_PEOPLE:
        raise ValueError(f"A demo roster needs at least {MIN_PEOPLE} people, not {people}.")
    teams = max(1, round(people / PEOPLE_PER_TEAM))
    while True:
        site_teams = _split_evenly(teams, max(1, round(teams / TEAMS_PER_SITE)))
        managers, support, non_agents = _overhead(site_teams)
        agents = people - non_agents
        if agents >= teams or teams == 1:
            break
        teams -= 1  # too small for this many teams: every team needs at least one agent
    sizes = _team_sizes(agents, teams, rng)
    plans, start = [], 0
    for index, count in enumerate(site_teams):
        plans.append(
            SitePlan(
                site_profile(index), sizes[start : start + count], managers[index], support[index]
            )
        )
        start += count
    return plans


def _team_sizes(agents: int, teams: int, rng: random.Random) -> list[int]:
    """Split agents over teams unevenly (about 16-24 each at the usual scale), one at least."""
    weights = [rng.uniform(16, 24) for _ in range(teams)]
    spare, total = agents - teams, sum(weights)
    shares = [spare * w / total for w in weights]
    sizes = [1 + int(share) for share in shares]
    # Largest remainder: hand the agents lost to rounding to the teams that lost most.
    by_remainder = sorted(range(teams), key=lambda i: int(shares[i]) - shares[i])
    for i in by_remainder[: agents - sum(sizes)]:
        sizes[i] += 1
    return sizes


# --- the people ----------------------------------------------------------------------------
def _weighted(options: Sequence[tuple[str, int]], rng: random.Random) -> str:
    return rng.choices([name for name, _ in options], [weight for _, weight in options])[0]


def build_people(plans: Sequence[SitePlan], rng: random.Random) -> list[Person]:
    """Everyone in the center, with their manager as an index: the tree before any IDs."""
    people = [Person("executive", EXECUTIVE_TITLE, EXECUTIVE_PROFILE, shift="Day")]
    for plan in plans:
        _add_site(people, plan, rng)
    for person in people:
        _describe(person, rng)
    return people


def _add(people: list[Person], person: Person) -> int:
    people.append(person)
    return len(people) - 1


def _add_site(people: list[Person], plan: SitePlan, rng: random.Random) -> None:
    site = plan.profile
    director = _add(people, Person("director", DIRECTOR_TITLE, site, manager=0))
    managers = [
        _add(people, Person("manager", MANAGER_TITLE, site, manager=director))
        for _ in range(plan.managers)
    ]
    team_numbers: dict[str, int] = defaultdict(int)
    teams_per_manager = _split_evenly(len(plan.team_sizes), len(managers))
    owners = [m for m, count in zip(managers, teams_per_manager, strict=True) for _ in range(count)]
    for size, manager in zip(plan.team_sizes, owners, strict=True):
        stem, agent_title = _line_of_business(rng)
        team_numbers[stem] += 1
        team = f"{stem} {team_numbers[stem]}"
        _add_team(people, site, team, agent_title, size, manager, rng)
    for number in range(plan.support):
        title = SUPPORT_TITLES[number % len(SUPPORT_TITLES)]
        # Quality analysts sit with an operations manager; planners and trainers serve the site.
        boss = rng.choice(managers) if title == "Quality Analyst" else director
        people.append(Person("support", title, site, manager=boss))


def _line_of_business(rng: random.Random) -> tuple[str, str]:
    weights = [weight for _, _, weight in LINES_OF_BUSINESS]
    stem, agent_title, _ = rng.choices(LINES_OF_BUSINESS, weights)[0]
    return stem, agent_title


def _add_team(
    people: list[Person],
    site: SiteProfile,
    team: str,
    agent_title: str,
    size: int,
    manager: int,
    rng: random.Random,
) -> None:
    shift = _weighted(SHIFTS, rng)
    lead = _add(people, Person("lead", site.lead_title, site, team, manager, shift))
    for _ in range(size):
        title = f"Senior {agent_title}" if rng.random() < 0.06 else agent_title
        # Most agents work their team's shift; a few are on a split or weekend pattern.
        agent_shift = shift if rng.random() < 0.9 else _weighted(SHIFTS, rng)
        people.append(Person("agent", title, site, team, lead, agent_shift))


def _describe(person: Person, rng: random.Random) -> None:
    """Draw the personal columns: name, language, phone, location, tenure, mailbox."""
    pool, person.language = _pool_and_language(person.site, rng)
    first_names, last_names = NAMES[pool]
    person.first_name = rng.choice(first_names)
    person.last_name = rng.choice(last_names)
    person.location = _work_location(person, rng)
    person.tenure_days = _tenure_days(person.kind, rng)
    is_agent = person.kind == "agent"
    phone_share = AGENT_PHONE_SHARE if is_agent else LEADER_PHONE_SHARE
    if rng.random() < phone_share:
        prefix = rng.choice(person.site.phone_prefixes)
        person.phone = f"{prefix}-555-{rng.randrange(100, 200):04d}"
    person.wants_email = not is_agent or rng.random() < AGENT_EMAIL_SHARE


def _pool_and_language(site: SiteProfile, rng: random.Random) -> tuple[str, str]:
    pool, language, _ = rng.choices(site.mix, cum_weights=_cumulative_weights(site.mix))[0]
    return pool, language


@functools.cache
def _cumulative_weights(mix: tuple[tuple[str, str, int], ...]) -> tuple[int, ...]:
    return tuple(itertools.accumulate(weight for _, _, weight in mix))


def _work_location(person: Person, rng: random.Random) -> str:
    if person.site.virtual:
        return "Remote"
    hybrid_share = {"agent": 0.15, "lead": 0.1, "manager": 0.3, "support": 0.4}
    if person.kind == "executive":
        return "Hybrid"
    return "Hybrid" if rng.random() < hybrid_share.get(person.kind, 0.0) else "On-site"


def _tenure_days(kind: str, rng: random.Random) -> int:
    """Days since hire. Agents churn: about half under a year, some over five years."""
    if kind == "agent":
        if rng.random() < 0.85:
            return 3 + int(rng.expovariate(1 / (1.2 * 365)))
        return int(rng.uniform(3, 15) * 365)
    # Leaders are mostly promoted from the floor, so they have been there a while.
    low, high = {
        "lead": (1.5, 10),
        "manager": (3, 16),
        "director": (5, 20),
        "executive": (6, 22),
        "support": (1, 12),
    }[kind]
    return int(rng.uniform(low, high) * 365)


# --- the roster ----------------------------------------------------------------------------
def generate_roster(
    people: int = 1300,
    seed: int = 7,
    org_name: str = "Northwind Contact Center",
    today: datetime.date | None = None,
) -> list[dict[str, str]]:
    """A demo roster of `people` rows, one per person, keyed by `DEMO_COLUMNS`.

    Rows come in Employee ID order; IDs follow hire date (the longest-serving person has the
    lowest ID), as in most HR systems, so a row's supervisor is often further down the file.
    """
    rng = random.Random(seed)
    staff = build_people(plan_sites(people, rng), rng)
    today = today or DEFAULT_TODAY
    order = sorted(range(len(staff)), key=lambda i: (-staff[i].tenure_days, i))
    ids = [""] * len(staff)
    for rank, index in enumerate(order):
        ids[index] = f"E{10001 + rank}"
    emails = _assign_emails([staff[i] for i in order], _email_domain(org_name))
    rows = []
    for index, email in zip(order, emails, strict=True):
        person = staff[index]
        supervisor = "" if person.manager is None else ids[person.manager]
        rows.append(_row(person, ids[index], supervisor, email, org_name, today))
    return rows


def _row(
    person: Person,
    employee_id: str,
    supervisor_id: str,
    email: str,
    org_name: str,
    today: datetime.date,
) -> dict[str, str]:
    hire_date = today - datetime.timedelta(days=person.tenure_days)
    return {
        "Employee ID": employee_id,
        "First Name": person.first_name,
        "Last Name": person.last_name,
        "Work Email": email,
        "Phone": person.phone,
        "Job Title": person.title,
        "Supervisor ID": supervisor_id,
        "Center": org_name,
        "Site": person.site.name,
        "Team": person.team,
        "Hire Date": hire_date.isoformat(),
        "Work Location": person.location,
        "Language": person.language,
        "Shift": person.shift,
    }


@functools.cache  # names come from small pools: a 100,000-person roster has a few hundred
def _ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits only: 'Nguyễn' -> 'nguyen', "O'Brien" -> 'obrien'."""
    text = text.replace("đ", "d").replace("Đ", "D")  # a letter of its own, not d + accent
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed.lower() if c.isascii() and c.isalnum())


def _email_domain(org_name: str) -> str:
    words = [_ascii_word(word) for word in org_name.split()]
    return f"{next((w for w in words if w), 'demo')}.example"


def _assign_emails(people: Sequence[Person], domain: str) -> list[str]:
    """firstname.lastname@domain, numbered from the second holder of a name; blank if none."""
    seen: dict[str, int] = defaultdict(int)
    emails = []
    for person in people:
        if not person.wants_email:
            emails.append("")
            continue
        local = f"{_ascii_word(person.first_name)}.{_ascii_word(person.last_name)}"
        seen[local] += 1
        suffix = str(seen[local]) if seen[local] > 1 else ""
        emails.append(f"{local}{suffix}@{domain}")
    return emails


def roster_csv(rows: Sequence[dict[str, str]]) -> str:
    """The rows as CSV text with `DEMO_COLUMNS` as the header, as an HR export would be."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=DEMO_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


# --- movers and demo log-ins ---------------------------------------------------------------
def is_team_lead(row: dict[str, str]) -> bool:
    return row["Job Title"] in LEAD_TITLES


def is_agent(row: dict[str, str]) -> bool:
    """Agents are the people on a team who do not lead it."""
    return bool(row["Team"]) and not is_team_lead(row)


def with_movers(rows: Sequence[dict[str, str]], share: float, seed: int) -> list[dict[str, str]]:
    """A copy of the roster where `share` of the agents moved to another team on their site.

    A mover's Team and Supervisor ID change together (the new team's lead), so the copy is
    still a valid tree: what the next month's HR export looks like after a rebalancing. Agents
    on a site with a single team cannot move, so a tiny roster may have fewer movers.
    """
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"The share of movers must be between 0 and 1, not {share}.")
    moved = [dict(row) for row in rows]
    leads = {(row["Site"], row["Team"]): row["Employee ID"] for row in moved if is_team_lead(row)}
    teams_by_site: dict[str, list[str]] = defaultdict(list)
    for site, team in leads:
        teams_by_site[site].append(team)
    agents = [row for row in moved if is_agent(row)]
    movable = [row for row in agents if len(teams_by_site[row["Site"]]) > 1]
    rng = random.Random(seed)
    for row in rng.sample(movable, min(len(movable), round(share * len(agents)))):
        others = [team for team in teams_by_site[row["Site"]] if team != row["Team"]]
        row["Team"] = rng.choice(others)
        row["Supervisor ID"] = leads[(row["Site"], row["Team"])]
    return moved


def demo_accounts(rows: Sequence[dict[str, str]]) -> list[tuple[str, str]]:
    """(role label, employee ID) for the demo log-ins: one chain of command, top to bottom.

    The first person titled "Team Lead" in the file (any lead if none is), the first agent
    of their team with a work e-mail, and the manager and director above that lead.
    """
    by_id = {row["Employee ID"]: row for row in rows}
    leads = [row for row in rows if is_team_lead(row)]
    lead = next((row for row in leads if row["Job Title"] == "Team Lead"), leads[0])
    team = [row for row in rows if is_agent(row) and row["Supervisor ID"] == lead["Employee ID"]]
    agent = next((row for row in team if row["Work Email"]), team[0])
    manager = by_id[lead["Supervisor ID"]]
    director = by_id[manager["Supervisor ID"]]
    return [
        ("Director", director["Employee ID"]),
        ("Manager", manager["Employee ID"]),
        ("Team Lead", lead["Employee ID"]),
        ("Agent", agent["Employee ID"]),
    ]


# Computed, not typed in, so it can never drift from the generator (about 20 ms at import).
DEMO_ACCOUNTS: list[tuple[str, str]] = demo_accounts(generate_roster(1300, 7))
