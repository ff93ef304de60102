"""The report's words: plain-language sentences, the reading guide and the method appendix.

Everything here is translatable and written for a reader who never took a statistics course;
the method appendix says the same as docs/method-gaps.md, for the analyst who signs the report.
Call inside `translation.override(language)`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twoway.reports.numbers import decimal, percent, q_value, signed

AGREEMENT_POINTS = ["1", "2", "3", "4", "5"]


@dataclass(frozen=True)
class Term:
    """A heading and its explanation, for the reading guide and the method appendix."""

    term: str
    meaning: str


def severity_label(severity: str) -> str:
    labels = {
        "negligible": _("negligible"),
        "small": _("small"),
        "medium": _("medium"),
        "large": _("large"),
    }
    return labels.get(severity, severity)


def scale_labels(points: list[str]) -> list[str]:
    """Words for a 1-5 agreement scale; the numbers themselves for any other scale."""
    if points == AGREEMENT_POINTS:
        return [
            _("Strongly disagree"),
            _("Disagree"),
            _("Neither"),
            _("Agree"),
            _("Strongly agree"),
        ]
    return points


def unit_name(path: str, label: str, whole: str = "") -> str:
    return label if path else (whole or _("the whole organisation"))


def direction_sentence(severity: str, delta: float) -> str:
    values = {"severity": severity_label(severity)}
    if delta > 0:
        return (
            _("A %(severity)s gap: leaders see this more positively than the frontline.") % values
        )
    return _("A %(severity)s gap: the frontline sees this more positively than leaders.") % values


def pairs_sentence(higher: float, lower: float, same: float) -> str:
    return _(
        "Pick one leader and one frontline person at random: the leader gives the higher answer "
        "%(higher)s of the time, the frontline person %(lower)s, and they give the same answer "
        "%(same)s."
    ) % {"higher": percent(higher), "lower": percent(lower), "same": percent(same)}


def agreement_sentence(leaders: float, frontline: float) -> str:
    return _(
        "%(leaders)s of leaders give one of the two highest answers, against %(frontline)s of "
        "the frontline."
    ) % {"leaders": percent(leaders), "frontline": percent(frontline)}


def chance_sentence(q: float | None) -> str:
    if q is not None and q < 0.05:
        return _("A gap this size is unlikely to be chance (%(q)s).") % {"q": q_value(q)}
    return _(
        "This could still be chance (%(q)s): treat it as a question to check, not a finding."
    ) % {"q": q_value(q)}


def level_sentence(unit_label: str, leader_label: str, k: int) -> str:
    return _(
        "Fewer than %(k)d leaders answered in %(unit)s, so its frontline is compared with the "
        "leaders of %(level)s."
    ) % {"k": k, "unit": unit_label, "level": leader_label}


def wanted_sentence(wanted: float, frontline: float) -> str:
    return _(
        "As the outcome they want, %(wanted)s of leaders give one of the two highest answers; "
        "%(frontline)s of the frontline do today."
    ) % {"wanted": percent(wanted), "frontline": percent(frontline)}


def widest_gap_line(item_text: str, severity: str, delta: float, whole: str = "") -> str:
    if whole:
        return _("The widest gap for %(unit)s: “%(item)s” (%(severity)s, delta %(delta)s).") % {
            "unit": whole,
            "item": item_text,
            "severity": severity_label(severity),
            "delta": signed(delta),
        }
    return _(
        "The widest gap for the whole organisation: “%(item)s” (%(severity)s, delta %(delta)s)."
    ) % {
        "item": item_text,
        "severity": severity_label(severity),
        "delta": signed(delta),
    }


def severity_count_line(compared: int, large: int, medium: int, small: int, whole: str = "") -> str:
    if whole:
        return _(
            "Questions compared for %(unit)s: %(compared)d. Large gaps: %(large)d; "
            "medium: %(medium)d; small: %(small)d."
        ) % {"unit": whole, "compared": compared, "large": large, "medium": medium, "small": small}
    return _(
        "Questions compared for the whole organisation: %(compared)d. Large gaps: %(large)d; "
        "medium: %(medium)d; small: %(small)d."
    ) % {"compared": compared, "large": large, "medium": medium, "small": small}


def rosier_line(rosier: int, total: int) -> str:
    return ngettext(
        "In %(rosier)d of these %(total)d gap, leaders see the situation more positively than "
        "the frontline.",
        "In %(rosier)d of these %(total)d gaps, leaders see the situation more positively than "
        "the frontline.",
        total,
    ) % {"rosier": rosier, "total": total}


def no_gap_line(whole: str = "") -> str:
    if whole:
        return _(
            "No gap of at least small size between leaders and the frontline was found for "
            "%(unit)s as a whole."
        ) % {"unit": whole}
    return _(
        "No gap of at least small size between leaders and the frontline was found for the whole "
        "organisation."
    )


def participation_line(rate: float, responded: int | None, invited: int | None) -> str:
    if responded is not None and invited:
        return _("%(rate)s of the people invited answered (%(responded)d of %(invited)d).") % {
            "rate": percent(rate),
            "responded": responded,
            "invited": invited,
        }
    return _("%(rate)s of the people invited answered.") % {"rate": percent(rate)}


def reading_guide(k: int) -> list[Term]:
    """What the figures mean, in plain words."""
    return [
        Term(
            _("Gap"),
            _(
                "Leaders and the frontline answered the same question, each in their own "
                "words. The gap is how far apart their answers are."
            ),
        ),
        Term(
            _("Delta"),
            _(
                "How often a leader answers higher than a frontline person, minus how often the "
                "reverse happens. 0 means no gap; +1 means every leader answered higher than "
                "every frontline person; -1 the opposite. A positive delta means leaders see "
                "things more positively than the people doing the work."
            ),
        ),
        Term(
            _("Size of the gap"),
            _(
                "Small, medium or large, from the delta alone (%(small)s, %(medium)s and "
                "%(large)s or more, either way). Size is what matters for action; a tiny gap "
                "can be certain and still not worth acting on."
            )
            % {"small": decimal(0.147, 3), "medium": decimal(0.33, 2), "large": decimal(0.474, 3)},
        ),
        Term(
            _("Could it be chance?"),
            _(
                "q tells how likely it is that a gap this size is a fluke of who happened to "
                "answer. Below 0.05 (marked *), it very probably is not."
            ),
        ),
        Term(
            _("Range"),
            _(
                "The %(level)s range around delta: where the true gap very probably lies. A wide "
                "range means few answers; read the gap with care."
            )
            % {"level": percent(0.95)},
        ),
        Term(
            _("Hidden figures"),
            _(
                "No figure is shown for fewer than %(k)d people, so that no one can be "
                "identified from their answers. Some larger groups are hidden too, when their "
                "figures could be subtracted from others to reveal a small group."
            )
            % {"k": k},
        ),
    ]


def method_appendix(k: int) -> list[Term]:
    """The method in plain words, for the analyst who signs the report."""
    return [
        Term(
            _("Answers and n"),
            _(
                "Figures are computed exactly from how many people gave each answer to each "
                "question. n is the number of people who answered a question in a group; blank "
                "and “not applicable” answers are not counted. Mean is the average answer; the "
                "top-two share is the share in the two highest answers of the scale."
            ),
        ),
        Term(
            _("Threshold k"),
            _(
                "This report uses k = %(k)d: no figure, chart point or comment is shown for a "
                "group of fewer than %(k)d people. k is never below 3."
            )
            % {"k": k},
        ),
        Term(
            _("Complementary suppression"),
            _(
                "A group of %(k)d or more can still give someone away when its neighbours are "
                "shown (a site minus its teams, everyone minus the frontline). Such cells are "
                "hidden as well, following the method statistical offices use for linked tables "
                "(Hundepool et al., 2012). Figures are hidden, never altered."
            )
            % {"k": k},
        ),
        Term(
            _("Cliff's delta"),
            _(
                "The chance that a random leader answers higher than a random frontline person, "
                "minus the chance of the reverse (Cliff, 1993), computed over every pair. It "
                "uses only the order of the answers, as suits agreement scales, and runs from "
                "-1 to +1. The mean difference (leaders minus frontline) is shown beside it."
            ),
        ),
        Term(
            _("%(level)s confidence interval") % {"level": percent(0.95)},
            _(
                "The asymmetric interval of Feng and Cliff (2004) with Cliff's variance "
                "estimate, as in the R package effsize."
            ),
        ),
        Term(
            _("p and q"),
            _(
                "p is from the two-sided Mann-Whitney test with corrections for ties and "
                "continuity. q adjusts p for the many questions compared at once "
                "(Benjamini-Hochberg, across the items of one comparison): among gaps with q "
                "below 0.05 we expect fewer than %(share)s to be chance."
            )
            % {"share": percent(0.05)},
        ),
        Term(
            _("Severity"),
            _(
                "From the size of delta alone (Romano et al., 2006): negligible below 0.147, "
                "small below 0.33, medium below 0.474, large from 0.474. Never from p alone."
            ),
        ),
        Term(
            _("Leader roll-up"),
            _(
                "A team rarely has %(k)d leaders, so a unit's frontline is compared with the "
                "leaders of the nearest level at or above it with at least %(k)d leaders. Each "
                "gap says at which level it was made."
            )
            % {"k": k},
        ),
        Term(
            _("Comments"),
            _(
                "Comments are quoted only for groups of at least %(k)d people, with names, "
                "e-mail addresses, phone numbers and employee IDs removed before anyone reads "
                "them. The few quoted are those closest to the question's wording."
            )
            % {"k": k},
        ),
    ]
