"""The huddle one-pager: one printable A4 page per team, for the team's stand-up.

It says this week's pulse result in plain words (the overall index and its change, from
`twoway.pulse.trends`, which already hides cells under k and waves that would allow
differencing), the top comment theme when the comments analysis exists, the latest "you said,
we did" note, and the QR code of the team's link to the open pulse wave.

Other apps add sections (changes under way, wins, the top workaround) through `register_section`
in their `AppConfig.ready()`: the huddle knows nothing of them, and a section that has nothing
to say for a team returns None and is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.notify.qr import qr_svg
from twoway.org.models import Unit
from twoway.pulse.comments import top_theme_label
from twoway.pulse.models import PulseSchedule
from twoway.pulse.trends import WaveRow, unit_trend
from twoway.surveys.models import KioskCode
from twoway.surveys.outreach import enter_code_link, team_link

from .services import notes_for_unit

STEADY_POINTS = 2  # a change smaller than this is read as "about the same"
NOTE_CHARS = 600  # keeps the page to one sheet


@dataclass(frozen=True)
class HuddleSection:
    """A section another app adds to the huddle page: a heading and a few short lines."""

    title: str
    lines: tuple[str, ...]
    order: int = 50  # lower comes first; the pulse result is 0, "you said, we did" 80


_sections: list[Callable[[Unit], HuddleSection | None]] = []


def register_section(provider: Callable[[Unit], HuddleSection | None]) -> None:
    """Add a huddle section: `provider(unit)` returns the team's section, or None."""
    if provider not in _sections:
        _sections.append(provider)


def extra_sections(unit: Unit) -> list[HuddleSection]:
    found = [section for provider in _sections if (section := provider(unit)) is not None]
    return sorted(found, key=lambda section: section.order)


@dataclass
class Huddle:
    unit: Unit
    result: str
    wave_label: str
    theme: str
    note: object | None
    qr: str
    link: str
    teams_code: bool = False  # the link asks for a team's code (a unit above the teams)
    sections: list[HuddleSection] = field(default_factory=list)


def latest_schedule(unit: Unit) -> PulseSchedule | None:
    """The organisation's pulse whose last wave closed most recently."""
    return (
        PulseSchedule.objects.filter(
            organisation_id=unit.organisation_id, waves__campaign__closes_at__lte=timezone.now()
        )
        .annotate(last=Max("waves__campaign__closes_at"))
        .order_by("-last")
        .first()
    )


def result_in_words(row: WaveRow | None, k: int) -> str:
    """This week's overall index in one or two sentences; no figure when it is hidden."""
    if row is None:
        return _("No pulse wave has closed yet.")
    if row.overall.value is None:
        return _(
            "Too few people answered this week to show a result: results appear only when "
            "at least %(k)s people answered, so that nobody can be singled out."
        ) % {"k": k}
    text = _("This week the team's pulse is %(index)s out of 100.") % {
        "index": round(row.overall.value)
    }
    return f"{text} {change_in_words(row.overall.change)}"


def change_in_words(change: float | None) -> str:
    if change is None:
        return _("There is no comparison with earlier weeks yet.")
    points = round(change)
    if abs(points) < STEADY_POINTS:
        return _("That is about the same as the previous weeks.")
    if points > 0:
        return _("That is %(n)s points higher than the previous weeks.") % {"n": points}
    return _("That is %(n)s points lower than the previous weeks.") % {"n": -points}


def top_theme(unit: Unit) -> str:
    """The unit's top comment theme of its latest readable wave ("" under k)."""
    return top_theme_label(unit)


def next_pulse_link(unit: Unit) -> str:
    """The team's code link for the wave open now, else the next one already scheduled. A unit
    above the teams has no code of its own: while a wave is open for its teams, the page where
    anyone types their team's code."""
    codes = KioskCode.objects.filter(
        campaign__pulse_wave__isnull=False,
        campaign__launched=True,
        campaign__closes_at__gt=timezone.now(),
    ).order_by("campaign__opens_at")
    kiosk = codes.filter(unit=unit).first()
    if kiosk is not None:
        return team_link(kiosk.code)
    if codes.filter(unit__path__startswith=unit.path).exists():
        return enter_code_link()
    return ""


def build_huddle(unit: Unit) -> Huddle:
    schedule = latest_schedule(unit)
    row, k, wave_label = None, unit.organisation.anonymity_threshold, ""
    if schedule is not None:
        trend = unit_trend(schedule, unit)
        k = trend.k
        row = trend.rows[-1] if trend.rows else None
        if row is not None:
            wave_label = _("%(pulse)s, wave %(number)s") % {
                "pulse": schedule.name,
                "number": row.wave.number,
            }
    link = next_pulse_link(unit)
    title = _("QR code for the next pulse")
    for_teams = bool(link) and link == enter_code_link()
    return Huddle(
        unit=unit,
        result=result_in_words(row, k),
        wave_label=wave_label,
        theme=top_theme(unit),
        note=notes_for_unit(unit, limit=1).first(),
        qr=qr_svg(link, title=title) if link else "",
        link=link,
        teams_code=for_teams,
        sections=extra_sections(unit),
    )


def huddle_html(unit: Unit) -> str:
    huddle = build_huddle(unit)
    return render_to_string("followups/huddle.html", {"huddle": huddle, "note_chars": NOTE_CHARS})


def huddle_pdf_bytes(unit: Unit) -> bytes:
    import weasyprint  # heavy import, only when a PDF is asked for

    return weasyprint.HTML(string=huddle_html(unit)).write_pdf()
