"""The communication plan: coverage gaps and how they close, due messages on every channel,
champions first, and "got it / I have a question" counted, never named."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import itertools
import re

from django.conf import settings
from django.utils import timezone

from tests.change.conftest import GO_LIVE
from twoway.change.acks import ACK_DAYS
from twoway.change.models import AckCount, AckVoter, Message
from twoway.change.outreach import ack_codes, personal_link
from twoway.change.services import (
    add_champion,
    add_message,
    move_phase,
    record_ack,
    set_characteristics,
    update_settings,
)
from twoway.change.tasks import run_change_tick
from twoway.insights.coverage import ASPECTS

DAY = datetime.timedelta(days=1)


def send_due_messages(today):
    """The tick of that day; tests run background tasks at once (tests/conftest.py)."""
    return run_change_tick.call(today.isoformat())


def lisbon(desktop):
    return desktop.phases.get(name="Lisbon")


def coverage_text(client):
    return client.get("/o/acme/change/desktop/coverage/").content.decode()


def plan(phase, channel, offset, **extra):
    return add_message(
        phase,
        channel=channel,
        title=f"{channel} {offset}",
        body="Body",
        offset_days=offset,
        **extra,
    )


def test_the_coverage_gap_closes_as_messages_are_planned(world, desktop, login):
    client = login(world.director)
    assert "2 audiences need more communication." in coverage_text(client)
    phase = lisbon(desktop)
    plan(phase, "email", 3)
    text = coverage_text(client)
    assert (
        "nothing before go-live" in text and "only 1 touches" in text and "one channel only" in text
    )
    plan(phase, "huddle", -2)
    plan(phase, "poster", -7)
    text = coverage_text(client)
    assert "1 audience needs more communication." in text  # Work at Home still has nothing
    assert text.count("covered</span>") == 1


def test_a_large_change_asks_for_five_touches(world, desktop, login):
    set_characteristics(desktop, dict.fromkeys(ASPECTS, 4))  # 48 of 60
    phase = lisbon(desktop)
    for channel, offset in (("email", -7), ("huddle", -2), ("poster", 0)):
        plan(phase, channel, offset)
    text = coverage_text(login(world.director))
    assert "only 3 touches" in text and "at least 5 touches" in text


def test_a_message_reaches_only_the_roles_it_names(world, desktop, login):
    desktop.impacted_roles = {"agent": "high", "team_lead": "medium"}
    desktop.save()
    phase = lisbon(desktop)
    for offset, channel in ((-7, "email"), (-3, "huddle"), (1, "poster")):
        plan(phase, channel, offset, roles=["team_lead"])
    text = coverage_text(login(world.director))
    assert "Lisbon: Lisbon · team_lead" in text
    assert "1 audience needs more communication." not in text  # agents and Work at Home
    assert "3 audiences need more communication." in text


def test_due_emails_go_to_the_audience_with_a_personal_link(world, desktop, smtp_server):
    for name in ("Ana", "Ben", "Fay"):
        person = world.people[name]
        person.email = f"{name.lower()}@acme.example"
        person.save()
    message = plan(lisbon(desktop), "email", -7)
    assert send_due_messages(today=GO_LIVE - 8 * DAY) == 0  # not due yet
    assert send_due_messages(today=GO_LIVE - 7 * DAY) == 1
    assert sorted(m.recipients[0] for m in smtp_server.messages) == [
        "ana@acme.example",
        "ben@acme.example",
    ]
    body = smtp_server.messages[0].body("plain")
    assert "/o/acme/change/ack/s/" in body and "never who" in body
    message.refresh_from_db()
    assert (message.state, message.reached) == ("sent", 2)
    assert send_due_messages(today=GO_LIVE) == 0  # never twice


def test_moving_the_phase_moves_the_day_a_message_goes_out(world, desktop, smtp_server):
    ana = world.people["Ana"]
    ana.email = "ana@acme.example"
    ana.save()
    phase = lisbon(desktop)
    plan(phase, "email", -7)
    move_phase(phase, phase.start, GO_LIVE + 14 * DAY, phase.sustain_until)
    assert send_due_messages(today=GO_LIVE - 7 * DAY) == 0
    assert send_due_messages(today=GO_LIVE + 7 * DAY) == 1


def test_chat_messages_post_to_the_webhook_with_a_team_picker(
    world, desktop, webhook_server, client
):
    update_settings(world.org, {"slack_webhook": webhook_server.url})
    message = plan(lisbon(desktop), "slack", -3)
    send_due_messages(today=GO_LIVE)
    (posted,) = webhook_server.requests
    button = posted["json"]["blocks"][2]["elements"][0]
    assert button["text"]["text"] == "Got it / I have a question"
    picker = client.get(button["url"].split("8000", 1)[-1])
    assert picker.status_code == 200
    assert (
        "Team Lisbon 1" in picker.content.decode() and "Team Home 1" not in picker.content.decode()
    )
    message.refresh_from_db()
    assert message.state == "sent"


def test_a_chat_message_without_a_webhook_is_logged_as_failed(world, desktop):
    message = plan(lisbon(desktop), "teams", -3)
    send_due_messages(today=GO_LIVE)
    message.refresh_from_db()
    assert message.state == "failed"
    assert message.error == "No Microsoft Teams webhook in the change settings."


def test_champions_get_the_huddle_points_two_days_early(world, desktop, smtp_server):
    ana = world.people["Ana"]
    ana.email = "ana@acme.example"
    ana.save()
    add_champion(desktop, ana)
    message = plan(lisbon(desktop), "huddle", 0)
    send_due_messages(today=GO_LIVE - 3 * DAY)
    assert smtp_server.messages == []
    send_due_messages(today=GO_LIVE - 2 * DAY)
    (mail,) = smtp_server.messages
    assert mail.message["Subject"] == "Talking points for your team: huddle 0"
    message.refresh_from_db()
    assert message.state == "planned"  # the teams get it on its day
    send_due_messages(today=GO_LIVE)
    message.refresh_from_db()
    assert (message.state, message.reached) == ("sent", 2)  # two teams in Lisbon
    assert len(smtp_server.messages) == 1


def sent_message(desktop, days_ago=1, channel="poster"):
    message = plan(lisbon(desktop), channel, -7)
    Message.objects.filter(pk=message.pk).update(
        state="sent", sent_at=timezone.now() - days_ago * DAY
    )
    message.refresh_from_db()
    return message


def test_a_personal_link_counts_one_answer_and_keeps_only_a_hash(world, desktop, client):
    message = sent_message(desktop)
    ana = world.people["Ana"]
    path = personal_link(message, ana).split("8000", 1)[-1]
    assert "Did this reach you?" in client.get(path).content.decode()
    assert "counted, not named" in client.post(path, {"answer": "got_it"}).content.decode()
    assert (
        "answered this message already"
        in client.post(path, {"answer": "question"}).content.decode()
    )
    (count,) = AckCount.objects.all()
    assert (count.unit, count.answer, count.count) == (world.team1, "got_it", 1)
    # The voter row holds a keyed hash and nothing else: no person, no unit, no time.
    assert [f.name for f in AckVoter._meta.fields] == ["id", "message", "key_hash"]
    (voter,) = AckVoter.objects.values_list("key_hash", flat=True)
    assert (
        voter
        == hmac.new(
            settings.SECRET_KEY.encode(),
            f"twoway-change-ack:{message.pk}:{ana.pk}".encode(),
            hashlib.sha256,
        ).hexdigest()
    )


def test_a_team_code_counts_once_per_browser_and_never_more_than_the_team(world, desktop, client):
    message = sent_message(desktop)
    code = next(c for c in ack_codes(message) if c.unit == world.team2)  # Tina, Dan, Eva
    path = f"/o/acme/change/ack/{code.code}/"
    client.post(path, {"answer": "question"})
    client.post(path, {"answer": "question"})  # the same browser: ignored
    assert AckCount.objects.get().count == 1
    for _ in range(5):
        client.cookies.clear()
        client.post(path, {"answer": "got_it"})
    assert sum(AckCount.objects.values_list("count", flat=True)) == 3  # the team's 3 people


def test_answers_close_a_week_after_the_message(world, desktop, client):
    message = sent_message(desktop, days_ago=ACK_DAYS + 1)
    code = ack_codes(message)[0]
    assert client.get(f"/o/acme/change/ack/{code.code}/").status_code == 410
    assert client.get("/o/acme/change/ack/NOSUCHCODE/").status_code == 404
    assert client.get("/o/acme/change/ack/s/forged:token/").status_code == 404


def test_an_agent_answers_from_their_own_page(world, desktop, login):
    message = sent_message(desktop)
    client = login(world.agent)
    text = client.get("/o/acme/change/desktop/").content.decode()
    assert message.title in text and "I have a question" in text
    client.post(f"/o/acme/change/desktop/messages/{message.pk}/ack/", {"answer": "got_it"})
    assert "You answered this one" in client.get("/o/acme/change/desktop/").content.decode()
    assert AckCount.objects.get().unit == world.team1
    assert client.get("/o/acme/change/desktop/coverage/").status_code == 302  # not for agents


def shown_counts(text: str) -> dict[str, int]:
    return {m[0]: int(m[1]) for m in re.findall(r"<li>([^:<]+): (\d+) answers", text)}


def test_acknowledgements_show_per_unit_only_at_k_and_never_by_subtraction(world, desktop, login):
    message = sent_message(desktop, days_ago=ACK_DAYS + 1)
    home_message = sent_message(desktop, days_ago=ACK_DAYS + 1)
    Message.objects.filter(pk=home_message.pk).update(phase=desktop.phases.get(name="Work at Home"))
    for unit, n in ((world.team1, 4), (world.team2, 6)):
        for i in range(n):
            record_ack(message, unit, "got_it" if i % 2 else "question")
    text = coverage_text(login(world.director))
    shown = shown_counts(text)
    k = 5
    assert all(n >= k for n in shown.values())
    assert "Lisbon / Team Lisbon 1" not in shown  # 4 answers
    assert shown  # and what can be shown is
    # No + / - combination of the figures shown isolates 1 to 4 people of one team.
    values = list(shown.values())
    for signs in itertools.product((-1, 0, 1), repeat=len(values)):
        total = sum(s * v for s, v in zip(signs, values, strict=True))
        assert not 0 < total < k or sum(map(abs, signs)) == 0


def test_acknowledgements_stay_hidden_while_answers_are_open(world, desktop, login):
    message = sent_message(desktop, days_ago=1)
    for _ in range(8):
        record_ack(message, world.team1, "got_it")
    text = coverage_text(login(world.director))
    assert "answers open until" in text and "8 answers" not in text


def test_posters_carry_each_teams_qr_code(world, desktop, login):
    message = sent_message(desktop, channel="poster")
    response = login(world.director).get(f"/o/acme/change/desktop/messages/{message.pk}/posters/")
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count('class="qr"') == 2 and "Team Lisbon 1" in text and "Team Lisbon 2" in text


def test_a_team_lead_sees_the_coverage_of_the_phase_that_reaches_their_team(world, desktop, login):
    plan(lisbon(desktop), "email", -7)
    plan(desktop.phases.get(name="Work at Home"), "email", -7)
    text = coverage_text(login(world.team_lead))  # Tom leads Team Lisbon 1
    assert "Lisbon: Lisbon" in text and "Work at Home: Work at Home" not in text
    assert text.count("email -7") == 1  # Lisbon's message only
