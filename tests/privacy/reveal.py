"""What the server shows, gathered over HTTP, and an independent check that it isolates nobody.

`Revealed` collects the cells a role was shown: the API's records, the CSV export, the heatmap
(every view, split and level), an item page, comment lists, participation, pulse trends. A
cell is (campaign, unit path, variables, item, attribute, value): the set of answers it sums.

`small_groups` is the red team's own arithmetic, sharing no code with twoway: over the known
answers (`world.RedTeam.truth`), it groups people by the set of shown cells that hold their
answer and returns every such group of 1 to k-1 people. Whatever a reader derives from the
shown cells, by sums and differences or by bounds, is a statement about a union of such groups,
so an empty result means nothing about fewer than k people can be worked out.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

VIEW_VARIABLES = {"now": "leader_now", "wanted": "leader_wanted"}
RESPONDENTS = "respondents"


@dataclass(frozen=True)
class Cell:
    campaign: int
    unit: str  # engine path, "" for the whole organisation
    variables: frozenset[str]
    item: str
    attribute: str = ""
    value: str | None = None


def variables_of(lens: str, view: str = "now") -> frozenset[str]:
    leader = VIEW_VARIABLES[view]
    return frozenset(
        {"frontline": ["frontline"], "leader": [leader], "all": ["frontline", leader]}[lens]
    )


@dataclass
class Revealed:
    cells: set[Cell] = field(default_factory=set)
    pages: list[str] = field(default_factory=list)  # every page's text, for word searches

    def add(self, cell: Cell) -> None:
        self.cells.add(cell)

    def text(self) -> str:
        return "\n".join(self.pages)


def collect_diagnostic(client, team, revealed: Revealed, *, leader: bool) -> None:
    """Everything one role sees of the closed diagnostic."""
    campaign = team.diagnostic
    base = f"/o/{team.org.slug}/surveys/campaigns/{campaign.pk}"
    paths = _paths(team)
    if not leader:
        page = client.get(f"{base}/everyone/")
        revealed.pages.append(page.content.decode())
        for row in page.context["rows"]:
            for lens in ("frontline", "leaders"):
                if row[lens]:
                    variables = variables_of("frontline" if lens == "frontline" else "leader")
                    revealed.add(Cell(campaign.pk, "", variables, row["item"].code))
        return
    for view in ("now", "wanted"):
        body = client.get(f"/api/orgs/{team.org.slug}/campaigns/{campaign.pk}/results?view={view}")
        for record in body.json()["records"]:
            if not record["suppressed"]:
                variables = variables_of(record["lens"], view)
                revealed.add(Cell(campaign.pk, record["unit_path"], variables, record["item"]))
        export = client.get(f"{base}/results.csv?view={view}").content.decode()
        revealed.pages.append(export)
        names = {unit.name: path for path, unit in paths.items()}
        for row in csv.DictReader(io.StringIO(export)):
            if row["suppressed"] == "False":
                variables = variables_of(row["lens"], view)
                revealed.add(Cell(campaign.pk, names[row["unit"]], variables, row["item"]))
        for by in ("", "tenure_band", "work_location", "language"):
            for level in ("site", "team"):
                _heatmap(client, f"{base}/results/?view={view}&by={by}&level={level}", team,
                         revealed, view, by)  # fmt: skip
    item = client.get(f"{base}/results/items/tools-first-contact/?level=team")
    revealed.pages.append(item.content.decode())
    for block in item.context["blocks"]:
        for lens, row in zip(("leader", "frontline"), block["rows"], strict=True):
            if row["record"]:
                path = block["unit"].path.strip("/")
                revealed.add(Cell(campaign.pk, path, variables_of(lens), "tools-first-contact"))
    for path, unit in paths.items():
        comments = client.get(f"{base}/results/comments/{unit.pk}/")
        if comments.status_code == 200:
            revealed.pages.append(comments.content.decode())
            if comments.context["comments"]:
                revealed.add(Cell(campaign.pk, path, variables_of("all"), RESPONDENTS))
    detail = client.get(f"{base}/")
    revealed.pages.append(detail.content.decode())
    for row in detail.context["rows"]:
        if row.responded is not None:
            path = row.unit.path.strip("/")
            revealed.add(Cell(campaign.pk, path, variables_of("all"), RESPONDENTS))


def _heatmap(client, url, team, revealed: Revealed, view: str, by: str) -> None:
    page = client.get(url)
    revealed.pages.append(page.content.decode())
    names = {unit.name: path for path, unit in _paths(team).items()}
    campaign = team.diagnostic.pk
    for row in page.context["rows"]:
        for column, cell in zip(page.context["columns"], row["cells"], strict=True):
            if not cell["shown"]:
                continue
            path = column.unit.path.strip("/")
            attribute, value = (by, column.group) if by and column.group is not None else ("", None)
            item = row["item"].code
            revealed.add(
                Cell(campaign, path, variables_of("frontline", view), item, attribute, value)
            )
            leaders = names.get(cell["leader_level"], path) if cell["leader_level"] else path
            revealed.add(
                Cell(campaign, leaders, variables_of("leader", view), item, attribute, value)
            )


def collect_pulse(client, team, revealed: Revealed, units) -> None:
    """Trends, the manager home and comment pages of the pulse, for the units given."""
    by_number = {w.number: w.campaign_id for w in team.waves}
    base = f"/o/{team.org.slug}/pulse"
    for unit in units:
        page = client.get(f"{base}/units/{unit.pk}/")
        if page.status_code != 200:
            continue
        revealed.pages.append(page.content.decode())
        trend = page.context["trend"]
        path = unit.path.strip("/")
        for row in trend.rows:
            campaign = by_number[row.wave.number]
            if row.respondents is not None:
                revealed.add(Cell(campaign, path, frozenset({"frontline"}), RESPONDENTS))
            for item, cell in zip(trend.items, row.items, strict=True):
                if cell.value is not None:
                    revealed.add(Cell(campaign, path, frozenset({"frontline"}), item["code"]))
            if row.enps.value is not None:
                revealed.add(Cell(campaign, path, frozenset({"frontline"}), "enps"))
        for extra in ("comments/", "themes/", "drivers/"):
            revealed.pages.append(client.get(f"{base}/units/{unit.pk}/{extra}").content.decode())


def _paths(team) -> dict:
    return {unit.path.strip("/"): unit for unit in team.units.values()}


# --- The red team's arithmetic -------------------------------------------------------------


def small_groups(truth, cells: set[Cell], k: int) -> list[tuple[Cell, set[int]]]:
    """Groups of 1 to k-1 people that the shown cells tell apart, each with one cell holding
    it. Per campaign and item, an answer belongs to every shown cell whose unit, variables and
    attribute value it matches; people whose answers fall in the same shown cells form one
    group."""
    by_item: dict[tuple[int, str], list[Cell]] = defaultdict(list)
    for cell in cells:
        by_item[(cell.campaign, cell.item)].append(cell)
    found = []
    for (campaign, item), shown in by_item.items():
        signature: dict[tuple[int, str], frozenset[Cell]] = {}
        for answer in truth:
            if answer.campaign_id != campaign or answer.item != item or answer.value is None:
                continue
            inside = frozenset(c for c in shown if _holds(c, answer))
            if inside:
                signature[(answer.person_id, answer.variable)] = inside
        groups: dict[frozenset[Cell], set[int]] = defaultdict(set)
        for (person, _variable), inside in signature.items():
            groups[inside].add(person)
        for inside, people in groups.items():
            if len(people) < k:
                found.append((next(iter(inside)), people))
    return found


def _holds(cell: Cell, answer) -> bool:
    if answer.variable not in cell.variables:
        return False
    if cell.unit and not (
        answer.unit_path == cell.unit or answer.unit_path.startswith(cell.unit + "/")
    ):
        return False
    return not cell.attribute or answer.attributes[cell.attribute] == cell.value
