"""Log-in, log-out and throttling against password guessing."""

import pytest
from django.test import override_settings

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_log_in_with_the_right_password_lands_on_the_organisation(client, world):
    response = client.post("/login/", {"username": "tom", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/o/acme/"
    assert "Acme Care" in response.content.decode()


def test_wrong_password_is_refused(client, world):
    response = client.post("/login/", {"username": "tom", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_even_with_the_right_password(client, world):
    for _ in range(3):
        client.post("/login/", {"username": "tom", "password": "guess"})
    response = client.post("/login/", {"username": "tom", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_throttling_one_account_leaves_others_alone(client, world):
    for _ in range(3):
        client.post("/login/", {"username": "tom", "password": "guess"})
    response = client.post("/login/", {"username": "dora", "password": PASSWORD})
    assert response.status_code == 302


def test_log_out_ends_the_session(client, world):
    client.force_login(world.admin)
    client.post("/logout/")
    assert client.get("/o/acme/").status_code == 302
