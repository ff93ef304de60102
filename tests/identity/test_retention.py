"""Comment retention: the words go after N months, every count stays."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from twoway.identity.models import IdentitySettings
from twoway.identity.retention import delete_old_comment_text, months_before
from twoway.identity.services import set_comment_retention
from twoway.org.models import AuditEvent
from twoway.surveys.models import Comment


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 12, 3), 12, datetime.date(2025, 12, 3)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 3, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 1, 15), 13, datetime.date(2024, 12, 15)),
    ],
)
def test_months_before_counts_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


def close_months_ago(campaign, months: int) -> None:
    campaign.closes_at = timezone.now() - datetime.timedelta(days=31 * months)
    campaign.save(update_fields=["closes_at"])


def theme_counts(campaign) -> list:
    return sorted(Comment.objects.filter(campaign=campaign).values_list("unit_id", "theme"))


def test_the_tick_deletes_old_comment_text_and_keeps_the_counts(answered, capsys):
    w = answered
    Comment.objects.filter(campaign=w.campaign).update(theme=3, sentiment=-0.4)
    close_months_ago(w.campaign, 13)
    set_comment_retention(w.org, 12, w.admin)
    before = theme_counts(w.campaign)
    n = len(before)
    call_command("pulse_tick")
    assert f"retention ok: text of {n} comment(s) deleted" in capsys.readouterr().out
    comments = Comment.objects.filter(campaign=w.campaign)
    assert set(comments.values_list("text", "redacted")) == {("", "")}
    assert theme_counts(w.campaign) == before
    assert set(comments.values_list("sentiment", flat=True)) == {-0.4}
    assert AuditEvent.objects.filter(kind="comments_deleted", details__comments=n).exists()
    assert delete_old_comment_text(w.org) == 0  # nothing left to delete, no new entry


def test_younger_comments_and_organisations_without_a_setting_keep_their_text(answered):
    w = answered
    close_months_ago(w.campaign, 11)
    set_comment_retention(w.org, 12)
    assert delete_old_comment_text(w.org) == 0
    set_comment_retention(w.org, None)
    close_months_ago(w.campaign, 30)
    assert delete_old_comment_text(w.org) == 0
    assert not Comment.objects.filter(campaign=w.campaign, text="").exists()


def test_an_admin_sets_retention_on_the_page_and_bad_values_name_the_field(world, login):
    client = login(world.admin)
    assert client.get("/o/acme/identity/").status_code == 200
    bad = client.post("/o/acme/identity/", {"action": "retention", "months": "0"})
    assert bad.status_code == 400
    assert "Ensure this value is greater than or equal to 1" in bad.content.decode()
    assert (
        client.post("/o/acme/identity/", {"action": "retention", "months": "24"}).status_code == 302
    )
    assert IdentitySettings.objects.get(organisation=world.org).comment_retention_months == 24
    assert AuditEvent.objects.filter(summary="Comment text kept for 24 months").exists()


def test_after_retention_the_theme_counts_stay_and_no_empty_comment_is_listed(world, login):
    from tests.pulse.helpers import weekly_schedule
    from tests.pulse.test_comments import comment_wave, texts, theme_counts, theme_id_for

    schedule = weekly_schedule(world.org)
    comment_wave(schedule, 1, {world.team1: texts()})
    client = login(world.team_lead)
    themes = f"/o/acme/pulse/units/{world.team1.pk}/themes/"
    html = client.get(themes).content.decode()
    pay = theme_id_for(html, "paycheck")
    counts = theme_counts(html, pay)
    campaign = schedule.waves.get(number=1).campaign
    close_months_ago(campaign, 7)
    set_comment_retention(world.org, 6)
    assert delete_old_comment_text(world.org) == 24
    assert theme_counts(client.get(themes).content.decode(), pay) == counts
    listed = client.get(f"/o/acme/pulse/units/{world.team1.pk}/comments/").content.decode()
    assert "0 comments" in listed and '<span class="wave">' not in listed
