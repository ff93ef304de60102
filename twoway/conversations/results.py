"""The results pages' content: the stored analysis with statement texts, the opinion map as SVG,
and the lists a director takes to an executive.

Everything here reads `ConversationResult.data`, which `twoway.insights.opinion.analyse` already
suppressed at k: this module adds words and drawing, never a figure. Results appear once the
conversation closes (a live figure that moves as one person votes is a subtraction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from .models import Conversation, ConversationResult, Statement

MAP_SIZE = 320
MAP_MARGIN = 24
GROUP_COLOURS = ("#0b6e4f", "#b5451b", "#3a5ba0", "#8a6d00", "#7b3f8c")


class ResultsNotReady(Exception):
    """No results yet: the conversation is open, or too few took part (the message says)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Results:
    conversation: Conversation
    data: dict[str, Any]
    texts: dict[int, str]
    groups: list[dict[str, Any]] = field(default_factory=list)
    map_svg: str = ""

    def text(self, statement: Any) -> str:
        return self.texts.get(int(statement), "")


def stored_result(conversation: Conversation) -> ConversationResult | None:
    return ConversationResult.objects.filter(conversation=conversation).first()


def results_for(conversation: Conversation, result: ConversationResult | None) -> Results:
    """The page's content; ResultsNotReady while open, or with fewer than k participants."""
    k = conversation.k
    if conversation.status != Conversation.Status.CLOSED:
        raise ResultsNotReady(_("Results appear when the conversation closes."))
    if result is None or not result.data.get("enough"):
        raise ResultsNotReady(
            _(
                "Not enough people yet: results appear when at least %(k)s people took part "
                "and they form groups of at least %(k)s."
            )
            % {"k": k}
        )
    data = result.data
    texts = dict(Statement.objects.filter(conversation=conversation).values_list("pk", "text"))
    results = Results(conversation, data, texts)
    results.groups = [
        {**group, "colour": GROUP_COLOURS[i % len(GROUP_COLOURS)],
         "colour_class": f"group-colour-{i % len(GROUP_COLOURS)}", "statements": with_texts(
            results, data["repness"].get(group["id"], [])
        )}
        for i, group in enumerate(data["groups"])
    ]  # fmt: skip
    results.map_svg = opinion_map_svg(results.groups)
    return results


def with_texts(results: Results, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries with their statement's text, the raw share and, for a difference, its points."""
    return [_readable(results, entry) for entry in entries]


def _readable(results: Results, entry: dict[str, Any]) -> dict[str, Any]:
    shown = {**entry, "text": results.text(entry["statement"])}
    if entry.get("n_trials"):
        shown["share"] = entry["n_success"] / entry["n_trials"]
    if "difference" in entry:
        shown["points"] = round(entry["difference"] * 100)
    if "groups" in entry:
        shown["groups"] = [{"id": name, **figures} for name, figures in entry["groups"].items()]
    return shown


def executive_lists(results: Results) -> dict[str, list[dict[str, Any]]]:
    """Shared ground, what divides leaders and agents, and what only the frontline agrees on."""
    data = results.data
    return {
        "shared_ground": with_texts(results, data.get("shared_ground", [])),
        "divides": with_texts(results, data.get("divides", [])),
        "frontline_agrees": with_texts(results, data.get("frontline_agrees", [])),
        "consensus": with_texts(results, data["consensus"].get("agree", [])),
        "consensus_against": with_texts(results, data["consensus"].get("disagree", [])),
    }


def declared(results: Results, attribute: str) -> dict[str, Any]:
    """A declared attribute's groups (None sizes are hidden) and their statements."""
    found = results.data.get("declared", {}).get(attribute, {"groups": [], "repness": {}})
    return {
        "groups": found["groups"],
        "repness": {
            name: with_texts(results, entries) for name, entries in found["repness"].items()
        },
    }


def opinion_map_svg(groups: list[dict[str, Any]]) -> str:
    """The groups as regions with their size, never a dot per person."""
    if not groups:
        return ""
    extent = max(
        max(abs(g["centre"][0]), abs(g["centre"][1])) + max(g["ellipse"]["rx"], g["ellipse"]["ry"])
        for g in groups
    )
    scale = (MAP_SIZE / 2 - MAP_MARGIN) / (extent or 1.0)
    middle = MAP_SIZE / 2
    title = escape(_("Opinion map"))
    desc = escape(
        "; ".join(_("group %(id)s: %(n)s people") % {"id": g["id"], "n": g["size"]} for g in groups)
    )
    shapes = []
    for group in groups:
        x = middle + group["centre"][0] * scale
        y = middle - group["centre"][1] * scale
        rx = max(group["ellipse"]["rx"] * scale, 14.0)
        ry = max(group["ellipse"]["ry"] * scale, 14.0)
        angle = -group["ellipse"]["angle"]
        label = escape(_("%(id)s · %(n)s") % {"id": group["id"], "n": group["size"]})
        shapes.append(
            f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{rx:.1f}" ry="{ry:.1f}" '
            f'transform="rotate({angle:.1f} {x:.1f} {y:.1f})" fill="{group["colour"]}" '
            f'fill-opacity="0.25" stroke="{group["colour"]}" stroke-width="2"/>'
            f'<text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle" font-size="15" '
            f'font-weight="700" fill="#111">{label}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_SIZE} {MAP_SIZE}" '
        f'role="img" aria-labelledby="map-title map-desc" class="opinion-map">'
        f'<title id="map-title">{title}</title><desc id="map-desc">{desc}</desc>'
        f'<line x1="{middle}" y1="8" x2="{middle}" y2="{MAP_SIZE - 8}" stroke="#ccd3dd"/>'
        f'<line x1="8" y1="{middle}" x2="{MAP_SIZE - 8}" y2="{middle}" stroke="#ccd3dd"/>'
        + "".join(shapes)
        + "</svg>"
    )
