"""A real OpenID Connect provider on loopback (oidc-provider-mock: Authlib's authorization
server in a thread), with twoway's settings pointed at it. The tests drive the code flow
over HTTP: twoway redirects to the provider, the provider redirects back with a code, and
twoway fetches the tokens and the user's claims from it, checking signatures against its keys.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import requests
from oidc_provider_mock import run_server_in_thread


@dataclass
class Provider:
    url: str
    client_id: str
    client_secret: str

    def set_user(self, sub: str, claims: dict) -> None:
        requests.put(f"{self.url}/users/{sub}", json=claims, timeout=10).raise_for_status()

    def approve(self, authorize_url: str, sub: str) -> str:
        """The person signs in at the provider: its redirect back to twoway."""
        answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]


@pytest.fixture(scope="session")
def oidc_server():
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain HTTP on loopback, tests only
    with run_server_in_thread(require_client_registration=True, require_nonce=True) as server:
        url = f"http://localhost:{server.server_port}"
        registered = requests.post(
            f"{url}/oauth2/clients",
            json={"redirect_uris": ["http://testserver/oidc/callback/"],
                  "token_endpoint_auth_method": "client_secret_post"},
            timeout=10,
        )  # fmt: skip
        registered.raise_for_status()
        body = registered.json()
        yield Provider(url, body["client_id"], body["client_secret"])


@pytest.fixture
def provider(oidc_server, settings) -> Provider:
    url = oidc_server.url
    settings.OIDC_ENABLED = True
    settings.OIDC_PROVIDER_NAME = "Acme Okta"
    settings.OIDC_ORGANISATION = "acme"
    settings.OIDC_ISSUER = url
    settings.OIDC_MATCH = "email"
    settings.OIDC_RP_CLIENT_ID = oidc_server.client_id
    settings.OIDC_RP_CLIENT_SECRET = oidc_server.client_secret
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{url}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{url}/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{url}/jwks"
    return oidc_server


def sign_in(client, provider: Provider, sub: str, claims: dict | None = None, next_url=""):
    """The whole code flow; the response of twoway's callback."""
    if claims is not None:
        provider.set_user(sub, claims)
    start = client.get("/oidc/authenticate/", {"next": next_url} if next_url else {})
    assert start.status_code == 302, start.content
    assert start["Location"].startswith(provider.url)
    back = urlsplit(provider.approve(start["Location"], sub))
    return client.get(back.path, dict(p.split("=", 1) for p in back.query.split("&")))
