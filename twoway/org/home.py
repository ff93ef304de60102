"""Sections other apps add to an organisation's home page, so that it can say "a survey is
waiting for you" without the organisation app knowing what a survey is.

An app registers `provider(scope)` in its `AppConfig.ready()`; the provider returns a
`HomeSection` for that reader, or None when it has nothing to say. The same shape as the
answer page's extra questions and the huddle's sections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .access import Scope


@dataclass(frozen=True)
class HomeEntry:
    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class HomeSection:
    title: str
    entries: tuple[HomeEntry, ...]
    intro: str = ""
    order: int = 50  # lower comes first


_providers: list[Callable[[Scope], HomeSection | None]] = []


def register_section(provider: Callable[[Scope], HomeSection | None]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def home_sections(scope: Scope) -> list[HomeSection]:
    found = [section for provider in _providers if (section := provider(scope)) is not None]
    return sorted(found, key=lambda section: section.order)
