"""On a phone, an agent taps "Sign in with Acme Okta", signs in at the company's identity
provider (a real OpenID Connect server on loopback), and lands in twoway."""

import os

import pytest
import requests

from tests.identity.oidc_fixtures import Provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
pytest_plugins = ["tests.identity.oidc_fixtures"]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def live_provider(oidc_server, provider, live_server, settings) -> Provider:
    """The provider with a client registered for the live server's callback."""
    registered = requests.post(
        f"{oidc_server.url}/oauth2/clients",
        json={"redirect_uris": [f"{live_server.url}/oidc/callback/"],
              "token_endpoint_auth_method": "client_secret_post"},
        timeout=10,
    ).json()  # fmt: skip
    settings.OIDC_RP_CLIENT_ID = registered["client_id"]
    settings.OIDC_RP_CLIENT_SECRET = registered["client_secret"]
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    return provider


def test_an_agent_signs_in_with_the_company_account_on_a_phone(live_server, world, page,
                                                                live_provider):  # fmt: skip
    live_provider.set_user("okta-ana", {"email": "ana@acme.example", "email_verified": True})
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Sign in with Acme Okta").click()
    page.get_by_placeholder("sub").fill("okta-ana")
    page.get_by_role("button", name="Authorize").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Acme Care").wait_for()
    assert page.url.startswith(live_server.url)
    assert "ana" in page.get_by_role("banner").inner_text()
