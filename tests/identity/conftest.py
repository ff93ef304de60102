"""A SCIM client with the organisation's bearer token, as an identity provider holds it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.test import Client

from twoway.identity.services import issue_scim_token

OKTA = "Okta SCIM Client 1.0.0"
ENTRA = "Azure AD SCIM Client/1.0"


@dataclass
class ScimClient:
    client: Client
    token: str
    agent: str = OKTA

    def _headers(self) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}", "HTTP_USER_AGENT": self.agent}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(f"/scim/v2/{path}", params or {}, **self._headers())

    def send(self, method: str, path: str, body):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        call = getattr(self.client, method)
        return call(
            f"/scim/v2/{path}", data, content_type="application/scim+json", **self._headers()
        )

    def post(self, path: str, body):
        return self.send("post", path, body)

    def put(self, path: str, body):
        return self.send("put", path, body)

    def patch(self, path: str, body):
        return self.send("patch", path, body)

    def delete(self, path: str):
        return self.client.delete(f"/scim/v2/{path}", **self._headers())


@pytest.fixture
def scim(world) -> ScimClient:
    return ScimClient(Client(), issue_scim_token(world.org))


@pytest.fixture
def entra(world, scim) -> ScimClient:
    return ScimClient(Client(), scim.token, ENTRA)


def patch_op(*operations: dict) -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": list(operations),
    }
