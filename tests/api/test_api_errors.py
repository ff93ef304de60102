"""The OpenAPI schema documents every answer the API gives, 401, 404, 409 and 422 included,
and the API gives them in the documented shape (issue 15)."""

import pytest

from tests.api.test_api import bearer

pytestmark = pytest.mark.django_db

RESULTS = "/api/orgs/{slug}/campaigns/{campaign_id}/results"


def documented(client):
    """(path, method) -> the answers its OpenAPI operation documents."""
    schema = client.get("/api/openapi.json").json()
    return {
        (method, path): {int(code): answer for code, answer in operation["responses"].items()}
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


def test_every_operation_documents_its_error_answers(client):
    for (method, path), answers in documented(client).items():
        assert {401, 403, 404, 422, 429} <= set(answers), (method, path)
        assert any(200 <= code < 300 for code in answers), (method, path)
        if method == "get":
            assert 304 in answers, path
    assert 409 in documented(client)[("get", RESULTS)]


def test_the_answers_match_the_documented_shapes(client, diagnostic):
    headers = bearer(diagnostic.admin)
    campaign = diagnostic.campaign.pk
    not_ready = client.get(f"/api/orgs/acme/campaigns/{campaign}/results", **headers)
    assert not_ready.status_code == 409
    assert not_ready.json() == {"detail": "Results appear when the campaign closes."}
    missing = client.get("/api/orgs/acme/campaigns/999999/results", **headers)
    assert (missing.status_code, missing.json()) == (404, {"detail": "Not Found"})
    malformed = client.get("/api/orgs/acme/campaigns/abc/results", **headers)
    assert malformed.status_code == 422
    assert malformed.json()["detail"][0]["loc"][-1] == "campaign_id"
    assert client.get("/api/orgs/acme/units").json() == {"detail": "Unauthorized"}


def test_the_error_schemas_name_their_fields(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert schemas["Message"]["properties"]["detail"]["type"] == "string"
    assert schemas["ValidationErrors"]["properties"]["detail"]["type"] == "array"
