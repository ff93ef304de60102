"""Questions that other apps add to the answer page, without the answer page knowing them.

An app that wants to ask something beside a campaign's own items (follow-ups ask "did it
help?" on the next pulse wave) registers a provider in its `AppConfig.ready()`. The answer
page asks every provider what to show for a respondent and renders the `ExtraQuestion`s they
give. When the answers are taken, each provider `hold`s what it needs (a one-per-person mark
may be written then; the answers themselves are returned as plain data), and this travels
sealed with the held response (`holding.py`); when the batch is written, `release` gets it,
so that counts move only with a shuffled batch, never at the moment someone answered.
Answers to extra questions never join the response: each provider keeps its own counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from twoway.org.models import Person

from .models import Campaign


@dataclass(frozen=True)
class ExtraQuestion:
    """One optional question as the answer page renders it: radio buttons under a heading."""

    name: str  # the form field
    text: str
    options: list[tuple[str, str]]  # (value, label)
    value: str  # what was chosen when the page comes back with errors
    hint: str = ""


class QuestionProvider(Protocol):
    def pending(self, unit_id: int, campaign: Campaign, person: Person | None) -> list[Any]:
        """What to ask a respondent of unit `unit_id` (opaque to the answer page)."""

    def questions(self, pending: list[Any], post_data) -> list[ExtraQuestion]:
        """The questions for `pending`, keeping the answers of `post_data`."""

    def hold(self, post_data, pending: list[Any], person: Person | None) -> Any:
        """What to keep of the answers to `pending` in `post_data`, as JSON-able data, to be
        `release`d with the batch; may mark the person as having answered."""

    def release(self, campaign: Campaign, held: list[Any]) -> None:
        """Count the answers `hold` kept, for a batch of responses (in shuffled order)."""


_providers: list[QuestionProvider] = []


def register(provider: QuestionProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


@dataclass
class Asked:
    """What each provider asks one respondent, kept between rendering and recording."""

    by_provider: list[tuple[QuestionProvider, list[Any]]]

    def questions(self, post_data) -> list[ExtraQuestion]:
        return [
            q for provider, items in self.by_provider for q in provider.questions(items, post_data)
        ]

    def hold(self, post_data, person: Person | None) -> dict[str, Any]:
        """Each provider's kept answers, under its name, for the held response."""
        kept = {}
        for provider, items in self.by_provider:
            if items:
                kept[provider_name(provider)] = provider.hold(post_data, items, person)
        return kept


def extra_questions_for(unit_id: int, campaign: Campaign, person: Person | None) -> Asked:
    return Asked([(p, p.pending(unit_id, campaign, person)) for p in _providers])


def provider_name(provider: QuestionProvider) -> str:
    return f"{type(provider).__module__}.{type(provider).__qualname__}"


def release_held(campaign: Campaign, kept: list[dict[str, Any]]) -> None:
    """Give each provider what it kept in each held response of a batch."""
    for provider in _providers:
        name = provider_name(provider)
        mine = [entry[name] for entry in kept if entry.get(name)]
        if mine:
            provider.release(campaign, mine)
