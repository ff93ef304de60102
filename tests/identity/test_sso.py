"""Single sign-on against a real OpenID Connect provider on loopback: the identity's e-mail
or employee ID finds the person, and the account-binding rules decide the account, so a
provider never signs anyone into an account of another organisation."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from twoway.identity.models import SsoIdentity
from twoway.org.models import AuditEvent, Membership, Person

from .oidc_fixtures import sign_in

pytest_plugins = ["tests.identity.oidc_fixtures"]


def test_the_login_page_offers_the_provider_only_when_configured(world, client, provider, settings):
    page = client.get("/login/")
    assert "Sign in with Acme Okta" in page.content.decode()
    spanish = client.get("/login/", HTTP_ACCEPT_LANGUAGE="es")
    assert "Entrar con Acme Okta" in spanish.content.decode()
    settings.OIDC_ENABLED = False
    assert "Sign in with" not in client.get("/login/").content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404


def test_the_admin_page_says_how_people_sign_in(world, login, provider):
    page = login(world.admin).get("/o/acme/identity/").content.decode()
    assert "People of this organisation can sign in with Acme Okta" in page
    assert "/oidc/callback/" in page and provider.url in page


def test_a_person_of_the_roster_signs_in_by_email_and_gets_member_access(world, client, provider):
    eva = world.people["Eva"]
    eva.email = "eva@acme.example"
    eva.save()
    done = sign_in(
        client, provider, "sub-eva", {"email": "EVA@acme.example", "email_verified": True}
    )
    assert done.status_code == 302 and done["Location"] == "/"
    eva.refresh_from_db()
    assert eva.user is not None and eva.user.get_username() == "eva@acme.example"
    assert not eva.user.has_usable_password()
    assert Membership.objects.get(user=eva.user, organisation=world.org).level == "member"
    assert client.get("/o/acme/").status_code == 200
    assert SsoIdentity.objects.get(subject="sub-eva").user == eva.user
    assert AuditEvent.objects.filter(kind="access_granted", details__sso=True).exists()


def test_a_person_with_an_account_signs_in_as_it_and_later_by_subject(world, client, provider):
    done = sign_in(client, provider, "sub-ana", {"email": "ana@acme.example"})
    assert done.status_code == 302
    assert client.get("/o/acme/").context["user"] == world.agent
    # Later the provider changes the address: the binding of the subject still finds Ana.
    other = Client()
    again = sign_in(other, provider, "sub-ana", {"email": "ana.new@acme.example"})
    assert again.status_code == 302 and again["Location"] == "/"
    assert other.get("/o/acme/").context["user"] == world.agent


def test_the_next_page_is_kept_through_the_flow(world, client, provider):
    done = sign_in(client, provider, "sub-ana", {"email": "ana@acme.example"},
                   next_url="/o/acme/voice/")  # fmt: skip
    assert done["Location"] == "/o/acme/voice/"


def test_nobody_on_the_roster_is_refused_with_a_message_and_no_account(world, client, provider):
    done = sign_in(client, provider, "sub-zed", {"email": "zed@acme.example"})
    assert done.status_code == 302 and done["Location"] == "/login/"
    page = client.get("/login/")
    assert "Nobody on the roster of Acme Care matches" in page.content.decode()
    assert not get_user_model().objects.filter(username="zed@acme.example").exists()
    assert client.get("/o/acme/").status_code == 302  # not logged in


def test_the_provider_of_acme_never_reaches_a_globex_person(world, client, provider):
    world.stranger.email = "gina@globex.example"
    world.stranger.save()
    done = sign_in(client, provider, "sub-gina", {"email": "gina@globex.example"})
    assert done["Location"] == "/login/"
    assert Person.objects.get(pk=world.stranger.pk).user is None


def test_an_account_of_another_organisation_is_never_taken_over(world, client, provider):
    # Globex's admin holds the account "eva@acme.example"; Acme's roster names Eva with it.
    User = get_user_model()
    theirs = User.objects.create_user("eva@acme.example", password="x" * 12)
    Membership.objects.create(user=theirs, organisation=world.other_org, level="admin")
    eva = world.people["Eva"]
    eva.email = "eva@acme.example"
    eva.save()
    done = sign_in(client, provider, "sub-eva2", {"email": "eva@acme.example"})
    assert done["Location"] == "/login/"
    assert "exists outside Acme Care" in client.get("/login/").content.decode()
    eva.refresh_from_db()
    assert eva.user is None
    assert not Membership.objects.filter(user=theirs, organisation=world.org).exists()


def test_the_operators_account_is_never_taken_over(world, client, provider):
    User = get_user_model()
    User.objects.create_superuser("root@acme.example", "root@acme.example", "x" * 12)
    eva = world.people["Eva"]
    eva.email = "root@acme.example"
    eva.save()
    assert (
        sign_in(client, provider, "sub-root", {"email": "root@acme.example"})["Location"]
        == "/login/"
    )


def test_an_unverified_email_is_refused(world, client, provider):
    done = sign_in(client, provider, "sub-ana-x", {"email": "ana@acme.example",
                                                   "email_verified": False})  # fmt: skip
    assert done["Location"] == "/login/"
    assert "not verified" in client.get("/login/").content.decode()


def test_a_leaver_or_a_revoked_account_cannot_sign_in_any_more(world, client, provider):
    assert sign_in(client, provider, "sub-ana", {"email": "ana@acme.example"})["Location"] == "/"
    Membership.objects.filter(user=world.agent, organisation=world.org).delete()
    revoked = Client()
    assert sign_in(revoked, provider, "sub-ana")["Location"] == "/login/"
    assert "has ended" in revoked.get("/login/").content.decode()
    Person.objects.filter(pk=world.people["Ana"].pk).update(is_active=False)
    left = Client()
    assert sign_in(left, provider, "sub-ana")["Location"] == "/login/"


def test_matching_by_employee_id_uses_the_configured_claim(world, client, provider, settings):
    settings.OIDC_MATCH = "employee_id"
    settings.OIDC_EMPLOYEE_ID_CLAIM = "employee_number"
    done = sign_in(client, provider, "sub-ben", {"email": "someone@else.example",
                                                 "employee_number": "E012"})  # fmt: skip
    assert done["Location"] == "/"
    ben = Person.objects.get(organisation=world.org, employee_id="E012")
    assert ben.user.get_username() == "acme-e012"


def test_a_token_from_another_issuer_is_refused(world, client, provider, settings):
    settings.OIDC_ISSUER = "https://login.someone-else.example"
    done = sign_in(client, provider, "sub-ana", {"email": "ana@acme.example"})
    assert done["Location"] == "/login/"


def test_a_forged_callback_without_the_session_state_is_refused(world, client, provider):
    response = client.get("/oidc/callback/", {"code": "forged", "state": "forged"})
    assert response.status_code in (302, 400)
    assert client.get("/o/acme/").status_code == 302


@pytest.mark.parametrize("missing", ["TWOWAY_OIDC_ISSUER", "TWOWAY_OIDC_ORGANISATION"])
def test_a_half_configured_provider_stops_start_up_naming_what_is_missing(missing):
    from django.core.exceptions import ImproperlyConfigured

    from twoway.identity.sso_config import REQUIRED, oidc_settings

    environ = {name: "x" for name in REQUIRED} | {"TWOWAY_OIDC_CLIENT_ID": "twoway"}
    del environ[missing]
    with pytest.raises(ImproperlyConfigured, match=missing):
        oidc_settings(environ)
