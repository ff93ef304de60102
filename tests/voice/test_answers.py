"""Leaders answer in public; the author's receipt, the voters' page and the unit's channel
hear of every change; "build the case" opens a prefilled business case."""

import pytest

from tests.factories import make_account
from tests.voice.conftest import WORKAROUND
from twoway.cases.models import BusinessCase
from twoway.followups.models import Action
from twoway.voice.models import Answer, Post, UnitChannel, VoiceSettings


def status_url(post):
    return f"/o/acme/voice/p/{post.code}/status/"


def receipt_of(response) -> str:
    page = response.content.decode()
    start = page.index("/v/receipt/s/")
    return page[start : page.index('"', start)]


def test_a_leader_answers_and_the_authors_receipt_shows_it(world, login, client):
    receipt = receipt_of(login(world.agent).post("/o/acme/voice/new/", WORKAROUND))
    post = Post.objects.get()
    lead = login(world.director)  # Dora leads Lisbon, where the post is labelled
    response = lead.post(
        status_url(post), {"status": "planned", "text": "We test a new save button in May."}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == "planned"
    client.logout()
    page = client.get(receipt).content.decode()
    assert "Planned" in page and "We test a new save button in May." in page
    assert "Dora Example, Director" in page


def test_done_and_declined_need_an_official_answer(world, login, post_as):
    post = post_as().post
    for status in ("done", "declined"):
        response = login(world.director).post(status_url(post), {"status": status, "text": " "})
        assert response.status_code == 400 and "need an answer" in response.content.decode()
    assert not Answer.objects.exists()
    post.refresh_from_db()
    assert post.status == "new"


def test_a_done_post_can_link_an_action_of_the_organisation(world, login, post_as):
    post = post_as().post
    action = Action.objects.create(organisation=world.org, unit=world.team1, what="Fix it")
    client = login(world.director)
    response = client.post(
        status_url(post), {"status": "done", "text": "Fixed.", "action": "999999"}
    )
    assert (
        response.status_code == 400
        and "No action of this organisation" in response.content.decode()
    )
    client.post(status_url(post), {"status": "done", "text": "Fixed.", "action": str(action.pk)})
    post.refresh_from_db()
    assert post.action == action and post.status == "done"
    board = client.get("/o/acme/voice/?status=done").content.decode()
    assert post.title in board and "Fixed." in board  # "you said, we did"


def test_leaders_answer_only_within_their_scope(world, login, post_as):
    post = post_as().post  # labelled Lisbon
    assert login(world.team_lead).post(status_url(post), {"status": "planned"}).status_code == 404
    assert login(world.manager).post(status_url(post), {"status": "planned"}).status_code == 404
    assert login(world.agent).post(status_url(post), {"status": "planned"}).status_code == 404
    assert login(world.outsider).post(status_url(post), {"status": "planned"}).status_code == 404


def test_every_change_goes_to_the_units_channel_naming_nobody(
    world, login, post_as, webhook_server
):
    UnitChannel.objects.create(
        unit=world.lisbon, webhook_url=webhook_server.url, webhook_kind="slack"
    )
    post = post_as("Headsets drop the call").post
    login(world.director).post(
        status_url(post), {"status": "in_progress", "text": "New headsets ordered."}
    )
    assert len(webhook_server.requests) == 1
    body = str(webhook_server.requests[0]["json"])
    assert "Headsets drop the call" in body and "in progress" in body
    assert "New headsets ordered." in body and f"/o/acme/voice/p/{post.code}/" in body
    assert "Ana" not in body and "E011" not in body


def test_the_organisations_webhook_serves_units_without_a_channel(
    world, login, post_as, webhook_server
):
    VoiceSettings.objects.create(
        organisation=world.org, webhook_url=webhook_server.url, webhook_kind="teams"
    )
    post = post_as().post
    login(world.admin).post(status_url(post), {"status": "declined", "text": "Out of budget."})
    assert webhook_server.requests and webhook_server.requests[0]["json"]["type"] == "message"


def test_voters_follow_the_news_on_their_own_page(world, login, post_as, votes):
    post = votes(post_as("Headsets drop the call").post, ["Ben"])
    login(world.director).post(status_url(post), {"status": "planned", "text": "Ordered."})
    ben = login(make_account("ben", world.org, person=world.people["Ben"]))
    page = ben.get("/o/acme/voice/mine/").content.decode()
    assert "Headsets drop the call" in page and "Ordered." in page
    assert "Headsets" not in login(world.agent).get("/o/acme/voice/mine/").content.decode()


def test_build_the_case_opens_a_business_case_prefilled_from_the_workaround(
    world, login, post_as, votes
):
    world.org.anonymity_threshold = 3
    world.org.save(update_fields=["anonymity_threshold"])
    post = post_as("Copying notes by hand", kind="workaround").post
    votes(post, ["Ben", "Cruz", "Dan"], minutes=4)
    response = login(world.director).post(f"/o/acme/voice/p/{post.code}/case/")
    case = BusinessCase.objects.get()
    assert response["Location"] == f"/o/acme/cases/{case.pk}/"
    workaround = case.data["workarounds"][0]
    # Three voters (k = 3) said 4 minutes: their median replaces the author's 2.
    assert workaround["minutes_lost_per_occurrence"] == 4
    assert workaround["occurrences_per_agent_per_day"] == 3 and workaround["agents_affected"] == 20
    assert case.name == "Case: Copying notes by hand"
    post.refresh_from_db()
    assert post.business_case == case
    again = login(world.director).post(f"/o/acme/voice/p/{post.code}/case/")
    assert again["Location"] == response["Location"] and BusinessCase.objects.count() == 1


def test_a_leaders_need_builds_a_case_that_carries_its_text(world, login, post_as):
    post = post_as(
        "Coaching time", kind="leader_need", person=world.people["Dora"], body="Two hours a week"
    ).post
    # Dora's anonymous post is labelled where 5 leaders sit, the center: an admin answers it.
    login(world.admin).post(f"/o/acme/voice/p/{post.code}/case/")
    case = BusinessCase.objects.get()
    assert "Two hours a week" in case.data["description"] and case.data["workarounds"] == []


@pytest.mark.parametrize("user", ["agent", "team_lead"])
def test_build_the_case_is_for_leaders_of_the_posts_unit(world, login, post_as, user):
    post = post_as(kind="workaround").post
    assert login(getattr(world, user)).post(f"/o/acme/voice/p/{post.code}/case/").status_code == 404
    assert not BusinessCase.objects.exists()
