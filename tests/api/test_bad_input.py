"""Every parameter of every operation, bad in type, range or size, is a 422 that names it:
read from the published OpenAPI schema, so an endpoint added later is checked too."""

import pytest

from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db
GOOD = {"integer": "1", "number": "1", "string": "acme", "boolean": "true"}


def schema_of(parameter):
    schema = parameter.get("schema", {})
    options = schema.get("anyOf") or [schema]
    return next((s for s in options if s.get("type") != "null"), schema)


def bad_values(schema):
    """Values the schema refuses, each a different way."""
    kind = schema.get("type")
    if "enum" in schema:
        yield "not-one-of-them"
    if kind in ("integer", "number"):
        yield "abc"
        if "maximum" in schema or "exclusiveMaximum" in schema:
            yield str(10**30)
        if "minimum" in schema or "exclusiveMinimum" in schema:
            yield "-1"
    if kind == "string" and "maxLength" in schema:
        yield "x" * (schema["maxLength"] + 1)
    if kind == "string" and "pattern" in schema:
        yield "bad\x01value"


def good_value(parameter):
    schema = schema_of(parameter)
    if "enum" in schema:
        return str(schema["enum"][0])
    return GOOD.get(schema.get("type"), "1")


def operations(client):
    schema = client.get("/api/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = [
                p for p in operation.get("parameters", []) if p["in"] in ("path", "query")
            ]
            yield path, method, parameters


def call(client, method, path, parameters, headers, override):
    values = {p["name"]: good_value(p) for p in parameters if p.get("required")}
    values.update(override)
    url = path
    for p in parameters:
        if p["in"] == "path":
            url = url.replace("{" + p["name"] + "}", values.pop(p["name"]))
    query = dict(values)
    send = getattr(client, method)
    if method == "get":
        return send(url, query, **headers)
    target = url + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return send(target, "{}", content_type="application/json", **headers)


def test_every_bad_parameter_is_a_422_that_names_it(client, world):
    headers = bearer(world.admin, requests_per_minute=100_000)
    checked = 0
    for path, method, parameters in operations(client):
        for parameter in parameters:
            for value in bad_values(schema_of(parameter)):
                if parameter["in"] == "path" and ("/" in value or "\x01" in value):
                    continue  # a path cannot carry these: the URL itself does not match
                response = call(
                    client, method, path, parameters, headers, {parameter["name"]: value}
                )
                where = (method, path, parameter["name"], value[:20])
                assert response.status_code == 422, where
                assert [parameter["in"], parameter["name"]] in [
                    e["loc"] for e in response.json()["detail"]
                ], where
                checked += 1
    assert checked > 100


def test_a_body_that_is_not_json_is_a_400(client, world):
    response = client.post(
        "/api/orgs/acme/actions",
        "{not json",
        content_type="application/json",
        **bearer(world.admin),
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}
