"""The executive alignment report of a closed campaign, in HTML and PDF.

The report engine (`twoway.reports`) names units by their paths; here the engine's id paths
("1/2/5") become name paths ("Northwind/Austin/Billing 4") for it. The PDF takes seconds to
draw, and a closed campaign never changes, so each language's PDF is drawn once and kept.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from twoway.org.naming import unit_label
from twoway.reports.executive import ExecutiveReport, build_executive_report
from twoway.reports.render import render_report_pdf

from .audience import participation
from .models import Campaign, ReportFile
from .results import (
    RESPONDENTS,
    CampaignResults,
    campaign_k,
    campaign_results,
    comment_units,
    comments_for,
    unit_key,
)

OUTSIDE = "\x00outside"  # a leader group above the report's unit: no finding is built on it


def within(engine_path: str, root: str) -> bool:
    """Whether a unit (engine path "1/4/17") lies in the subtree at `root` ("" is everything)."""
    return not root or engine_path == root or engine_path.startswith(root + "/")


def name_path(results: CampaignResults, engine_path: str, root: str = "") -> str:
    """The names from below `root` down to the unit ("Work at Home/Billing 4"); "" for the
    root itself (the report's "whole")."""
    if not engine_path or engine_path == root:
        return ""
    ids = engine_path.split("/")
    start = len(root.split("/")) if root else 0
    names = []
    for depth in range(start + 1, len(ids) + 1):
        unit = results.units.get("/".join(ids[:depth]))
        names.append((unit.name if unit else ids[depth - 1]).replace("/", "-"))
    return "/".join(names)


def _renamed(results: CampaignResults, root: str = "") -> list[dict]:
    """The subtree's records, units named by their paths below `root`; a gap's leader group is
    named the same way, or marked OUTSIDE when it lies above the subtree."""
    renamed = []
    for r in results.records:
        if r["item"] == RESPONDENTS or not within(r["unit"], root):
            continue
        record = {**r, "unit": name_path(results, r["unit"], root)}
        if r.get("gap"):
            leader = r["gap"]["leader_unit"]
            named = name_path(results, leader, root) if within(leader, root) else OUTSIDE
            record["gap"] = {**r["gap"], "leader_unit": named}
        renamed.append(record)
    return renamed


def build_report(campaign: Campaign, language: str = "en", unit=None) -> ExecutiveReport:
    """The whole organisation's report, or (with `unit`) the report of that unit's subtree:
    the same release's shown cells, those of the subtree only."""
    now = campaign_results(campaign, "now")
    wanted = campaign_results(campaign, "wanted")
    root = unit_key(unit.path) if unit is not None else ""
    item_texts = {code: item.wording("frontline", language) for code, item in now.items.items()}
    units = sorted((u for path, u in now.units.items() if within(path, root)), key=lambda u: u.path)
    people = []
    for row in participation(campaign, units):
        people.append(
            {
                "unit": name_path(now, unit_key(row.unit.path), root),
                "rate": min(row.rate, 1.0) if row.rate is not None else None,
                "responded": row.responded,
                "invited": row.invited,
                "suppressed": row.responded is None,  # the release hides it
            }
        )
    comments = {
        name_path(now, path, root): comments_for(campaign, now.units[path], now)
        for path in comment_units(now)
        if path in now.units and within(path, root)
    }
    opened = timezone.localdate(campaign.opens_at)
    closed = timezone.localdate(campaign.closes_at)
    return build_executive_report(
        organisation=campaign.organisation.name,
        campaign=campaign.name,
        period=f"{opened:%Y-%m-%d} – {closed:%Y-%m-%d}",
        k=campaign.threshold,
        records=_renamed(now, root),
        wanted_records=_renamed(wanted, root),
        item_texts=item_texts,
        participation=people,
        comments=comments,
        language=language,
        scope=unit_label(unit) if unit is not None else "",
    )


def report_pdf(campaign: Campaign, language: str, unit=None) -> bytes:
    """The PDF, drawn once: the whole organisation's kept in the database, a subtree's in the
    cache for a day (a closed campaign never changes)."""
    if unit is not None:
        key = f"report-pdf:{campaign.pk}:{language}:{unit.pk}:{campaign_k(campaign)}"
        pdf = cache.get(key)
        if pdf is None:
            pdf = render_report_pdf(build_report(campaign, language, unit))
            cache.set(key, pdf, timeout=24 * 3600)
        return pdf
    stored = ReportFile.objects.filter(campaign=campaign, language=language).first()
    if stored is None:
        pdf = render_report_pdf(build_report(campaign, language))
        stored, _ = ReportFile.objects.get_or_create(
            campaign=campaign, language=language, defaults={"pdf": pdf}
        )
    return bytes(stored.pdf)
