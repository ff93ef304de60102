"""Pulse comment pages through HTTP: themes, comments behind them, search, privacy."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.pulse.helpers import close
from tests.survey_fixtures import full_answers
from twoway.pulse.comments import analyse_closed_waves, analyse_pending
from twoway.pulse.services import open_wave
from twoway.surveys.intake import Respondent, parse_answers
from twoway.surveys.models import Comment, Item
from twoway.surveys.questionnaire import redactor_for
from twoway.surveys.services import submit


@pytest.fixture(autouse=True)
def fresh_results_cache():
    """Results are cached by campaign id, and ids repeat from test to test after rollback."""
    cache.clear()
    yield
    cache.clear()


SUBJECTS = {
    "pay": [
        "My pay is too low for this work and the paycheck arrives late",
        "The paycheck was wrong again and pay is lower than before",
        "Pay should rise, my paycheck does not cover the rent",
        "Overtime pay is missing from my paycheck this month",
        "Low pay and a late paycheck make people leave",
        "I want fair pay, the paycheck keeps getting smaller",
    ],
    "schedule": [
        "The shift schedule changes every week without notice",
        "I cannot plan my life when the shift schedule moves",
        "Weekend shift schedule is unfair to parents",
        "Please publish the shift schedule earlier",
        "My shift schedule was swapped twice this week",
        "The rota and shift schedule never match",
    ],
    "coaching": [
        "Coaching sessions with my team lead really help",
        "More coaching and feedback on my calls please",
        "The coaching feedback last week was useful",
        "I never get coaching or feedback anymore",
        "Good coaching from the team lead improved my scores",
        "Weekly coaching and honest feedback keep me going",
    ],
    "tools": [
        "The new desktop freezes and the headset drops calls",
        "Desktop crashes twice a day, the headset is broken",
        "Fix the desktop login, it logs me out constantly",
        "My headset and the desktop software keep failing",
        "The desktop is slow and the headset crackles",
        "Old desktop was better, the new headset hurts",
    ],
}


def comment_wave(schedule, number, comments_by_unit: dict) -> None:
    """Open wave `number`, answer it with one comment per respondent, close and analyse it."""
    wave = open_wave(schedule, number)
    campaign = wave.campaign
    campaign.opens_at = timezone.now() - datetime.timedelta(days=1)
    campaign.closes_at = timezone.now() + datetime.timedelta(days=1)
    campaign.save(update_fields=["opens_at", "closes_at"])
    items = list(Item.objects.filter(template=campaign.template))
    for unit, texts in comments_by_unit.items():
        for text in texts:
            data = full_answers(campaign, 4, False, comment=text)
            for item in items:
                if item.kind == "choice":
                    data[f"item-{item.code}"] = item.choices[0]["code"]
            respondent = Respondent(unit=unit, is_leader=False, channel="kiosk")
            submit(campaign, respondent, parse_answers(items, data, False), redactor_for(campaign))
    close(wave)
    analyse_pending(schedule)


def texts(pay=6, schedule=6, coaching=6, tools=6) -> list[str]:
    """Comments about four subjects (shares kept under half: a word in more than half of a
    wave's comments tells no theme apart and is left out)."""
    counts = {"pay": pay, "schedule": schedule, "coaching": coaching, "tools": tools}
    return [SUBJECTS[s][i % 6] for s, n in counts.items() for i in range(n)]


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def theme_links(html: str) -> dict[str, int]:
    """Each theme label in the table and its id."""
    rows = re.findall(
        r'<tr data-theme="(\d+)">\s*<td class="theme-label"><a [^>]*>([^<]*)</a>', html
    )
    return {label: int(i) for i, label in rows}


def theme_id_for(html: str, word: str) -> int:
    return next(i for label, i in theme_links(html).items() if word in label)


def theme_counts(html: str, theme: int) -> list[int]:
    """The comments per wave in a theme's row of the table, oldest wave first."""
    row = html.split(f'<tr data-theme="{theme}">')[1].split("</tr>")[0]
    return [int(n) for n in re.findall(r"<td>(\d+)</td>", row)]


def test_big_unit_sees_labelled_themes_and_a_rising_one(world, schedule, login):
    comment_wave(schedule, 1, {world.team1: texts(pay=5, schedule=15, coaching=15, tools=15)})
    comment_wave(schedule, 2, {world.team1: texts(pay=20, schedule=10, coaching=10, tools=10)})
    html = page(login(world.team_lead), f"/o/acme/pulse/units/{world.team1.pk}/themes/")
    labels = theme_links(html)
    assert len(labels) >= 4
    for word in ("paycheck", "schedule", "coaching", "desktop"):
        assert any(word in label for label in labels)
    rising = html.split("<h3>Rising</h3>")[1].split("<h3>")[0]
    assert "paycheck" in rising


def test_labels_never_show_a_word_fewer_than_five_people_wrote(world, schedule, login):
    rare = "Pay is low and the zeppelin parking is full"  # "zeppelin" from 2 people only
    comment_wave(schedule, 1, {world.team1: [*texts(), rare, rare]})
    html = page(login(world.admin), f"/o/acme/pulse/units/{world.team1.pk}/themes/")
    assert theme_links(html) and "zeppelin" not in " ".join(theme_links(html))


def test_small_unit_shows_no_theme_and_no_comment(world, schedule, login):
    secret = "Fay and Gus hate the new parking policy"
    comment_wave(schedule, 1, {world.team1: texts(), world.team_home: [secret, secret]})
    client = login(world.admin)
    for unit in (world.team_home, world.home):
        themes = page(client, f"/o/acme/pulse/units/{unit.pk}/themes/")
        assert not theme_links(themes) and "No themes to show" in themes
        html = page(client, f"/o/acme/pulse/units/{unit.pk}/comments/")
        assert "parking" not in html and "0 comments" in html
    # Only a list that pools them with many others may hold them: the center's, and then
    # only when Lisbon's is hidden (the center minus Lisbon is the two).
    center = page(client, f"/o/acme/pulse/units/{world.center.pk}/comments/")
    lisbon = page(client, f"/o/acme/pulse/units/{world.lisbon.pk}/comments/")
    assert "parking" not in lisbon
    assert not ("paycheck" in center and "paycheck" in lisbon)


def test_a_big_unit_is_hidden_when_it_would_isolate_a_small_one(world, schedule, login):
    comment_wave(schedule, 1, {world.team1: texts(), world.team_home: ["Too hot", "Too hot"]})
    client = login(world.admin)
    # The center minus Lisbon (or its only answering team) is Team Home's two: the wave's
    # release shows one side only. A pulse keeps the team's comments, and hides the center's.
    center = page(client, f"/o/acme/pulse/units/{world.center.pk}/comments/")
    assert "paycheck" not in center and "Too hot" not in center
    assert not theme_links(page(client, f"/o/acme/pulse/units/{world.center.pk}/themes/"))
    for unit in (world.lisbon, world.team1):
        assert "paycheck" in page(client, f"/o/acme/pulse/units/{unit.pk}/comments/")


def test_comments_carry_the_wave_number_and_no_date_or_time(world, schedule, login):
    comment_wave(schedule, 1, {world.team1: texts()})
    html = page(login(world.team_lead), f"/o/acme/pulse/units/{world.team1.pk}/comments/")
    listed = html.split('<ul class="pulse-comments"')[1].split("</ul>")[0]
    assert listed.count("Wave 1") == 24 and "paycheck" in listed
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|\b20\d\d\b", listed)
    months = "January|February|March|April|May|June|July|August|September|October|December"
    assert not re.search(months, listed)


def test_comment_order_is_a_fixed_shuffle_not_arrival(world, schedule, login):
    comment_wave(schedule, 1, {world.team1: texts()})
    client = login(world.team_lead)
    path = f"/o/acme/pulse/units/{world.team1.pk}/comments/"
    listed = r'<span class="wave">Wave 1</span>([^<]*)</li>'
    shown = re.findall(listed, page(client, path))
    assert shown == re.findall(listed, page(client, path))
    assert sorted(shown) == sorted(texts()) and shown != texts()


def test_search_finds_only_matching_comments(world, schedule, login):
    comment_wave(schedule, 1, {world.team1: texts()})
    client = login(world.team_lead)
    html = page(client, f"/o/acme/pulse/units/{world.team1.pk}/comments/?q=ROTA")
    listed = re.findall(r'<span class="wave">Wave 1</span>([^<]*)</li>', html)
    assert listed == ["The rota and shift schedule never match"]
    assert "1 comment" in html
    nothing = page(client, f"/o/acme/pulse/units/{world.team1.pk}/comments/?q=zeppelin")
    assert "0 comments" in nothing


def test_theme_keeps_its_id_across_waves_and_lists_both_waves(world, schedule, login):
    comment_wave(schedule, 1, {world.team1: texts()})
    client = login(world.team_lead)
    themes = f"/o/acme/pulse/units/{world.team1.pk}/themes/"
    pay_before = theme_id_for(page(client, themes), "paycheck")
    coaching_before = theme_id_for(page(client, themes), "coaching")
    comment_wave(schedule, 2, {world.team1: texts(pay=9, schedule=6, coaching=9, tools=6)})
    after = page(client, themes)
    # The same ids gather wave 2's comments on the same subjects (a split may take a few).
    assert theme_counts(after, pay_before)[0] == 6 and theme_counts(after, pay_before)[1] >= 5
    assert theme_counts(after, coaching_before)[1] >= 5
    labels = {i: label for label, i in theme_links(after).items()}
    assert "pay" in labels[pay_before] and "coaching" in labels[coaching_before]
    behind = page(client, f"/o/acme/pulse/units/{world.team1.pk}/comments/?theme={pay_before}")
    listed = re.findall(r'<span class="wave">Wave (\d)</span>([^<]*)</li>', behind)
    assert {w for w, _ in listed} == {"1", "2"}
    assert all("pay" in text.lower() for _, text in listed)


def test_analysis_is_idempotent_and_scores_sentiment(world, schedule):
    comment_wave(schedule, 1, {world.team1: texts()})
    before = list(Comment.objects.order_by("pk").values_list("theme", "sentiment"))
    assert analyse_pending(schedule) == 0 and analyse_closed_waves() == 0
    assert list(Comment.objects.order_by("pk").values_list("theme", "sentiment")) == before
    helpful = Comment.objects.get(redacted="The coaching feedback last week was useful")
    assert helpful.sentiment > 0 and helpful.sentiment_label == "positive"


def test_comment_pages_answer_404_outside_the_scope(world, schedule, login):
    comment_wave(schedule, 1, {world.team1: texts()})
    for name in ("themes", "comments"):
        team2 = f"/o/acme/pulse/units/{world.team2.pk}/{name}/"
        team1 = f"/o/acme/pulse/units/{world.team1.pk}/{name}/"
        assert login(world.team_lead).get(team2).status_code == 404
        assert login(world.agent).get(team1).status_code == 404
        assert login(world.outsider).get(team1).status_code == 404
        assert login(world.team_lead).get(team1).status_code == 200


def test_a_quiet_week_does_not_retire_a_theme(world, schedule, login):
    comment_wave(schedule, 1, {world.team1: texts()})
    client = login(world.team_lead)
    themes = f"/o/acme/pulse/units/{world.team1.pk}/themes/"
    pay = theme_id_for(page(client, themes), "paycheck")
    comment_wave(schedule, 2, {world.team1: texts(pay=2)})  # two people: fewer than a theme
    comment_wave(schedule, 3, {world.team1: texts()})
    counts = theme_counts(page(client, themes), pay)
    assert counts[0] == 6 and counts[2] > 0  # the same id gathers pay comments again


def test_the_huddle_names_the_top_theme_only_where_comments_may_be_read(world, schedule):
    from twoway.followups.huddle import top_theme

    secret = "Fay and Gus hate the new parking policy"
    comment_wave(
        schedule,
        1,
        {world.team1: texts(pay=9), world.team2: texts(), world.team_home: [secret, secret]},
    )
    assert top_theme(world.team1)  # a readable unit gets its most written-about theme
    assert top_theme(world.team_home) == ""  # two people: no theme, not even "parking"
