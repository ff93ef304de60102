"""Log-in, log-out and throttling: guessing and spraying are slowed, and nobody can lock the
owner of an account out (issue 15)."""

import ipaddress

import pytest
from django.test import Client, override_settings

from tests.factories import PASSWORD
from twoway.org.throttle import DEVICE_COOKIE

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


def attempt(client, username, password, **meta):
    return client.post("/login/", {"username": username, "password": password}, **meta)


def via_proxy(address):
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{address}, {PROXY}"}


def owners_browser(username):
    """A browser that has logged in to the account before, and logged out again."""
    browser = Client()
    assert attempt(browser, username, PASSWORD).status_code == 302
    assert DEVICE_COOKIE in browser.cookies
    browser.post("/logout/")
    return browser


def test_log_in_with_the_right_password_lands_on_the_organisation(client, world):
    response = client.post("/login/", {"username": "tom", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/o/acme/"
    assert "Acme Care" in response.content.decode()


def test_wrong_password_is_refused(client, world):
    response = attempt(client, "tom", "nope")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_a_new_browser_waits_after_repeated_failures_even_with_the_right_password(client, world):
    for _ in range(3):
        attempt(client, "tom", "guess")
    response = attempt(client, "tom", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_the_owners_own_browser_still_gets_in_while_others_guess(world):
    owner = owners_browser("tom")
    attacker = Client()
    for _ in range(10):
        attempt(attacker, "tom", "guess")
    assert attempt(attacker, "tom", PASSWORD).status_code == 429
    assert attempt(owner, "tom", PASSWORD).status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_the_owners_browser_is_limited_too_when_it_guesses(world):
    owner = owners_browser("tom")
    for _ in range(3):
        attempt(owner, "tom", "guess")
    assert attempt(owner, "tom", PASSWORD).status_code == 429


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_a_device_cookie_of_another_account_does_not_help(world):
    browser = owners_browser("dora")
    for _ in range(3):
        attempt(browser, "tom", "guess")
    assert attempt(browser, "tom", PASSWORD).status_code == 429


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_throttling_one_account_leaves_others_alone(client, world):
    for _ in range(3):
        attempt(client, "tom", "guess")
    assert attempt(client, "dora", PASSWORD).status_code == 302


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=4)
def test_password_spraying_from_one_address_is_throttled(client, world):
    for username in ("tom", "dora", "mario", "ana"):
        assert attempt(client, username, "Summer2024!").status_code == 200
    assert attempt(client, "admin", PASSWORD).status_code == 429


@override_settings(
    LOGIN_ADDRESS_FAILURE_LIMIT=4, TRUSTED_PROXIES=[ipaddress.ip_network("10.0.0.0/8")]
)
def test_behind_a_trusted_proxy_each_client_address_is_counted_apart(world):
    sprayer, colleague = Client(), Client()
    for username in ("tom", "dora", "mario", "ana"):
        attempt(sprayer, username, "Summer2024!", **via_proxy("203.0.113.9"))
    assert attempt(sprayer, "admin", PASSWORD, **via_proxy("203.0.113.9")).status_code == 429
    assert attempt(colleague, "admin", PASSWORD, **via_proxy("198.51.100.7")).status_code == 302


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=4)
def test_a_forged_forwarded_for_header_does_not_escape_the_address_counter(world):
    sprayer = Client()
    for number, username in enumerate(("tom", "dora", "mario", "ana")):
        attempt(sprayer, username, "Summer2024!", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    response = attempt(sprayer, "admin", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=2)
def test_ipv6_clients_count_by_their_network(world):
    sprayer = Client()
    attempt(sprayer, "tom", "x", REMOTE_ADDR="2001:db8:1:2::1")
    attempt(sprayer, "dora", "x", REMOTE_ADDR="2001:db8:1:2::ffff")
    assert attempt(sprayer, "admin", PASSWORD, REMOTE_ADDR="2001:db8:1:2::7").status_code == 429
    assert attempt(sprayer, "admin", PASSWORD, REMOTE_ADDR="2001:db8:9::7").status_code == 302


def test_log_out_ends_the_session(client, world):
    client.force_login(world.admin)
    client.post("/logout/")
    assert client.get("/o/acme/").status_code == 302
