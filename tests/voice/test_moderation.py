"""Moderation: the optional queue before posts show, reports, and who sees what."""

from tests.voice.conftest import WORKAROUND
from twoway.voice.models import Post, VoiceSettings


def test_with_premoderation_a_post_waits_for_a_moderator(world, login):
    VoiceSettings.objects.create(organisation=world.org, premoderation=True)
    page = login(world.agent).post("/o/acme/voice/new/", WORKAROUND).content.decode()
    assert "A moderator will look at it" in page
    post = Post.objects.get()
    assert post.moderation == "pending"
    assert post.title not in login(world.director).get("/o/acme/voice/").content.decode()
    assert login(world.director).get(f"/o/acme/voice/p/{post.code}/").status_code == 404
    admin = login(world.admin)
    assert post.title in admin.get("/o/acme/voice/moderation/").content.decode()
    admin.post(f"/o/acme/voice/p/{post.code}/moderate/", {"decision": "show"})
    assert post.title in login(world.director).get("/o/acme/voice/").content.decode()


def test_a_reported_post_is_seen_by_moderators_only_until_they_keep_it(
    world, login, post_as, agents
):
    post = post_as("Something rude").post
    login(agents["Ben"]).post(f"/o/acme/voice/p/{post.code}/report/")
    post.refresh_from_db()
    assert post.moderation == "reported" and post.reports == 1
    assert "Something rude" not in login(world.agent).get("/o/acme/voice/").content.decode()
    admin = login(world.admin)
    assert "Something rude" in admin.get("/o/acme/voice/moderation/").content.decode()
    admin.post(f"/o/acme/voice/p/{post.code}/moderate/", {"decision": "show"})
    login(agents["Cruz"]).post(f"/o/acme/voice/p/{post.code}/report/")  # kept: counted only
    post.refresh_from_db()
    assert post.moderation == "visible" and post.reports == 2


def test_a_person_reports_a_post_once(world, login, post_as):
    post = post_as().post
    client = login(world.agent)
    client.post(f"/o/acme/voice/p/{post.code}/report/")
    login(world.admin).post(f"/o/acme/voice/p/{post.code}/moderate/", {"decision": "show"})
    client.post(f"/o/acme/voice/p/{post.code}/report/")
    post.refresh_from_db()
    assert post.reports == 1


def test_only_moderators_moderate(world, login, post_as):
    post = post_as().post
    for user in (world.agent, world.director, world.outsider):
        assert login(user).get("/o/acme/voice/moderation/").status_code == 404
        assert (
            login(user)
            .post(f"/o/acme/voice/p/{post.code}/moderate/", {"decision": "hide"})
            .status_code
            == 404
        )
    post.refresh_from_db()
    assert post.moderation == "visible"


def test_official_answers_are_redacted_too(world, login, post_as):
    post = post_as().post
    login(world.director).post(
        f"/o/acme/voice/p/{post.code}/status/",
        {"status": "planned", "text": "Ana Example will call 555-123-4567 about it"},
    )
    page = login(world.agent).get(f"/o/acme/voice/p/{post.code}/").content.decode()
    assert "[name] will call [phone] about it" in page and "555-123-4567" not in page
