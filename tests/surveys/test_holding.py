"""Held answers: written with a shuffled batch of others, apart from the invitation's claim, so
that not even the database joins a response to its person (docs/privacy.md)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from tests.survey_fixtures import full_answers
from twoway.surveys.holding import flush_closed, seal, unseal
from twoway.surveys.models import Comment, HeldResponse, Invitation, Response
from twoway.surveys.tokens import invitation_token

pytestmark = pytest.mark.django_db
AGENTS = ("Ana", "Ben", "Cruz", "Dan", "Eva", "Fay", "Gus")


@pytest.fixture
def batch_of_five(settings):
    settings.RESPONSE_BATCH = 5


def send(client, world, name, comment=""):
    campaign = world.campaign
    url = f"/s/{invitation_token(campaign.pk, world.people[name].pk)}/"
    data = full_answers(campaign, 3, False, comment=comment)
    assert client.post(url, data).status_code == 302


def test_answers_wait_sealed_until_a_batch_has_gathered(diagnostic, client, batch_of_five):
    for name in AGENTS[:4]:
        send(client, diagnostic, name, comment=f"{name} wrote about the queue tool")
    assert not Response.objects.exists() and not Comment.objects.exists()
    held = list(HeldResponse.objects.values_list("payload", flat=True))
    assert len(held) == 4
    assert all(b"queue tool" not in bytes(p) and b'"ratings"' not in bytes(p) for p in held)
    assert Invitation.objects.filter(responded=True).count() == 4  # claimed at once
    send(client, diagnostic, AGENTS[4])
    assert Response.objects.count() == 5 and not HeldResponse.objects.exists()
    assert Comment.objects.values("response").distinct().count() == 4


def test_a_batch_is_written_in_an_order_that_is_not_arrival(diagnostic, client, settings):
    settings.RESPONSE_BATCH = len(AGENTS)
    for name in AGENTS:
        send(client, diagnostic, name, comment=f"arrived as {name}")
    firsts = {}
    for comment in Comment.objects.order_by("response_id", "pk"):
        firsts.setdefault(comment.response_id, comment.text)
    written = list(firsts.values())
    assert sorted(written) == sorted(f"arrived as {name}" for name in AGENTS)
    # 1 chance in 5,040 that a fair shuffle keeps arrival order; SystemRandom is not seeded.
    assert written != [f"arrived as {name}" for name in AGENTS]


def test_a_closed_campaign_writes_its_last_smaller_batch(diagnostic, client, batch_of_five):
    for name in AGENTS[:3]:
        send(client, diagnostic, name)
    campaign = diagnostic.campaign
    campaign.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    campaign.save(update_fields=["closes_at"])
    assert flush_closed() == 3
    assert Response.objects.count() == 3


def test_results_include_answers_still_held_when_the_campaign_closed(answered, login, settings):
    settings.RESPONSE_BATCH = 100  # nothing flushed by the answers themselves
    from twoway.surveys.results import stored_records

    HeldResponse.objects.all().delete()
    records = stored_records(answered.campaign, "now", None)
    assert any(not r["suppressed"] for r in records)


def test_a_sealed_answer_reads_back_only_with_the_servers_key(settings):
    sealed = seal({"ratings": [[1, "frontline", 4]]})
    assert unseal(sealed) == {"ratings": [[1, "frontline", 4]]}
    settings.SECRET_KEY = "another key entirely"
    with pytest.raises(Exception):  # noqa: B017 (cryptography's InvalidTag)
        unseal(sealed)


def test_did_it_help_counts_move_only_with_the_batch(world, client, settings):
    from tests.followups.test_feedback import opened, published_days_ago
    from tests.pulse.helpers import weekly_schedule
    from twoway.followups.models import Action, ActionFeedback

    schedule = weekly_schedule(world.org)
    settings.RESPONSE_BATCH = 2
    action = published_days_ago(
        Action.objects.create(organisation=world.org, unit=world.team1, what="Fix rotas",
                              we_did="Rotas now go out", status="done",
                              published_at=timezone.now()),
        3,
    )  # fmt: skip
    campaign = opened(schedule, 1, 1)
    posted = []
    for name in ("Ana", "Ben"):
        url = f"/s/{invitation_token(campaign.pk, world.people[name].pk)}/"
        data = {**full_answers(campaign, 4, False), f"helped-{action.pk}": "yes"}
        for item in campaign.template.items.filter(kind="choice"):
            data[f"item-{item.code}"] = item.choices[0]["code"]
        posted.append(client.post(url, data).status_code)
        counted = sum(ActionFeedback.objects.values_list("count", flat=True))
        assert counted == (0 if len(posted) == 1 else 2)
    assert posted == [302, 302]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="transaction ids are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_the_claim_and_the_response_never_share_a_transaction(diagnostic, client, settings):
    settings.RESPONSE_BATCH = 2
    for name in ("Ana", "Ben"):
        send(client, diagnostic, name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM surveys_invitation WHERE responded")
        claims = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT xmin::text FROM surveys_response")
        responses = {row[0] for row in cursor.fetchall()}
    assert len(claims) == 2 and len(responses) == 1  # one batch, one transaction
    assert not claims & responses


def test_a_flush_is_asked_for_when_a_batch_gathers_and_now_and_then_during_a_backlog(settings):
    from twoway.surveys.holding import COUNT_TO, worth_a_flush

    settings.RESPONSE_BATCH = 10
    assert [held for held in range(COUNT_TO * 10 + 1) if worth_a_flush(held, 7)] == [10]
    # A backlog (counted up to 2 batches) asks on one ticket in 160.
    backlog = [ticket for ticket in range(1, 1_000) if worth_a_flush(COUNT_TO * 10, ticket)]
    assert backlog == [160, 320, 480, 640, 800, 960]


def test_a_backlog_is_written_in_transactions_of_bounded_size(
    diagnostic, client, monkeypatch, settings
):
    from twoway.surveys import holding

    monkeypatch.setattr(holding, "MOST_PER_TRANSACTION", 3)
    settings.RESPONSE_BATCH = 100  # the answers ask for no flush
    for name in AGENTS:
        send(client, diagnostic, name)
    settings.RESPONSE_BATCH = 2
    transactions = []
    write_batch = holding._write_batch

    def counted(campaign, batch):
        transactions.append(len(batch.responses))
        write_batch(campaign, batch)

    monkeypatch.setattr(holding, "_write_batch", counted)
    assert holding.flush_held(diagnostic.campaign.pk) == 6
    assert transactions == [3, 3]  # and the seventh waits for a second answer to join it
    assert HeldResponse.objects.count() == 1 and Response.objects.count() == 6


def test_answers_another_flush_wrote_meanwhile_are_not_written_twice(
    diagnostic, client, monkeypatch, settings
):
    from twoway.surveys import holding

    settings.RESPONSE_BATCH = 100
    for name in AGENTS[:4]:
        send(client, diagnostic, name)
    settings.RESPONSE_BATCH = 2
    prepare = holding._prepare_batch
    others = []

    def overtaken(campaign, payloads):
        if not others:  # a second worker flushes the same rows while this one prepares
            others.append(None)
            others.append(holding.flush_held(campaign.pk))
        return prepare(campaign, payloads)

    monkeypatch.setattr(holding, "_prepare_batch", overtaken)
    assert holding.flush_held(diagnostic.campaign.pk) == 0
    assert others == [None, 4] and Response.objects.count() == 4
    assert not HeldResponse.objects.exists()
