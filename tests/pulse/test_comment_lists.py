"""Comment lists that can be worked with: pages of 50, filters by theme, tone and wave, theme
labels that read as words, and the same word-keyed order whatever the page."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.pulse.test_comments import comment_wave, page, texts
from twoway.pulse.comments import readable_label


@pytest.fixture(autouse=True)
def fresh_results_cache():
    cache.clear()
    yield
    cache.clear()


def comments_on(html: str) -> list[str]:
    start = html.index('class="pulse-comments"')
    return [part.split("</li>")[0] for part in html[start:].split('<span class="wave">')[1:]]


def test_a_label_drops_words_already_in_a_longer_phrase_and_adds_none():
    assert readable_label("card, card new, great") == "card new · great"
    assert readable_label("pay, paycheck") == "pay · paycheck"
    assert readable_label("") == ""


def test_long_lists_are_paged_in_one_order_and_filters_narrow_them(world, schedule, login):
    comment_wave(schedule, 1, {world.team1: texts(pay=12, schedule=12, coaching=12, tools=12)})
    comment_wave(schedule, 2, {world.team1: texts(pay=10, schedule=10, coaching=10, tools=12)})
    client = login(world.team_lead)
    url = f"/o/acme/pulse/units/{world.team1.pk}/comments/?schedule={schedule.pk}"
    first = page(client, url)
    assert "90 comments" in first and "(1–50 shown)" in first and "Page 1 of 2" in first
    second = page(client, url + "&page=2")
    assert "(51–90 shown)" in second
    everything = comments_on(first) + comments_on(second)
    assert len(everything) == 90
    # One order for the whole list: the pages are slices of it, not re-sorted.
    assert comments_on(page(client, url + "&page=2")) == comments_on(second)
    wave_two = page(client, url + "&wave=2")
    assert "42 comments" in wave_two and "Wave 1<" not in wave_two
    negative = page(client, url + "&sentiment=negative")
    positive = page(client, url + "&sentiment=positive")
    assert "comments" in negative and "comments" in positive
    assert client.get(url + "&wave=99").status_code == 404  # not a readable wave
    assert client.get(url + "&page=abc").status_code == 200
