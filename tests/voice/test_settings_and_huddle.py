"""Leaders edit the assumptions and figures behind the money; the huddle gains the team's top
workaround; kudos are named, kept in a feed per unit, hidden on request, sent weekly."""

import pytest

from tests.factories import make_account
from twoway.followups.huddle import huddle_html
from twoway.voice.models import Kudos, Post, UnitChannel
from twoway.voice.tasks import send_kudos_digests

SETTINGS = {
    "vote_budget": "10", "currency": "€", "cost_per_hour": "40", "shrinkage": "0.3",
    "occupancy": "0.85", "aht_seconds": "360", "paid_hours_per_shift": "8",
    "shifts_per_week": "5", "working_days_per_year": "230", "webhook_url": "", "webhook_kind": "",
}  # fmt: skip


def test_changing_the_loaded_cost_prices_every_workaround_again(world, login, post_as):
    post = post_as(kind="workaround").post  # 2 min x 3 a shift x 20 people
    assert post.cost_per_year == pytest.approx(120 * 230 / 60 * 30)
    response = login(world.admin).post("/o/acme/voice/settings/", SETTINGS)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.cost_per_year == pytest.approx(120 * 230 / 60 * 40)
    page = login(world.agent).get(f"/o/acme/voice/p/{post.code}/").content.decode()
    assert "€18,400" in page and "Loaded cost per paid hour" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("shrinkage", "1.2", "below 100%"), ("aht_seconds", "0", "between 1 and 36000"),
     ("vote_budget", "0", "greater than or equal to 1"), ("webhook_url", "not a url", "valid URL")],
)  # fmt: skip
def test_bad_settings_are_refused_on_their_field(world, login, post_as, field, value, message):
    post = post_as(kind="workaround").post
    response = login(world.admin).post("/o/acme/voice/settings/", {**SETTINGS, field: value})
    assert response.status_code == 400 and message in response.content.decode()
    before = post.cost_per_year
    post.refresh_from_db()
    assert post.cost_per_year == before


def test_a_leader_corrects_a_workarounds_figures(world, login, post_as):
    post = post_as(kind="workaround").post
    client = login(world.director)
    bad = {"minutes_lost": "2", "how_often": "1", "per": "week", "people_affected": "0"}
    assert client.post(f"/o/acme/voice/p/{post.code}/figures/", bad).status_code == 400
    good = {**bad, "people_affected": "50"}
    assert client.post(f"/o/acme/voice/p/{post.code}/figures/", good).status_code == 302
    post.refresh_from_db()
    # 2 min x 1/5 a shift x 50 people = 20 min a day; x 230 / 60 x $30 = $2,300.
    assert post.cost_per_year == pytest.approx(2300)
    assert login(world.agent).post(f"/o/acme/voice/p/{post.code}/figures/", good).status_code == 404


def test_settings_are_for_admins(world, login):
    assert login(world.director).get("/o/acme/voice/settings/").status_code == 404


def test_the_huddle_shows_the_teams_costliest_open_workaround_and_its_answer(world, login, post_as):
    world.org.anonymity_threshold = 3
    world.org.save(update_fields=["anonymity_threshold"])
    post = post_as("Copying notes by hand", kind="workaround").post  # Team Lisbon 1 (3 agents)
    assert post.unit == world.team1
    login(world.team_lead).post(
        f"/o/acme/voice/p/{post.code}/status/",
        {"status": "planned", "text": "A fix ships in June."},
    )
    html = huddle_html(world.team1)
    assert "Our costliest workaround" in html and "Copying notes by hand" in html
    assert "A fix ships in June." in html
    assert "Copying notes by hand" not in huddle_html(world.team2)


def test_the_leaders_top_page_shows_open_posts_of_their_subtree(world, login, post_as):
    world.org.anonymity_threshold = 3
    world.org.save(update_fields=["anonymity_threshold"])
    post_as("Ours", person=world.people["Ana"])
    post_as("Theirs", person=world.people["Dan"])
    page = login(world.team_lead).get("/o/acme/voice/top/").content.decode()
    assert "Ours" in page and "Theirs" not in page
    assert login(world.agent).get("/o/acme/voice/top/").status_code == 404


def test_kudos_are_named_shown_per_unit_and_hidden_by_the_person_recognised(
    world, login, agents, webhook_server
):
    UnitChannel.objects.create(
        unit=world.lisbon, webhook_url=webhook_server.url, webhook_kind="slack"
    )
    ben = world.people["Ben"]
    client = login(world.agent)
    assert client.post("/o/acme/voice/kudos/", {"message": "Great"}).status_code == 400
    client.post("/o/acme/voice/kudos/", {"to_person": ben.pk, "message": "Covered my shift swap"})
    kudos = Kudos.objects.get()
    assert kudos.from_label == "Ana Example" and kudos.unit == world.team1
    feed = login(agents["Cruz"]).get("/o/acme/voice/kudos/").content.decode()
    assert "Covered my shift swap" in feed and "Ben Example" in feed
    assert send_kudos_digests(world.org.pk) == 1
    assert "Covered my shift swap" in str(webhook_server.requests[0]["json"])
    assert client.post(f"/o/acme/voice/kudos/{kudos.pk}/hide/").status_code == 404  # not Ana's
    login(agents["Ben"]).post(f"/o/acme/voice/kudos/{kudos.pk}/hide/")
    assert (
        "Covered my shift swap"
        not in login(agents["Cruz"]).get("/o/acme/voice/kudos/").content.decode()
    )


def test_kudos_can_be_tied_to_a_done_post(world, login, post_as):
    post = post_as("Shared rota").post
    Post.objects.filter(pk=post.pk).update(status="done")
    make_account("ben", world.org, person=world.people["Ben"])
    from twoway.voice.kudos import give_kudos

    post.refresh_from_db()
    kudos = give_kudos(
        world.org, world.people["Ana"], {"to_unit": world.team1, "message": "Done!", "post": post}
    )
    assert kudos.post == post
    assert "Shared rota" in login(world.agent).get("/o/acme/voice/kudos/").content.decode()


def test_voice_tick_ranks_every_board_again(world, post_as, votes):
    from django.core.management import call_command

    post = votes(post_as("Old").post, ["Ana"])
    Post.objects.filter(pk=post.pk).update(hot=99)
    call_command("voice_tick")
    post.refresh_from_db()
    assert post.hot == 1


def test_the_board_speaks_spanish(world, login):
    client = login(world.agent)
    client.cookies["django_language"] = "es"
    page = client.get("/o/acme/voice/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Qué lo impide y qué lo arreglaría" in page and "Tablero" in page


def test_an_admin_sets_a_units_channel_and_bad_input_names_the_field(world, login):
    client = login(world.admin)
    url = "/o/acme/voice/settings/channels/"
    response = client.post(url, {"unit": world.team1.pk, "webhook_url": "https://hooks.example/x"})
    assert response.status_code == 400 and "Slack or Teams" in response.content.decode()
    response = client.post(url, {"unit": world.team1.pk})
    assert response.status_code == 400 and "a team mailbox, or both" in response.content.decode()
    assert not UnitChannel.objects.exists()
    client.post(url, {"unit": world.team1.pk, "email": "team1@acme.example"})
    client.post(url, {"unit": world.team1.pk, "email": "lisbon1@acme.example"})  # replaced
    assert UnitChannel.objects.get().email == "lisbon1@acme.example"
    assert (
        login(world.director).post(url, {"unit": world.team1.pk, "email": "x@y.z"}).status_code
        == 404
    )
