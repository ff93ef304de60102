"""The executive alignment report of a closed campaign, in HTML and PDF.

The report engine (`twoway.reports`) names units by their paths; here the engine's id paths
("1/2/5") become name paths ("Northwind/Austin/Billing 4") for it. The PDF takes seconds to
draw, and a closed campaign never changes, so each language's PDF is drawn once and kept.
"""

from __future__ import annotations

from django.utils import timezone

from twoway.reports.executive import ExecutiveReport, build_executive_report
from twoway.reports.render import render_report_pdf

from .audience import participation
from .models import Campaign, ReportFile
from .results import (
    RESPONDENTS,
    CampaignResults,
    campaign_results,
    comment_units,
    comments_for,
)


def name_path(results: CampaignResults, engine_path: str) -> str:
    if not engine_path:
        return ""
    ids = engine_path.split("/")
    names = []
    for depth in range(1, len(ids) + 1):
        unit = results.units.get("/".join(ids[:depth]))
        names.append((unit.name if unit else ids[depth - 1]).replace("/", "-"))
    return "/".join(names)


def _renamed(results: CampaignResults) -> list[dict]:
    return [
        {**r, "unit": name_path(results, r["unit"])}
        for r in results.records
        if r["item"] != RESPONDENTS
    ]


def build_report(campaign: Campaign, language: str = "en") -> ExecutiveReport:
    now = campaign_results(campaign, "now")
    wanted = campaign_results(campaign, "wanted")
    item_texts = {code: item.wording("frontline", language) for code, item in now.items.items()}
    units = sorted(now.units.values(), key=lambda u: u.path)
    people = []
    for row in participation(campaign, units):
        people.append(
            {
                "unit": name_path(now, row.unit.path.strip("/")),
                "rate": min(row.rate, 1.0) if row.rate is not None else None,
                "responded": row.responded,
                "invited": row.invited,
                "suppressed": row.responded is None,  # the release hides it
            }
        )
    comments = {
        name_path(now, path): comments_for(campaign, now.units[path], now)
        for path in comment_units(now)
        if path in now.units
    }
    opened = timezone.localdate(campaign.opens_at)
    closed = timezone.localdate(campaign.closes_at)
    return build_executive_report(
        organisation=campaign.organisation.name,
        campaign=campaign.name,
        period=f"{opened:%Y-%m-%d} – {closed:%Y-%m-%d}",
        k=campaign.threshold,
        records=_renamed(now),
        wanted_records=_renamed(wanted),
        item_texts=item_texts,
        participation=people,
        comments=comments,
        language=language,
    )


def report_pdf(campaign: Campaign, language: str) -> bytes:
    stored = ReportFile.objects.filter(campaign=campaign, language=language).first()
    if stored is None:
        pdf = render_report_pdf(build_report(campaign, language))
        stored, _ = ReportFile.objects.get_or_create(
            campaign=campaign, language=language, defaults={"pdf": pdf}
        )
    return bytes(stored.pdf)
