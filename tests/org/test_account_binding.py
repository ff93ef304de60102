"""Accounts never cross organisations: the attack of issue 15 fails, through HTTP.

An admin of Globex (the `outsider`) may type anyone's e-mail on a person of Globex's roster.
Giving that person access must neither hand the attacker an account that Acme will later use,
nor attach an Acme account to Globex, nor set a password the attacker chose on it.
"""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.factories import PASSWORD, make_person
from twoway.org.models import AuditEvent, Membership, Person

pytestmark = pytest.mark.django_db

ATTACKER_PASSWORD = "attacker chosen secret"
User = get_user_model()


def give_access(client, slug, employee_id, password="", level="member"):
    data = {"employee_id": employee_id, "level": level, "password": password}
    return client.post(f"/o/{slug}/access/", data, follow=True)


def log_in(client, username, password):
    client.logout()
    return client.post("/login/", {"username": username, "password": password})


def globex_person_with_email(world, email, employee_id="G666"):
    unit = world.stranger.unit
    return make_person(world.other_org, employee_id, "Mallory", unit, email=email)


def invitation_path(message) -> str:
    """The path of the invitation link in the e-mail (the link starts with SITE_URL)."""
    return re.search(r"/account/invitation/\S+/", message.body("plain")).group(0)


def test_an_account_made_by_another_organisation_is_not_reused_for_ours(
    world, login, client, smtp_server
):
    """Pre-hijack: Globex makes an account for an Acme person's e-mail, with its own password,
    before Acme does. Acme's grant then sends an invitation instead of adopting that account."""
    hire = make_person(world.org, "E099", "Nina", world.team1, email="nina@acme.example")
    globex_person_with_email(world, "nina@acme.example")
    give_access(login(world.outsider), "globex", "G666", ATTACKER_PASSWORD)
    squatted = User.objects.get(username="nina@acme.example")

    page = give_access(login(world.admin), "acme", "E099", "acme chosen secret")
    assert "an invitation went to nina@acme.example" in page.content.decode()
    hire.refresh_from_db()
    assert hire.user is None
    assert not Membership.objects.filter(user=squatted, organisation=world.org).exists()

    assert log_in(client, "nina@acme.example", ATTACKER_PASSWORD).status_code == 302
    assert client.get("/o/acme/").status_code == 404
    assert log_in(client, "nina@acme.example", "acme chosen secret").status_code == 200
    [mail] = smtp_server.messages
    assert mail.recipients == ["nina@acme.example"]


def test_another_organisation_cannot_attach_or_repoint_our_account(world, login, client):
    """Globex puts Dora's e-mail on one of its people: Dora's account stays Acme's alone, and
    the password Globex typed opens nothing."""
    dora = world.director
    dora.username = dora.email = "dora@acme.example"
    dora.save()
    globex_person_with_email(world, "dora@acme.example")
    page = give_access(login(world.outsider), "globex", "G666", ATTACKER_PASSWORD, "admin")
    assert "no password was set" in page.content.decode()
    orgs = Membership.objects.filter(user=dora).values_list("organisation__slug", flat=True)
    assert list(orgs) == ["acme"]
    assert Person.objects.get(employee_id="G666").user is None
    assert log_in(client, "dora@acme.example", ATTACKER_PASSWORD).status_code == 200
    assert log_in(client, "dora@acme.example", PASSWORD).status_code == 302


def test_the_invitation_link_works_only_for_the_invited_account(world, login, client, smtp_server):
    dora = world.director
    dora.username = dora.email = "dora@acme.example"
    dora.save()
    globex_person_with_email(world, "dora@acme.example")
    give_access(login(world.outsider), "globex", "G666")
    path = invitation_path(smtp_server.messages[0])

    assert login(world.outsider).get(path).status_code == 404  # the attacker holding the link
    assert login(world.admin).post(path).status_code == 404
    assert not Membership.objects.filter(user=dora, organisation=world.other_org).exists()

    owner = login(dora)
    assert "Join Globex" in owner.get(path).content.decode()
    assert owner.post(path).status_code == 302
    assert Membership.objects.get(user=dora, organisation=world.other_org).level == "member"
    assert owner.get("/o/globex/").status_code == 200
    assert owner.post(path).status_code == 404  # used: the link cannot be replayed


def test_a_revoked_invitation_cannot_be_accepted_later(world, login, smtp_server):
    dora = world.director
    dora.username = dora.email = "dora@acme.example"
    dora.save()
    globex_person_with_email(world, "dora@acme.example")
    give_access(login(world.outsider), "globex", "G666", level="admin")
    path = invitation_path(smtp_server.messages[0])
    give_access(login(world.outsider), "globex", "G666", level="member")
    assert login(dora).post(path).status_code == 404  # superseded by the second invitation
    assert not Membership.objects.filter(user=dora, organisation=world.other_org).exists()


def test_a_forged_invitation_token_is_refused(world, login):
    assert login(world.director).get("/account/invitation/not-a-token/").status_code == 404


def test_a_new_account_gets_the_chosen_password_checked_by_the_validators(world, login, client):
    admin = login(world.admin)
    for weak, reason in (("password123", "too common"), ("12345678901", "entirely numeric"),
                         ("short", "too short")):  # fmt: skip
        response = admin.post(
            "/o/acme/access/", {"employee_id": "E020", "level": "member", "password": weak}
        )
        assert response.status_code == 400
        assert reason in response.content.decode()
    assert Person.objects.get(organisation=world.org, employee_id="E020").user is None
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_GRANTED).exists()

    give_access(admin, "acme", "E020", "tina's own long secret")
    username = Person.objects.get(employee_id="E020").user.get_username()
    assert log_in(client, username, "tina's own long secret").status_code == 302


def test_a_password_typed_for_an_existing_account_is_refused_not_ignored(world, login):
    response = login(world.admin).post(
        "/o/acme/access/", {"employee_id": "E010", "level": "admin", "password": "new secret 123"}
    )
    assert response.status_code == 400
    assert "only its owner can change its password" in response.content.decode()
    assert Membership.objects.get(user=world.team_lead).level == "member"
    assert User.objects.get(pk=world.team_lead.pk).check_password(PASSWORD)


def test_our_own_account_is_given_access_again_after_a_revocation(world, login):
    admin = login(world.admin)
    membership = Membership.objects.get(user=world.team_lead)
    admin.post(f"/o/acme/access/{membership.pk}/", {"level": "revoke"})
    page = give_access(admin, "acme", "E010", level="member")
    assert "Access given to Tom Example" in page.content.decode()
    assert Membership.objects.filter(user=world.team_lead, organisation=world.org).exists()


def test_a_new_person_without_a_password_is_asked_for_one(world, login):
    response = login(world.admin).post(
        "/o/acme/access/", {"employee_id": "E020", "level": "member"}
    )
    assert response.status_code == 400
    assert "has no account yet: choose an initial password" in response.content.decode()


def test_an_operator_account_is_never_taken_over_by_an_organisation(world, login):
    root = User.objects.create_superuser("root@ops.example", "root@ops.example", "operator pass 1")
    globex_person_with_email(world, "root@ops.example")
    give_access(login(world.outsider), "globex", "G666", ATTACKER_PASSWORD, "admin")
    assert not Membership.objects.filter(user=root).exists()
    root.refresh_from_db()
    assert root.check_password("operator pass 1")
