"""Voting one statement at a time: signed in, by a personal link and by a team code; new
statements; and every bad input answered with a clear message, never a 500."""

from __future__ import annotations

import re

import pytest

from tests.conversations.conftest import SEEDS, close, open_conversation
from tests.factories import make_account
from twoway.conversations.models import Participant, Statement, Vote
from twoway.conversations.services import voter_key
from twoway.surveys.models import KioskCode
from twoway.surveys.services import launch_campaign
from twoway.surveys.tokens import invitation_token


def vote_url(world):
    return f"/o/acme/conversations/{world.conversation.pk}/vote/"


def post_vote(client, url, statement, value, **extra):
    return client.post(url, {"action": "vote", "statement": statement, "vote": value, **extra})


def shown_statement(response) -> int:
    match = re.search(r'name="statement" value="(\d+)"', response.content.decode())
    assert match, "the page shows no statement to vote on"
    return int(match.group(1))


def test_an_agent_votes_and_gets_the_next_statement(world, conversation, login):
    client = login(world.agent)
    first = shown_statement(client.get(vote_url(world)))
    response = client.post(vote_url(world), {"action": "vote", "statement": first, "vote": "1"})
    assert response.status_code == 200
    assert "Vote counted." in response.content.decode()
    assert shown_statement(response) != first
    assert "You have voted on 1 statement of 10." in response.content.decode()
    vote = Vote.objects.get()
    assert (vote.statement_id, vote.value) == (first, 1)


def test_a_vote_stores_no_person_and_no_time(world, conversation, login, settings):
    client = login(world.agent)
    statement = shown_statement(client.get(vote_url(world)))
    post_vote(client, vote_url(world), statement, "-1")
    participant = Participant.objects.get()
    ana = world.people["Ana"]
    assert participant.voter_key == voter_key(conversation, ana)
    settings.SECRET_KEY = "another secret"
    assert participant.voter_key != voter_key(conversation, ana)  # keyed: useless without it
    fields = {f.name for f in Vote._meta.get_fields()} | {
        f.name for f in Participant._meta.get_fields()
    }
    assert not fields & {"person", "user", "created_at", "voted_at", "at", "submitted_on"}
    assert participant.pk > 10**9  # a random id says nothing of who came first


def test_every_statement_is_asked_once_then_the_page_says_so(world, conversation, login):
    client = login(world.agent)
    seen = []
    response = client.get(vote_url(world))
    for _ in SEEDS:
        statement = shown_statement(response)
        seen.append(statement)
        response = client.post(
            vote_url(world), {"action": "vote", "statement": statement, "vote": "0"}
        )
    assert len(set(seen)) == len(SEEDS)
    assert "You have voted on every statement so far" in response.content.decode()


def test_a_second_vote_on_a_statement_is_refused(world, conversation, login):
    client = login(world.agent)
    statement = shown_statement(client.get(vote_url(world)))
    post_vote(client, vote_url(world), statement, "1")
    again = post_vote(client, vote_url(world), statement, "-1")
    assert again.status_code == 409
    assert "You have already voted on this statement." in again.content.decode()
    assert Vote.objects.get().value == 1


@pytest.mark.parametrize("value", ["2", "yes", "", "-2"])
def test_a_vote_outside_agree_disagree_pass_is_refused(world, conversation, login, value):
    client = login(world.agent)
    statement = shown_statement(client.get(vote_url(world)))
    response = client.post(
        vote_url(world), {"action": "vote", "statement": statement, "vote": value}
    )
    assert response.status_code == 400
    assert "A vote is agree (1), disagree (-1) or pass (0)." in response.content.decode()
    assert not Vote.objects.exists()


def test_an_unknown_statement_is_refused(world, conversation, login):
    other = open_conversation(world)
    stranger = Statement.objects.filter(conversation=other).first()
    client = login(world.agent)
    for statement in (stranger.pk, 999999, "abc"):
        response = client.post(
            vote_url(world), {"action": "vote", "statement": statement, "vote": "1"}
        )
        assert response.status_code == 404
        assert "That statement is not part of this conversation." in response.content.decode()
    assert not Vote.objects.exists()


def test_a_vote_after_close_is_refused(world, conversation, login):
    client = login(world.agent)
    statement = shown_statement(client.get(vote_url(world)))
    close(conversation)
    response = post_vote(client, vote_url(world), statement, "1")
    assert response.status_code == 410
    assert "This conversation has closed." in response.content.decode()
    assert not Vote.objects.exists()


def test_a_statement_is_redacted_and_shown_without_its_author(world, conversation, login):
    client = login(world.agent)
    text = "Ben Example says customers hate holding; call him on +34 612 345 678"
    response = client.post(vote_url(world), {"action": "statement", "text": text})
    assert "Your statement is now shown to others" in response.content.decode()
    added = Statement.objects.get(conversation=conversation, is_seed=False)
    assert "Ben" not in added.text and "612" not in added.text
    assert "[name]" in added.text and "[phone]" in added.text
    assert added.signed_by == ""
    assert Participant.objects.get().statements_added == 1


def test_an_author_may_sign_a_statement(world, conversation, login):
    login(world.agent).post(
        vote_url(world),
        {"action": "statement", "text": "Let us greet customers by name", "signed": "on"},
    )
    assert Statement.objects.get(is_seed=False).signed_by == "Ana Example"


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Write a statement before sending it."),
        ("   ", "Write a statement before sending it."),
        ("x" * 401, "Keep a statement to 400 characters; this one has 401."),
    ],
)
def test_an_empty_or_long_statement_is_refused_naming_the_field(
    world, conversation, login, text, message
):
    response = login(world.agent).post(vote_url(world), {"action": "statement", "text": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'id="draft-error"' in html and 'aria-invalid="true"' in html
    assert not Statement.objects.filter(is_seed=False).exists()


def test_premoderated_statements_wait_for_a_leader(world, login):
    world.conversation = open_conversation(world, premoderate=True)
    client = login(world.agent)
    response = client.post(vote_url(world), {"action": "statement", "text": "Offer a callback"})
    assert "once the organisers have read it" in response.content.decode()
    pending = Statement.objects.get(is_seed=False)
    assert pending.status == Statement.Status.PENDING
    page = login(world.admin).get(f"/o/acme/conversations/{world.conversation.pk}/")
    assert "Offer a callback" in page.content.decode()
    url = f"/o/acme/conversations/{world.conversation.pk}/statements/{pending.pk}/moderate/"
    login(world.admin).post(url, {"decision": "accept"})
    pending.refresh_from_db()
    assert pending.status == Statement.Status.ACCEPTED


def test_a_team_lead_cannot_moderate_a_center_wide_conversation(world, login):
    world.conversation = open_conversation(world, premoderate=True)
    statement = Statement.objects.filter(conversation=world.conversation).first()
    url = f"/o/acme/conversations/{world.conversation.pk}/statements/{statement.pk}/moderate/"
    assert login(world.team_lead).post(url, {"decision": "reject"}).status_code == 404


def test_similar_statements_are_offered_while_typing(world, conversation, login):
    response = login(world.agent).post(
        vote_url(world) + "similar/", {"text": "customers should reach a real person, no menus"}
    )
    assert "Customers should reach a person without pressing through five menus" in (
        response.content.decode()
    )


def test_someone_outside_the_audience_cannot_vote(world, login):
    world.conversation = open_conversation(world, units=[world.home])
    assert login(world.agent).get(vote_url(world)).status_code == 404
    assert login(world.outsider).get(vote_url(world)).status_code == 404


def test_a_personal_link_of_the_pulse_or_diagnostic_opens_the_vote(diagnostic, login, client):
    world = diagnostic
    world.conversation = open_conversation(world)
    ben = world.people["Ben"]
    token = invitation_token(world.campaign.pk, ben.pk)
    url = f"/c/{world.conversation.pk}/s/{token}/"
    statement = shown_statement(client.get(url))
    post_vote(client, url, statement, "1")
    assert Participant.objects.get().voter_key == voter_key(world.conversation, ben)
    assert client.get(f"/c/{world.conversation.pk}/s/not-a-token/").status_code == 404


def test_a_team_code_asks_the_employee_id_of_someone_in_that_team(diagnostic, client):
    world = diagnostic
    world.conversation = open_conversation(world)
    code = KioskCode.objects.get(campaign=world.campaign, unit=world.team1).code
    url = f"/c/{world.conversation.pk}/k/{code}/"
    assert "Your employee ID" in client.get(url).content.decode()
    wrong = client.post(url, {"employee_id": "E021"})  # Dan is in Team Lisbon 2
    assert wrong.status_code == 400
    assert "That employee ID is not one of Team Lisbon 1." in wrong.content.decode()
    page = client.post(url, {"employee_id": "e012"})  # Ben, any case
    pass_ = re.search(r'name="voter" value="([^"]+)"', page.content.decode()).group(1)
    statement = shown_statement(page)
    voted = client.post(
        url, {"voter": pass_, "action": "vote", "statement": statement, "vote": "1"}
    )
    assert "Vote counted." in voted.content.decode()
    assert Participant.objects.get().voter_key == voter_key(world.conversation, world.people["Ben"])


def test_guessing_employee_ids_is_paused(diagnostic, client, monkeypatch):
    monkeypatch.setattr("twoway.surveys.kiosk.KIOSK_LIMIT", 5)  # the code's own limit
    world = diagnostic
    world.conversation = open_conversation(world)
    code = KioskCode.objects.get(campaign=world.campaign, unit=world.team1).code
    url = f"/c/{world.conversation.pk}/k/{code}/"
    for guess in range(5):
        client.post(url, {"employee_id": f"X{guess}"})
    assert client.post(url, {"employee_id": "E012"}).status_code == 429


def test_a_forged_team_code_pass_asks_for_the_id_again(diagnostic, client):
    world = diagnostic
    world.conversation = open_conversation(world)
    code = KioskCode.objects.get(campaign=world.campaign, unit=world.team1).code
    response = client.post(f"/c/{world.conversation.pk}/k/{code}/", {"voter": "forged"})
    assert "Please enter your employee ID again." in response.content.decode()


def test_an_unknown_team_code_says_so(world, conversation, client):
    response = client.get(f"/c/{conversation.pk}/k/NOSUCH/")
    assert response.status_code == 404
    assert "No team has this code." in response.content.decode()


def test_a_conversation_not_yet_open_takes_no_votes(world, conversation, login):
    import datetime

    from django.utils import timezone

    conversation.opens_at = timezone.now() + datetime.timedelta(days=1)
    conversation.save(update_fields=["opens_at"])
    response = login(world.agent).get(vote_url(world))
    assert response.status_code == 403
    assert "This conversation is not open yet." in response.content.decode()


def test_the_launch_of_a_campaign_gives_teams_codes_the_conversation_page_lists(diagnostic, login):
    world = diagnostic
    world.conversation = open_conversation(world)
    make_account("tina", world.org, person=world.people["Tina"])
    launch_campaign(world.campaign)
    page = login(world.director).get(f"/o/acme/conversations/{world.conversation.pk}/")
    html = page.content.decode()
    assert "Team links" in html
    assert f"/c/{world.conversation.pk}/k/" in html


def test_the_voting_page_speaks_the_persons_language(diagnostic, client):
    world = diagnostic
    world.conversation = open_conversation(world)
    ben = world.people["Ben"]
    ben.language = "es"
    ben.save(update_fields=["language"])
    url = f"/c/{world.conversation.pk}/s/{invitation_token(world.campaign.pk, ben.pk)}/"
    html = client.get(url).content.decode()
    assert "De acuerdo" in html and "Añadir una afirmación" in html
    assert "Has votado 0 afirmaciones de 10." in html
