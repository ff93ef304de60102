"""Questions that other apps add to the answer page, without the answer page knowing them.

An app that wants to ask something beside a campaign's own items (follow-ups ask "did it
help?" on the next pulse wave) registers a provider in its `AppConfig.ready()`. The answer
page asks every provider what to show for a respondent, renders the `ExtraQuestion`s they
give, and, once the response is stored, hands the posted answers back to them. Answers to
extra questions never join the response: each provider keeps its own counts.
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

    def record(self, post_data, pending: list[Any], person: Person | None) -> None:
        """Keep the answers to `pending` found in `post_data` (after the response is stored)."""


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

    def record(self, post_data, person: Person | None) -> None:
        for provider, items in self.by_provider:
            if items:
                provider.record(post_data, items, person)


def extra_questions_for(unit_id: int, campaign: Campaign, person: Person | None) -> Asked:
    return Asked([(p, p.pending(unit_id, campaign, person)) for p in _providers])
