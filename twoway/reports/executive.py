"""The executive alignment report as plain data, built from gap records.

`build_executive_report` takes what `twoway.insights.gap_results` returns and a few plain inputs
and returns an `ExecutiveReport`: the largest gaps with their evidence, participation, what the
statistics mean and a method appendix, all text already in the report's language. `render`
turns it into HTML and PDF.

Two leader views. Leaders answer each item twice: what they believe happens now and the outcome
they want. The caller runs `gap_results` once per view (leader answers of that view against the
same frontline answers) and passes the first as `records` (the perception gap, which picks the
findings) and the second, when there is one, as `wanted_records` (shown beside each finding).

Privacy. Only records marked `"suppressed": False` are read; figures that a hidden record may
carry anyway are ignored. A finding needs its frontline cell and its leader cell shown; comments
are quoted only for a unit whose frontline cell for that item is shown; a participation rate is
shown only when the caller marks it shown and it covers no group of 1 to k-1 respondents.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils import translation
from django.utils.translation import gettext as _

from twoway.reports import charts, wording
from twoway.reports.charts import Table
from twoway.reports.comments import pick_comments
from twoway.reports.units import UnitLabels
from twoway.reports.wording import Term

ORG = ""
SHOWN_SEVERITIES = ("small", "medium", "large")
ORG_FINDINGS = 5
UNIT_FINDINGS = 6
FINDINGS_PER_UNIT = 2
HEATMAP_COLUMNS = 12
SIGNIFICANT = 0.05

Records = list[dict[str, Any]]
Index = dict[tuple[str, str, str], dict[str, Any]]


@dataclass(frozen=True)
class Chart:
    """An inline SVG and the same numbers as a table."""

    title: str
    svg: str
    table: Table


@dataclass(frozen=True)
class Group:
    """One side of a comparison, as shown: who, how many, and their answers."""

    label: str
    n: int
    mean: float
    top2: float
    distribution: list[int]


@dataclass(frozen=True)
class Gap:
    """Leaders minus frontline for one item in one unit."""

    mean_diff: float
    delta: float
    ci_low: float
    ci_high: float
    p: float | None
    q: float | None
    severity: str
    severity_label: str

    @property
    def significant(self) -> bool:
        return self.q is not None and self.q < SIGNIFICANT


@dataclass(frozen=True)
class Finding:
    """One large gap and its evidence."""

    unit: str
    unit_label: str
    item: str
    item_text: str
    leader_unit_label: str
    leaders: Group
    frontline: Group
    gap: Gap
    wanted: Group | None
    wanted_gap: Gap | None
    sentences: list[str]
    chart: Chart
    comments: list[str]

    @property
    def groups(self) -> list[Group]:
        """The groups compared, in the order of the chart: leaders now, wanted, frontline."""
        return [g for g in (self.leaders, self.wanted, self.frontline) if g is not None]


@dataclass(frozen=True)
class ExecutiveReport:
    organisation: str
    campaign: str
    period: str
    k: int
    language: str
    summary: list[str]
    org_findings: list[Finding]
    unit_findings: list[Finding]
    heatmap: Chart | None
    participation: Chart | None
    reading_guide: list[Term]
    method: list[Term]
    scope: str = ""  # the unit whose subtree the report covers; "" for the whole organisation


def build_executive_report(
    *,
    organisation: str,
    campaign: str,
    period: str,
    k: int,
    records: Records,
    item_texts: dict[str, str],
    participation: list[dict[str, Any]],
    comments: dict[str, list[str]],
    language: str = "en",
    wanted_records: Records | None = None,
    scope: str = "",
) -> ExecutiveReport:
    """The report for one campaign.

    records: `gap_results` for the whole campaign with leaders' "believed now" answers (units
    and the whole organisation ""), unfiltered. wanted_records: the same with leaders' "wanted"
    answers, or None. item_texts: item code -> wording in `language`. participation: one dict
    per unit: unit, rate (0..1 or None), and optionally responded, invited, suppressed.
    comments: unit path -> that unit's frontline comments, already redacted. scope: the name of
    the unit a subtree report covers (its records then name that unit "" and the units under it
    by their paths below it); "" for the whole organisation.
    """
    with translation.override(language):
        shown = _shown_records(records)
        wanted = _shown_records(wanted_records or [])
        labels = UnitLabels([r["unit"] for r in records], whole=scope)
        builder = _FindingBuilder(shown, wanted, labels, item_texts, comments, k)
        org_candidates, unit_candidates = _candidates(shown)
        org_findings = [builder.build(r) for r in org_candidates[:ORG_FINDINGS]]
        unit_findings = [builder.build(r) for r in _spread(unit_candidates)]
        return ExecutiveReport(
            organisation=organisation,
            campaign=campaign,
            period=period,
            k=k,
            language=language,
            summary=_summary(shown, org_findings, participation, k, scope),
            org_findings=org_findings,
            unit_findings=unit_findings,
            heatmap=_heatmap(shown, labels, item_texts),
            participation=_participation_chart(participation, labels, k),
            reading_guide=wording.reading_guide(k),
            method=wording.method_appendix(k),
            scope=scope,
        )


# ---------------------------------------------------------------- choosing gaps


def _shown_records(records: Records) -> Index:
    """Shown cells by (unit, lens, item); hidden ones are dropped here, figures and all."""
    index: Index = {}
    for record in records:
        if record.get("suppressed") is not False:
            continue
        key = (record["unit"], record["lens"], record["item"])
        if key in index:
            raise ValueError(
                f"two shown cells for unit {key[0]!r}, lens {key[1]}, item {key[2]}: pass "
                "unfiltered gap_results (without `by`)"
            )
        index[key] = record
    return index


def _candidates(shown: Index) -> tuple[Records, Records]:
    """Frontline records with a gap of at least small size and a shown leader group, largest
    |delta| first: the whole organisation's, then the units'."""
    found = []
    for (_unit, lens, item), record in shown.items():
        gap = record.get("gap")
        if lens != "frontline" or not gap or gap["severity"] not in SHOWN_SEVERITIES:
            continue
        if (gap["leader_unit"], "leader", item) in shown:
            found.append(record)
    found.sort(key=lambda r: (-abs(r["gap"]["cliffs_delta"]), r["unit"], r["item"]))
    org = [r for r in found if r["unit"] == ORG]
    return org, _distinct([*org, *(r for r in found if r["unit"] != ORG)])[len(org) :]


def _distinct(records: Records) -> Records:
    """Drops a unit's gap when an earlier one has the same figures: a single top unit
    ("Center") or a site's only team repeats what is already said."""
    seen = set()
    out = []
    for record in records:
        gap = record["gap"]
        key = (record["item"], record["n"], gap["cliffs_delta"], gap["mean_diff"])
        if key not in seen:
            seen.add(key)
            out.append(record)
    return out


def _spread(candidates: Records) -> Records:
    """The largest unit gaps, at most a few per unit, so one unit does not fill the list."""
    per_unit: Counter[str] = Counter()
    chosen = []
    for record in candidates:
        if per_unit[record["unit"]] < FINDINGS_PER_UNIT:
            per_unit[record["unit"]] += 1
            chosen.append(record)
        if len(chosen) == UNIT_FINDINGS:
            break
    return chosen


# ---------------------------------------------------------------- one finding


class _FindingBuilder:
    """Builds each finding from shown cells only, never quoting a comment twice."""

    def __init__(self, shown, wanted, labels, item_texts, comments, k) -> None:
        self.shown: Index = shown
        self.wanted: Index = wanted
        self.labels: UnitLabels = labels
        self.item_texts: dict[str, str] = item_texts
        self.comments: dict[str, list[str]] = comments
        self.k: int = k
        self.quoted: set[str] = set()

    def build(self, frontline_record: dict[str, Any]) -> Finding:
        unit, item = frontline_record["unit"], frontline_record["item"]
        gap_record = frontline_record["gap"]
        leader_record = self.shown[(gap_record["leader_unit"], "leader", item)]
        points = sorted(frontline_record["distribution"], key=int)
        leaders = _group(_("Leaders: believed now"), leader_record, points)
        frontline = _group(_("Frontline: experienced"), frontline_record, points)
        wanted, wanted_gap = self._wanted(unit, item, points)
        gap = _gap(gap_record)
        text = self.item_texts.get(item, item)
        whole = self.labels.whole
        unit_label = wording.unit_name(unit, self.labels.label(unit), whole)
        leader_label = wording.unit_name(
            gap_record["leader_unit"], self.labels.label(gap_record["leader_unit"]), whole
        )
        sentences = self._sentences(leaders, frontline, wanted, gap, unit, unit_label, leader_label)
        return Finding(
            unit=unit,
            unit_label=unit_label,
            item=item,
            item_text=text,
            leader_unit_label=leader_label,
            leaders=leaders,
            frontline=frontline,
            gap=gap,
            wanted=wanted,
            wanted_gap=wanted_gap,
            sentences=sentences,
            chart=_bars_chart(text, unit_label, [leaders, wanted, frontline], points),
            comments=pick_comments(self.comments.get(unit, []), text, used=self.quoted),
        )

    def _wanted(self, unit: str, item: str, points: list[str]) -> tuple[Group | None, Gap | None]:
        """The "wanted" view of this cell, when that view shows both sides too."""
        frontline = self.wanted.get((unit, "frontline", item))
        if not frontline or not frontline.get("gap"):
            return None, None
        leaders = self.wanted.get((frontline["gap"]["leader_unit"], "leader", item))
        if not leaders:
            return None, None
        return _group(_("Leaders: wanted"), leaders, points), _gap(frontline["gap"])

    def _sentences(self, leaders, frontline, wanted, gap, unit, unit_label, leader_label):
        higher, lower, same = _pair_shares(leaders.distribution, frontline.distribution)
        sentences = [
            wording.direction_sentence(gap.severity, gap.delta),
            wording.pairs_sentence(higher, lower, same),
            wording.agreement_sentence(leaders.top2, frontline.top2),
        ]
        if wanted:
            sentences.append(wording.wanted_sentence(wanted.top2, frontline.top2))
        sentences.append(wording.chance_sentence(gap.q))
        if leader_label != unit_label:
            sentences.append(wording.level_sentence(unit_label, leader_label, self.k))
        return sentences


def _group(label: str, record: dict[str, Any], points: list[str]) -> Group:
    distribution = [int(record["distribution"].get(p, 0)) for p in points]
    return Group(
        label, int(record["n"]), float(record["mean"]), float(record["top2"]), distribution
    )


def _gap(block: dict[str, Any]) -> Gap:
    return Gap(
        mean_diff=float(block["mean_diff"]),
        delta=float(block["cliffs_delta"]),
        ci_low=float(block["ci95"][0]),
        ci_high=float(block["ci95"][1]),
        p=block.get("p"),
        q=block.get("q"),
        severity=block["severity"],
        severity_label=wording.severity_label(block["severity"]),
    )


def _pair_shares(leaders: list[int], frontline: list[int]) -> tuple[float, float, float]:
    """Shares of (leader, frontline) pairs where the leader answers higher, lower, the same;
    higher minus lower is Cliff's delta."""
    lead = np.asarray(leaders, dtype=float)
    front = np.asarray(frontline, dtype=float)
    pairs = lead.sum() * front.sum()
    below = np.concatenate([[0.0], np.cumsum(front)[:-1]])  # frontline answers below each point
    higher = float(lead @ below) / pairs
    same = float(lead @ front) / pairs
    return higher, 1.0 - higher - same, same


def _bars_chart(item_text: str, unit_label: str, groups, points: list[str]) -> Chart:
    present = [g for g in groups if g is not None]
    labels = [g.label for g in present]
    distributions = [g.distribution for g in present]
    scale = wording.scale_labels(points)
    title = _("Answers to “%(item)s”, %(unit)s") % {"item": item_text, "unit": unit_label}
    return Chart(
        title=title,
        svg=charts.diverging_bars_svg(labels, distributions, scale, title=title),
        table=charts.diverging_bars_table(labels, distributions, scale),
    )


# ---------------------------------------------------------------- overview


def _summary(
    shown: Index,
    org_findings: list[Finding],
    participation: list[dict[str, Any]],
    k: int,
    scope: str = "",
) -> list[str]:
    org_gaps = [
        r["gap"]
        for (u, lens, _i), r in shown.items()
        if u == ORG and lens == "frontline" and r.get("gap")
    ]
    lines = []
    if org_findings:
        top = org_findings[0]
        lines.append(wording.widest_gap_line(top.item_text, top.gap.severity, top.gap.delta, scope))
    else:
        lines.append(wording.no_gap_line(scope))
    if org_gaps:
        sizes = Counter(g["severity"] for g in org_gaps)
        lines.append(
            wording.severity_count_line(
                len(org_gaps), sizes["large"], sizes["medium"], sizes["small"], scope
            )
        )
        real = [g for g in org_gaps if g["severity"] in SHOWN_SEVERITIES]
        if real:
            rosier = sum(1 for g in real if g["cliffs_delta"] > 0)
            lines.append(wording.rosier_line(rosier, len(real)))
    whole = next((p for p in participation if p.get("unit") == ORG and _rate_shown(p, k)), None)
    if whole:
        lines.append(
            wording.participation_line(whole["rate"], whole.get("responded"), whole.get("invited"))
        )
    return lines


def _heatmap(shown: Index, labels: UnitLabels, item_texts: dict[str, str]) -> Chart | None:
    """Items by the whole organisation and its first level of several units."""
    columns = [ORG, *labels.first_broad_level(HEATMAP_COLUMNS)]
    items = list(dict.fromkeys(i for (_u, lens, i) in shown if lens == "frontline"))
    if not items:
        return None

    def cell(unit: str, item: str) -> tuple[float | None, bool]:
        record = shown.get((unit, "frontline", item))
        if not record or not record.get("gap"):
            return None, False
        q = record["gap"].get("q")
        return record["gap"]["cliffs_delta"], q is not None and q < SIGNIFICANT

    def order(item: str) -> tuple[int, float, str]:
        delta = cell(ORG, item)[0]
        return (delta is None, -abs(delta or 0.0), item)

    items.sort(key=order)
    grid = [[cell(u, i) for u in columns] for i in items]
    rows = [item_texts.get(i, i) for i in items]
    names = [labels.label(u) for u in columns]
    deltas = [[d for d, _m in row] for row in grid]
    marks = [[m for _d, m in row] for row in grid]
    title = _("Gaps between leaders and the frontline, by question and unit")
    return Chart(
        title=title,
        svg=charts.gap_heatmap_svg(rows, names, deltas, marks, title=title),
        table=charts.gap_heatmap_table(rows, names, deltas, marks),
    )


def _rate_shown(entry: dict[str, Any], k: int) -> bool:
    responded = entry.get("responded")
    small = responded is not None and 0 < responded < k
    return not entry.get("suppressed", False) and entry.get("rate") is not None and not small


def _participation_chart(
    participation: list[dict[str, Any]], labels: UnitLabels, k: int
) -> Chart | None:
    if not participation:
        return None
    names = [labels.label(p["unit"]) for p in participation]
    rates = [float(p["rate"]) if _rate_shown(p, k) else None for p in participation]
    title = _("Participation by unit")
    return Chart(
        title=title,
        svg=charts.participation_svg(names, rates, title=title),
        table=charts.participation_table(names, rates),
    )
