"""Posting from a phone, signed in: anonymous by default, labelled with a unit of k people,
priced, and every bad input refused on its field with nothing written."""

import pytest

from tests.voice.conftest import WORKAROUND
from twoway.voice.models import Post

NEW = "/o/acme/voice/new/"


def test_an_agent_posts_a_workaround_anonymously_and_it_is_priced(world, login):
    client = login(world.agent)
    response = client.post(NEW, WORKAROUND)
    assert response.status_code == 200
    page = response.content.decode()
    assert "/v/receipt/s/" in page  # the private receipt link, shown once
    post = Post.objects.get()
    assert post.author is None and not post.is_leader
    # Team Lisbon 1 has 3 frontline people, under k = 5: the post is labelled Lisbon (5).
    assert post.unit == world.lisbon
    # 1.5 min x 4 a shift x 40 people = 240 min a day; x 230 / 60 = 920 h; x $30 = $27,600.
    assert post.cost_per_year == pytest.approx(27_600)
    board = client.get("/o/acme/voice/?sort=money").content.decode()
    assert "The CRM freezes when I save call notes" in board and "$27,600" in board


def test_signing_is_a_choice_made_on_the_form(world, login):
    client = login(world.agent)
    client.post(NEW, {**WORKAROUND, "signed": "on"})
    post = Post.objects.get()
    assert post.author == world.people["Ana"]
    page = client.get(f"/o/acme/voice/p/{post.code}/").content.decode()
    assert "signed by Ana Example" in page


def test_the_receipt_page_shows_the_post_without_a_log_in(world, login, client):
    response = login(world.agent).post(NEW, WORKAROUND)
    link = next(w for w in response.content.decode().split('"') if "/v/receipt/s/" in w)
    client.logout()
    page = client.get(link[link.index("/v/") :]).content.decode()
    assert "The CRM freezes" in page and "No answer yet" in page
    assert client.get("/v/receipt/s/not-a-token/").status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": "  "}, "title", "This field is required"),
        ({"body": "x" * 20_000}, "body", "at most 4000 characters"),
        ({"title": "<script>alert(1)</script>"}, "title", "HTML tags"),
        ({"body": "Click <a href=x>here</a>"}, "body", "HTML tags"),
        ({"minutes_lost": "0"}, "minutes_lost", "Must be more than 0"),
        ({"minutes_lost": "-5"}, "minutes_lost", "Must be more than 0"),
        ({"minutes_lost": "600"}, "minutes_lost", "annot be more than a shift"),
        ({"minutes_lost": "ten"}, "minutes_lost", "Enter a number"),
        ({"how_often": ""}, "how_often", "Needed to put a price"),
        (
            {"per": "contact", "how_often": "1", "minutes_lost": "30"},
            "how_often",
            "more than a shift",
        ),
        ({"people_affected": "0"}, "people_affected", "greater than or equal to 1"),
        ({"kind": "leader_need"}, "kind", "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(
    world, login, change, field, message
):
    response = login(world.agent).post(NEW, {**WORKAROUND, **change})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and f'id="id_{field}' in page
    assert not Post.objects.exists()


def test_a_leader_can_post_what_leaders_need(world, login):
    response = login(world.team_lead).post(
        NEW, {"kind": "leader_need", "title": "Coaching time for home-based leads", "theme": "home"}
    )
    assert response.status_code == 200
    post = Post.objects.get()
    assert post.is_leader and post.kind == "leader_need"
    # Leaders are few: Tom's post is labelled where at least 5 leaders sit, the center.
    assert post.unit == world.center


def test_text_is_plain_and_names_emails_and_phones_are_redacted(world, login):
    login(world.agent).post(
        NEW,
        {**WORKAROUND, "title": "Ben keeps resetting my password",
         "body": "Write to ana@acme.example or call +34 612 345 678; I am E011. x < 5 stays."},
    )  # fmt: skip
    post = Post.objects.get()
    assert post.title == "[name] keeps resetting my password"
    assert post.body == "Write to [e-mail] or call [phone]; I am [employee ID]. x < 5 stays."


def test_people_outside_the_organisation_and_admins_without_a_person_cannot_post(world, login):
    assert login(world.outsider).get(NEW).status_code == 404
    assert login(world.admin).get(NEW).status_code == 404  # admin is not on the roster


def test_nobody_signed_in_is_asked_to_sign_in(world, client):
    response = client.get("/o/acme/voice/")
    assert response.status_code == 302 and "/login/" in response["Location"]
