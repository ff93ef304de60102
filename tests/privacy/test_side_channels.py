"""Red team, classes 5, 6, 8 and 10: participation, order, what a hidden cell says, and the pages
that need no log-in. None of them may tell who answered, when, or why a figure is hidden."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from tests.privacy.world import SECRET
from tests.survey_fixtures import full_answers
from twoway.pulse.services import open_wave
from twoway.surveys.models import Campaign
from twoway.surveys.tokens import invitation_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(redteam):
    wave = open_wave(redteam.schedule, 12)
    campaign = wave.campaign
    campaign.opens_at = timezone.now() - datetime.timedelta(days=1)
    campaign.closes_at = timezone.now() + datetime.timedelta(days=1)
    campaign.save(update_fields=["opens_at", "closes_at"])
    return campaign


def participation(client, redteam, campaign, role="admin"):
    client.force_login(redteam.users[role])
    page = client.get(f"/o/redteam/surveys/campaigns/{campaign.pk}/")
    return {r.unit.name: (r.responded, r.rate) for r in page.context["rows"]}, page


# --- class 5: participation ------------------------------------------------------------------


def test_live_participation_does_not_move_while_a_lead_watches(redteam, running, client):
    before, _ = participation(client, redteam, running)
    for name in ("Ana", "Ben", "Cai"):
        person = redteam.people[name]
        link = f"/s/{invitation_token(running.pk, person.pk)}/"
        client.post(link, full_answers(running, 3, False))
    after, _ = participation(client, redteam, running)
    assert after == before  # today's answers show from tomorrow, and only in tenths


def test_a_small_team_never_sees_everyone_answered(redteam, running, client):
    for name in ("Fay", "Gus", "Hal"):
        person = redteam.people[name]
        client.post(
            f"/s/{invitation_token(running.pk, person.pk)}/", full_answers(running, 3, False)
        )
    rows, page = participation(client, redteam, running)
    assert rows["N2"] == (None, None)  # 4 invited: under 2k, nothing while it runs
    assert "100%" not in page.content.decode()


def test_the_api_gives_no_live_count(redteam, running, client):
    client.force_login(redteam.users["admin"])
    body = client.get(f"/api/orgs/redteam/campaigns/{running.pk}/participation").json()
    assert all(row["responded"] is None and row["live"] for row in body)


def test_closed_participation_follows_the_release(redteam, client):
    rows, _ = participation(client, redteam, redteam.diagnostic)
    assert rows["N2"][0] is None  # 3 agents and a lead: hidden
    shown = [n for n, _rate in rows.values() if n is not None]
    assert shown and min(shown) >= 5


# --- class 6: order -------------------------------------------------------------------------


def comments_on_page(html: str) -> list[str]:
    return re.findall(r"<li>(?:<span class=\"wave\">[^<]*</span>)?([^<]+)</li>", html)


def test_comment_order_says_nothing_about_arrival(redteam, client):
    """The same comments, written in the opposite order by the same people, list the same."""
    client.force_login(redteam.users["admin"])
    center = redteam.units["center"]
    url = f"/o/redteam/surveys/campaigns/{redteam.diagnostic.pk}/results/comments/{center.pk}/"
    first = comments_on_page(client.get(url).content.decode())
    assert len(first) >= 5
    from twoway.surveys.models import Comment

    ids = list(Comment.objects.filter(campaign=redteam.diagnostic).order_by("pk"))
    texts = [c.redacted for c in ids]
    for c, text in zip(ids, reversed(texts), strict=True):
        c.redacted = c.text = text
    Comment.objects.bulk_update(ids, ["redacted", "text"])
    second = comments_on_page(client.get(url).content.decode())
    assert second == first


def test_pulse_comment_order_is_the_same_whatever_the_ids(redteam, client):
    client.force_login(redteam.users["admin"])
    url = f"/o/redteam/pulse/units/{redteam.units['center'].pk}/comments/"
    page = client.get(url)
    listed = [c["redacted"] for c in page.context["comments"]]
    from twoway.surveys.models import Comment

    rows = list(Comment.objects.filter(campaign__pulse_wave__isnull=False).order_by("pk"))
    for row in rows:
        row.pk = None  # the same texts again, with new (later) ids
    Comment.objects.filter(campaign__pulse_wave__isnull=False).delete()
    Comment.objects.bulk_create(reversed(rows))
    again = [c["redacted"] for c in client.get(url).context["comments"]]
    assert again == listed


def test_comment_pages_carry_no_time_of_day(redteam, client):
    client.force_login(redteam.users["admin"])
    url = f"/o/redteam/pulse/units/{redteam.units['center'].pk}/comments/"
    listed = client.get(url).content.decode().split('<ul class="pulse-comments"')[-1]
    assert not re.search(r"\d{1,2}:\d{2}", listed.split("</ul>")[0])


# --- class 8: what a hidden cell says -------------------------------------------------------


def test_a_cell_with_no_answer_and_one_with_a_lone_leader_read_the_same(redteam, client):
    client.force_login(redteam.users["admin"])
    body = client.get(f"/api/orgs/redteam/campaigns/{redteam.diagnostic.pk}/results").json()
    reasons = {r["reason"] for r in body["records"] if r["suppressed"]}
    assert reasons == {"suppressed"}


def test_the_csv_says_suppressed_whatever_hid_a_cell(redteam, client):
    client.force_login(redteam.users["admin"])
    export = client.get(f"/o/redteam/surveys/campaigns/{redteam.diagnostic.pk}/results.csv")
    text = export.content.decode()
    for reason in ("no_answers", "below_threshold", "complementary"):
        assert reason not in text


def test_hidden_pulse_figures_and_drivers_say_one_thing(redteam, client):
    client.force_login(redteam.users["lead_n2"])
    n2 = redteam.units["N2"].pk
    trends = client.get(f"/o/redteam/pulse/units/{n2}/").content.decode()
    drivers = client.get(f"/o/redteam/pulse/units/{n2}/drivers/").content.decode()
    home = client.get("/o/redteam/pulse/me/").content.decode()
    for text in (trends, drivers, home):
        assert "fewer than 5 answers" not in text and "too few people" not in text.lower()
    assert "Not shown yet" in drivers


# --- class 10: pages without a log-in ------------------------------------------------------


def test_the_thanks_page_names_no_campaign_to_a_guessed_number(redteam, client):
    draft = Campaign.objects.create(
        organisation=redteam.org, template=redteam.diagnostic.template, name="Secret draft",
        opens_at=timezone.now(), closes_at=timezone.now() + datetime.timedelta(days=1),
    )  # fmt: skip
    for target in (draft.pk, redteam.diagnostic.pk):
        assert client.get(f"/thanks/{target}/").status_code == 404
    forged = client.get("/thanks/eyJjIjoxfQ:1abc:xyz/")
    assert forged.status_code == 404


def test_a_wrong_link_or_code_tells_nothing_about_any_campaign(redteam, client):
    pages = [client.get("/s/0123456789abcdef0123456789abcdef/"), client.get("/k/ZZZZZZ/")]
    for page in pages:
        body = page.content.decode()
        assert page.status_code == 404 and "Red team" not in body and "Red Team" not in body


def test_the_team_code_page_shows_only_the_team_and_the_campaign(redteam, client):
    wave = redteam.waves[-1].campaign
    wave.closes_at = timezone.now() + datetime.timedelta(days=1)
    wave.save(update_fields=["closes_at"])
    code = wave.kiosk_codes.get(unit=redteam.units["N2"]).code
    body = client.get(f"/k/{code}/").content.decode()
    assert "Team: N2" in body and SECRET not in body
    for other in ("North", "South", "Lou", "Fay", "Gus"):
        assert other not in body
