"""The demo roster: a believable, importable and deterministic contact center."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import Counter, defaultdict

import pytest

from twoway.demo.roster import (
    DEMO_ACCOUNTS,
    DEMO_COLUMNS,
    demo_accounts,
    generate_roster,
    roster_csv,
    with_movers,
)

Row = dict[str, str]
LEAD_TITLES = {"Team Lead", "Supervisor"}
SUPPORT_TITLES = {"Workforce Analyst", "Quality Analyst", "Trainer"}


@pytest.fixture(scope="module")
def roster() -> list[Row]:
    return generate_roster()


@pytest.fixture(scope="module")
def by_id(roster: list[Row]) -> dict[str, Row]:
    return {row["Employee ID"]: row for row in roster}


def kind_of(row: Row) -> str:
    """The role a reader of the file would infer, written independently of the generator."""
    title = row["Job Title"]
    if title in LEAD_TITLES:
        return "lead"
    if title in SUPPORT_TITLES:
        return "support"
    if title.endswith("Agent"):
        return "agent"
    return {"Operations Manager": "manager", "Site Director": "director"}.get(title, "executive")


def tree_problems(rows: list[Row]) -> list[str]:
    """Everything that would stop the roster import building a reporting tree."""
    managers = {row["Employee ID"]: row["Supervisor ID"] for row in rows}
    problems = []
    if len(managers) != len(rows):
        problems.append("duplicate employee IDs")
    roots = [person for person, boss in managers.items() if not boss]
    if len(roots) != 1:
        problems.append(f"{len(roots)} people without a supervisor")
    for person, boss in managers.items():
        if boss and boss not in managers:
            problems.append(f"{person}: supervisor {boss} is not in the file")
        if boss == person:
            problems.append(f"{person} supervises themself")
    for person in managers:
        seen, current = set(), person
        while current and current in managers:
            if current in seen:
                problems.append(f"{person} is in a reporting cycle")
                break
            seen.add(current)
            current = managers[current]
    return problems


def agents_of(rows: list[Row]) -> list[Row]:
    return [row for row in rows if kind_of(row) == "agent"]


# --- determinism and format ------------------------------------------------------------------
def test_same_seed_gives_the_same_roster_and_another_seed_does_not():
    assert generate_roster(300, seed=3) == generate_roster(300, seed=3)
    assert generate_roster(300, seed=3) != generate_roster(300, seed=4)


def test_every_row_has_exactly_the_demo_columns_as_strings(roster):
    assert len(roster) == 1300
    for row in roster:
        assert list(row) == DEMO_COLUMNS
        assert all(isinstance(value, str) for value in row.values())


def test_employee_ids_are_unique_and_look_like_hr_ids(roster):
    ids = [row["Employee ID"] for row in roster]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"E\d{5,}", employee_id) for employee_id in ids)


def test_too_few_people_for_a_tree_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="at least 5 people"):
        generate_roster(4)


# --- shape of the default center --------------------------------------------------------------
def test_default_center_has_two_buildings_and_one_virtual_site(roster):
    assert {row["Center"] for row in roster} == {"Northwind Contact Center"}
    sites = {row["Site"] for row in roster if row["Site"]}
    assert len(sites) == 3
    remote_sites = {
        site
        for site in sites
        if all(r["Work Location"] == "Remote" for r in roster if r["Site"] == site)
    }
    assert len(remote_sites) == 1


def test_default_center_has_about_sixty_teams_of_fifteen_to_twenty_five_agents(roster):
    team_sizes = Counter((row["Site"], row["Team"]) for row in agents_of(roster))
    assert 55 <= len(team_sizes) <= 65
    assert all(15 <= size <= 25 for size in team_sizes.values())


def test_default_center_has_about_1200_agents_and_100_others(roster):
    kinds = Counter(kind_of(row) for row in roster)
    assert 1150 <= kinds["agent"] <= 1250
    leaders = kinds["lead"] + kinds["manager"] + kinds["director"] + kinds["executive"]
    assert 70 <= leaders <= 110
    assert kinds["executive"] == 1
    assert kinds["director"] == 3
    assert 3 <= kinds["support"] <= 30
    assert kinds["lead"] == len({(r["Site"], r["Team"]) for r in roster if r["Team"]})


def test_each_team_has_exactly_one_lead_and_all_its_agents_report_to_that_lead(roster):
    leads = defaultdict(list)
    for row in roster:
        if kind_of(row) == "lead":
            leads[(row["Site"], row["Team"])].append(row["Employee ID"])
    assert all(len(ids) == 1 for ids in leads.values())
    for agent in agents_of(roster):
        assert agent["Supervisor ID"] == leads[(agent["Site"], agent["Team"])][0]


def test_each_level_reports_to_the_level_above_on_the_same_site(roster, by_id):
    expected_boss = {
        "lead": {"manager"},
        "manager": {"director"},
        "director": {"executive"},
        "support": {"manager", "director"},
    }
    for row in roster:
        kind = kind_of(row)
        if kind in expected_boss:
            boss = by_id[row["Supervisor ID"]]
            assert kind_of(boss) in expected_boss[kind]
            assert boss["Site"] == row["Site"] or kind == "director"


def test_managers_directors_and_support_sit_on_a_site_without_a_team(roster):
    for row in roster:
        kind = kind_of(row)
        if kind in {"manager", "director", "support"}:
            assert row["Site"] and not row["Team"]
        if kind == "executive":
            assert not row["Site"] and not row["Team"] and not row["Supervisor ID"]


def test_managers_each_run_a_handful_of_teams(roster, by_id):
    teams_per_manager = Counter(row["Supervisor ID"] for row in roster if kind_of(row) == "lead")
    managers = [row["Employee ID"] for row in roster if kind_of(row) == "manager"]
    assert all(4 <= teams_per_manager[manager] <= 8 for manager in managers)


# --- people columns ------------------------------------------------------------------------------
def test_work_emails_are_unique_ascii_first_dot_last_and_numbered_on_clashes(roster):
    emails = [row["Work Email"] for row in roster if row["Work Email"]]
    assert len(set(emails)) == len(emails)
    pattern = re.compile(r"([a-z]+)\.([a-z]+)(\d*)@northwind\.example")
    matches = [pattern.fullmatch(email) for email in emails]
    assert all(matches)
    numbered = [m for m in matches if m and m.group(3)]
    assert numbered, "1,300 people from small name pools must share some names"


def test_accented_names_keep_their_accents_but_not_in_the_email(roster):
    nguyen = [row for row in roster if row["Last Name"] == "Nguyễn" and row["Work Email"]]
    assert nguyen
    assert all(".nguyen" in row["Work Email"] for row in nguyen)


def test_about_fifteen_percent_of_agents_and_no_leader_lack_an_email(roster):
    agents = agents_of(roster)
    blank = sum(1 for row in agents if not row["Work Email"]) / len(agents)
    assert 0.10 <= blank <= 0.20
    assert all(row["Work Email"] for row in roster if kind_of(row) != "agent")


def test_names_and_languages_span_several_cultures(roster):
    languages = Counter(row["Language"] for row in roster)
    assert set(languages) == {
        "English",
        "Spanish",
        "Portuguese",
        "Filipino",
        "Vietnamese",
        "French",
    }
    assert languages.most_common(1)[0][0] == "English"
    assert any(not row["Last Name"].isascii() for row in roster)
    assert any(" " in row["Last Name"] for row in roster)  # "Dela Cruz", "de la Fuente"


def test_phones_are_fictional_numbers_or_blank(roster):
    phones = [row["Phone"] for row in roster]
    assert 0.1 <= phones.count("") / len(phones) <= 0.5
    assert all(re.fullmatch(r"\+\d{1,2}-\d{1,3}-555-01\d\d", p) for p in phones if p)


def test_hire_dates_show_churn_and_some_long_tenure(roster):
    today = datetime.date(2026, 11, 1)
    tenure_days = [
        (today - datetime.date.fromisoformat(row["Hire Date"])).days for row in agents_of(roster)
    ]
    assert all(days >= 0 for days in tenure_days)
    assert 0.3 <= sum(days < 365 for days in tenure_days) / len(tenure_days) <= 0.65
    assert sum(days >= 5 * 365 for days in tenure_days) / len(tenure_days) >= 0.05


def test_hire_dates_are_relative_to_today():
    later = generate_roster(200, today=datetime.date(2030, 1, 1))
    default = generate_roster(200)
    shift = datetime.date(2030, 1, 1) - datetime.date(2026, 11, 1)
    for moved, base in zip(later, default, strict=True):
        hired = datetime.date.fromisoformat(base["Hire Date"]) + shift
        assert moved["Hire Date"] == hired.isoformat()


def test_building_sites_are_mostly_on_site_with_some_hybrid(roster):
    locations = Counter(
        row["Work Location"] for row in roster if row["Site"] and row["Work Location"] != "Remote"
    )
    assert set(locations) == {"On-site", "Hybrid"}
    assert locations["On-site"] > 3 * locations["Hybrid"]


def test_shifts_are_the_four_contact_center_patterns(roster):
    assert {row["Shift"] for row in roster} == {"Day", "Evening", "Night", "Weekend"}


def test_org_name_sets_the_center_and_the_email_domain():
    rows = generate_roster(100, org_name="Acme Care")
    assert {row["Center"] for row in rows} == {"Acme Care"}
    assert all(row["Work Email"].endswith("@acme.example") for row in rows if row["Work Email"])


# --- scale ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("people", "seed"), [(5, 1), (6, 2), (23, 3), (50, 7), (137, 4), (1300, 11), (5000, 5)]
)
def test_roster_of_any_size_is_a_valid_tree_of_exactly_that_many_people(people, seed):
    rows = generate_roster(people, seed=seed)
    assert len(rows) == people
    assert tree_problems(rows) == []
    assert all(kind_of(row) != "agent" or row["Team"] for row in rows)


def test_hundred_thousand_people_spread_over_many_sites_a_third_virtual():
    rows = generate_roster(100_000)
    assert len(rows) == 100_000
    assert tree_problems(rows) == []
    sites = Counter(row["Site"] for row in rows if row["Site"])
    remote = {s for s in sites if s.startswith("Work at Home")}
    assert len(sites) > 100
    assert abs(len(remote) / len(sites) - 1 / 3) < 0.02
    team_sizes = Counter((row["Site"], row["Team"]) for row in agents_of(rows))
    assert all(15 <= size <= 25 for size in team_sizes.values())
    emails = [row["Work Email"] for row in rows if row["Work Email"]]
    assert len(set(emails)) == len(emails)


# --- movers ----------------------------------------------------------------------------------
def test_movers_change_team_and_lead_for_the_requested_share_of_agents(roster):
    moved = with_movers(roster, share=0.1, seed=1)
    leads = {(r["Site"], r["Team"]): r["Employee ID"] for r in roster if kind_of(r) == "lead"}
    changed = [
        (before, after) for before, after in zip(roster, moved, strict=True) if before != after
    ]
    assert len(changed) == round(0.1 * len(agents_of(roster)))
    for before, after in changed:
        assert kind_of(before) == "agent"
        assert after["Team"] != before["Team"] and after["Site"] == before["Site"]
        assert after["Supervisor ID"] == leads[(after["Site"], after["Team"])]
        unchanged = {k: v for k, v in after.items() if k not in {"Team", "Supervisor ID"}}
        assert unchanged == {k: before[k] for k in unchanged}
    assert tree_problems(moved) == []


def test_movers_leave_the_original_roster_untouched_and_are_deterministic():
    rows = generate_roster(500)
    snapshot = [dict(row) for row in rows]
    assert with_movers(rows, 0.2, seed=9) == with_movers(rows, 0.2, seed=9)
    assert rows == snapshot
    assert with_movers(rows, 0.0, seed=9) == rows


def test_movers_share_outside_zero_to_one_is_refused(roster):
    with pytest.raises(ValueError, match="between 0 and 1"):
        with_movers(roster, 1.5, seed=1)


# --- CSV and demo log-ins ------------------------------------------------------------------
def test_csv_round_trips_through_the_csv_module(roster):
    text = roster_csv(roster)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == DEMO_COLUMNS
    assert list(reader) == roster
    assert "Nguyễn" in text and "\r\n" in text


def test_demo_accounts_are_one_chain_of_command_with_mailboxes(roster, by_id):
    assert demo_accounts(roster) == DEMO_ACCOUNTS
    roles = dict(DEMO_ACCOUNTS)
    assert list(roles) == ["Director", "Manager", "Team Lead", "Agent"]
    director, manager, lead, agent = (by_id[roles[r]] for r in roles)
    assert agent["Supervisor ID"] == lead["Employee ID"]
    assert lead["Supervisor ID"] == manager["Employee ID"]
    assert manager["Supervisor ID"] == director["Employee ID"]
    assert [kind_of(p) for p in (director, manager, lead, agent)] == [
        "director",
        "manager",
        "lead",
        "agent",
    ]
    assert all(person["Work Email"] for person in (director, manager, lead, agent))
    assert lead["Job Title"] == "Team Lead"  # the demo persona's title matches its label
