"""Passwords: change it, reset it by e-mail (through a real SMTP server), and the validators."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.factories import PASSWORD, make_person
from twoway.org.models import Membership

pytestmark = pytest.mark.django_db

User = get_user_model()


def reset_path(message) -> str:
    return re.search(r"/account/reset/[^/\s]+/[^/\s]+/", message.body("plain")).group(0)


def ask_for_reset(client, email):
    return client.post("/account/reset/", {"email": email})


def test_a_forgotten_password_is_reset_by_e_mail_and_the_old_one_stops_working(
    world, client, smtp_server
):
    tom = world.team_lead
    tom.email = "tom@acme.example"
    tom.save()
    assert ask_for_reset(client, "tom@acme.example").status_code == 302
    [mail] = smtp_server.messages
    assert mail.recipients == ["tom@acme.example"]
    path = reset_path(mail)

    form = client.get(path, follow=True)  # Django swaps the token for a session key first
    set_url = form.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "password", "new_password2": "password"})
    assert weak.status_code == 200
    assert "too common" in weak.content.decode()
    done = client.post(
        set_url, {"new_password1": "a brand new secret", "new_password2": "a brand new secret"}
    )
    assert done.status_code == 302
    assert client.get("/o/acme/").status_code == 200  # logged in by the reset

    client.logout()
    assert client.post("/login/", {"username": "tom", "password": PASSWORD}).status_code == 200
    assert client.get(path, follow=True).context["validlink"] is False  # used once only


def test_asking_for_an_unknown_address_looks_the_same_and_sends_nothing(world, client, smtp_server):
    response = ask_for_reset(client, "nobody@nowhere.example")
    assert response.status_code == 302
    assert response.url == "/account/reset/sent/"
    assert smtp_server.messages == []


def test_reset_requests_are_limited_per_client_address(world, client, settings, smtp_server):
    settings.PASSWORD_RESET_LIMIT = 2
    for _ in range(2):
        assert ask_for_reset(client, "someone@acme.example").status_code == 302
    refused = ask_for_reset(client, "someone@acme.example")
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()


def test_the_owner_of_a_squatted_e_mail_takes_the_account_back_and_joins_by_invitation(
    world, login, client, smtp_server
):
    """The end of the attack of issue 15: Globex made an account with Nina's e-mail and its own
    password; Acme invited it. Nina resets the password from her mailbox and accepts."""
    make_person(world.org, "E099", "Nina", world.team1, email="nina@acme.example")
    make_person(world.other_org, "G666", "Mallory", world.stranger.unit, email="nina@acme.example")
    login(world.outsider).post(
        "/o/globex/access/",
        {"employee_id": "G666", "level": "admin", "password": "attacker chosen secret"},
    )
    login(world.admin).post("/o/acme/access/", {"employee_id": "E099", "level": "member"})
    invitation = re.search(r"/account/invitation/\S+/", smtp_server.messages[0].body("plain"))
    client.logout()

    ask_for_reset(client, "nina@acme.example")
    form = client.get(reset_path(smtp_server.messages[1]), follow=True)
    new = {"new_password1": "nina's real secret", "new_password2": "nina's real secret"}
    client.post(form.redirect_chain[-1][0], new)
    assert client.post(invitation.group(0)).status_code == 302
    assert client.get("/o/acme/").status_code == 200

    client.logout()
    attacker = {"username": "nina@acme.example", "password": "attacker chosen secret"}
    assert client.post("/login/", attacker).status_code == 200
    nina = User.objects.get(username="nina@acme.example")
    assert Membership.objects.get(user=nina, organisation=world.org).level == "member"


def test_a_logged_in_user_changes_their_password_with_the_validators_applied(world, login):
    client = login(world.team_lead)
    page = client.get("/account/password/")
    assert page.status_code == 200
    weak = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "12345678901", "new_password2": "12345678901"},
    )
    assert weak.status_code == 200
    assert "entirely numeric" in weak.content.decode()
    wrong_old = client.post(
        "/account/password/",
        {
            "old_password": "nope",
            "new_password1": "fresh secret 42",
            "new_password2": "fresh secret 42",
        },
    )
    assert "incorrectly" in wrong_old.content.decode()
    done = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "fresh secret 42",
            "new_password2": "fresh secret 42",
        },
    )
    assert done.status_code == 302
    assert client.get("/o/acme/").status_code == 200  # still logged in here
    assert User.objects.get(pk=world.team_lead.pk).check_password("fresh secret 42")


def test_the_password_pages_need_a_log_in(world, client):
    response = client.get("/account/password/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_the_password_pages_speak_spanish(world, client):
    client.cookies["django_language"] = "es"
    assert "¿Olvidaste tu contraseña?" in client.get("/login/").content.decode()
    assert "Enviar el enlace" in client.get("/account/reset/").content.decode()
