"""Answering by personal link and by team code: every refusal is clear, nothing is doubled."""

import datetime

import pytest
from django.utils import timezone

from tests.survey_fixtures import full_answers
from twoway.surveys.models import Answer, AnswerCount, Comment, Invitation, Response
from twoway.surveys.tokens import invitation_token

pytestmark = pytest.mark.django_db


def link_for(world, first_name):
    person = world.people[first_name]
    return f"/s/{invitation_token(world.campaign.pk, person.pk)}/"


def test_an_agent_answers_in_spanish_and_the_invitation_is_marked(diagnostic, client):
    url = link_for(diagnostic, "Ben")
    page = client.get(url + "?lang=es")
    assert page.status_code == 200
    assert "Tengo las herramientas" in page.content.decode()
    done = client.post(url, {**full_answers(diagnostic.campaign, 4, False), "lang": "es"})
    assert done.status_code == 302
    response = Response.objects.get()
    assert response.unit == diagnostic.team1 and not response.is_leader
    assert response.language == "es" and response.channel == "link"
    assert Invitation.objects.get(person=diagnostic.people["Ben"]).responded


def test_a_leader_answers_twice_per_item_believed_and_wanted(diagnostic, client):
    url = link_for(diagnostic, "Tom")
    body = client.get(url).content.decode()
    assert "Our agents" in body and "What we want" in body
    client.post(url, full_answers(diagnostic.campaign, 2, True))
    lenses = set(Answer.objects.values_list("lens", flat=True))
    assert lenses == {"leader_now", "leader_wanted"}
    assert Response.objects.get().is_leader


def test_a_second_submission_through_the_same_link_is_refused(diagnostic, client):
    url = link_for(diagnostic, "Ben")
    data = full_answers(diagnostic.campaign, 4, False)
    client.post(url, data)
    again = client.post(url, data)
    assert again.status_code == 409
    assert "already answered" in again.content.decode()
    assert Response.objects.count() == 1
    assert client.get(url).status_code == 409


def test_a_tampered_token_is_not_found(diagnostic, client):
    url = link_for(diagnostic, "Ben")
    response = client.get(url[:-3] + "x/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_a_closed_campaign_refuses_answers(diagnostic, client):
    campaign = diagnostic.campaign
    campaign.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    campaign.save()
    url = link_for(diagnostic, "Ben")
    response = client.post(url, full_answers(campaign, 4, False))
    assert response.status_code == 410
    assert "closed" in response.content.decode()
    assert not Response.objects.exists()
    assert not Invitation.objects.get(person=diagnostic.people["Ben"]).responded


def test_missing_and_out_of_range_answers_are_named_and_nothing_is_written(diagnostic, client):
    data = full_answers(diagnostic.campaign, 4, False)
    first, second = sorted(k for k in data if k.startswith("item-"))[:2]
    data[first] = "9"
    del data[second]
    response = client.post(link_for(diagnostic, "Ben"), data)
    assert response.status_code == 400
    errors = response.context["errors"]
    assert set(errors) == {first, second}
    assert "from 1 to 5" in errors[first]
    assert not Response.objects.exists() and not AnswerCount.objects.exists()
    assert not Invitation.objects.get(person=diagnostic.people["Ben"]).responded


def test_an_oversized_submission_is_refused(diagnostic, client):
    data = full_answers(diagnostic.campaign, 4, False)
    data["padding"] = "x" * 70_000
    response = client.post(link_for(diagnostic, "Ben"), data)
    assert response.status_code == 413
    assert not Response.objects.exists()


def test_comments_are_stored_redacted_of_roster_names_and_contacts(diagnostic, client):
    text = "Ask Tom Example or mail ana@acme.example, call +1 555 010 9999. E012 knows."
    client.post(link_for(diagnostic, "Ben"), full_answers(diagnostic.campaign, 4, False, text))
    comments = list(Comment.objects.all())
    assert comments
    for comment in comments:
        for secret in ("Tom", "ana@acme.example", "555 010 9999", "E012"):
            assert secret not in comment.redacted
        assert "[name]" in comment.redacted
        assert comment.text == text  # the original stays, for the organisation's records


def test_counts_follow_the_answers(diagnostic, client):
    client.post(link_for(diagnostic, "Ben"), full_answers(diagnostic.campaign, 4, False))
    client.post(link_for(diagnostic, "Cruz"), full_answers(diagnostic.campaign, 4, False))
    rating_items = Answer.objects.filter(value__isnull=False).values("item").distinct().count()
    counts = AnswerCount.objects.filter(value=4, lens="frontline")
    assert counts.count() == rating_items
    assert set(counts.values_list("count", flat=True)) == {2}


def code_of(world, unit):
    return world.campaign.kiosk_codes.get(unit=unit).code


def answer_by_code(client, world, unit, employee_id, value=2):
    """Type the employee ID on the team code's page, then send the questionnaire it shows."""
    url = f"/k/{code_of(world, unit)}/"
    page = client.post(url, {"employee_id": employee_id})
    if page.status_code != 200:
        return page
    claim, leader = page.context["claim"], page.context["is_leader"]
    return client.post(url, {**full_answers(world.campaign, value, leader), "claim": claim})


def test_a_team_code_asks_the_employee_id_then_takes_answers(diagnostic, client):
    start = client.get(f"/k/{code_of(diagnostic, diagnostic.team_home).lower()}/")
    assert start.status_code == 200 and "Your employee ID" in start.content.decode()
    done = answer_by_code(client, diagnostic, diagnostic.team_home, " e-031 ")  # Fay, any case
    assert done.status_code == 302
    response = Response.objects.get()
    assert response.channel == "kiosk" and response.unit == diagnostic.team_home
    assert response.work_location == "remote"  # Fay's attributes, as on her link
    assert Invitation.objects.get(person=diagnostic.people["Fay"]).responded


def test_one_person_answers_once_through_the_code_and_the_link_together(diagnostic, client):
    assert answer_by_code(client, diagnostic, diagnostic.team_home, "E031").status_code == 302
    again = answer_by_code(client, diagnostic, diagnostic.team_home, "E031")
    assert again.status_code == 409 and "already answered" in again.content.decode()
    link = client.post(link_for(diagnostic, "Fay"), full_answers(diagnostic.campaign, 4, False))
    assert link.status_code == 409
    assert Response.objects.count() == 1


def test_a_team_code_never_takes_more_answers_than_the_team_has_people(diagnostic, client):
    home = diagnostic.team_home  # Theo (who leads it and answers as a leader), Fay, Gus
    statuses = [
        answer_by_code(client, diagnostic, home, eid).status_code
        for eid in ("E030", "E031", "E032", "E031", "E011", "X999")
    ]
    assert statuses == [302, 302, 302, 409, 400, 400]  # Ana (E011) is on another team
    assert Response.objects.count() == 3


def test_a_wrong_employee_id_says_so_on_the_field_and_keeps_it(diagnostic, client):
    url = f"/k/{code_of(diagnostic, diagnostic.team_home)}/"
    page = client.post(url, {"employee_id": "E0311"})
    body = page.content.decode()
    assert page.status_code == 400 and 'aria-invalid="true"' in body
    assert "not on the list of Team Home 1" in body and 'value="E0311"' in body


def test_a_forged_or_foreign_claim_is_refused(diagnostic, client):
    home = f"/k/{code_of(diagnostic, diagnostic.team_home)}/"
    team1 = f"/k/{code_of(diagnostic, diagnostic.team1)}/"
    claim = client.post(team1, {"employee_id": "E012"}).context["claim"]  # Ben, Team Lisbon 1
    answers = full_answers(diagnostic.campaign, 2, False)
    assert client.post(home, {**answers, "claim": claim}).status_code == 400
    assert client.post(team1, {**answers, "claim": claim + "x"}).status_code == 400
    assert not Response.objects.exists()


def test_trying_ids_in_bulk_is_stopped(diagnostic, client):
    url = f"/k/{code_of(diagnostic, diagnostic.team_home)}/"
    statuses = {client.post(url, {"employee_id": f"G{i}"}).status_code for i in range(25)}
    assert statuses == {400, 429}


def test_an_unknown_team_code_says_so_and_offers_the_field_again(client, diagnostic):
    response = client.get("/k/NOPE42/")
    body = response.content.decode()
    assert response.status_code == 404 and "No survey has this code" in body
    assert 'name="code"' in body and 'value="NOPE42"' in body


def test_the_answer_page_speaks_the_persons_language(diagnostic, client):
    body = client.get(link_for(diagnostic, "Ben") + "?lang=es").content.decode()
    assert "Enviar mis respuestas" in body and "Tus respuestas son anónimas" in body
    assert 'lang="es"' in body


def test_a_closed_campaign_says_so_in_spanish(diagnostic, client):
    campaign = diagnostic.campaign
    campaign.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    campaign.save()
    body = client.get(link_for(diagnostic, "Ben") + "?lang=es").content.decode()
    assert "Esta encuesta ya cerró" in body


def test_no_log_line_carries_an_invitation_token(diagnostic, client):
    import io
    import logging

    from twoway.logfilters import MaskInvitationTokens

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskInvitationTokens())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        url = link_for(diagnostic, "Ben")
        client.post(url, full_answers(diagnostic.campaign, 4, False))
        client.post(url, full_answers(diagnostic.campaign, 4, False))  # 409, logged
    finally:
        logger.removeHandler(handler)
    logged = stream.getvalue()
    assert "/s/<token>/" in logged
    assert url.split("/")[2] not in logged
    configured = [f for h in logging.getLogger().handlers for f in h.filters]
    assert any(isinstance(f, MaskInvitationTokens) for f in configured)  # on the real handler
