"""Tokens and their grants: read-only, limited to endpoint families, rate-limited per minute,
issued, listed and revoked by `twoway api_token`; tokens of before keep working."""

import io
import time

import pytest
from django.core.management import CommandError, call_command

from tests.api.conftest import bearer
from twoway.api.models import ApiToken
from twoway.api_grants.models import RequestWindow
from twoway.api_grants.services import count_request
from twoway.org.models import AuditEvent

pytestmark = pytest.mark.django_db


def issue(*args) -> str:
    out = io.StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_a_token_issued_before_grants_existed_still_reads_and_writes(client, world):
    headers = bearer(world.team_lead)
    assert client.get("/api/orgs/acme/units", **headers).status_code == 200
    action = {
        "unit_id": world.team1.pk,
        "what": "Fix the queue tool",
        "owner_id": world.people["Tom"].pk,
    }
    response = client.post(
        "/api/orgs/acme/actions", action, content_type="application/json", **headers
    )
    assert response.status_code == 201


def test_a_read_only_token_reads_but_may_not_write(client, world):
    headers = bearer(world.team_lead, read_only=True)
    assert client.get("/api/orgs/acme/actions", **headers).status_code == 200
    action = {"unit_id": world.team1.pk, "what": "Fix it", "owner_id": world.people["Tom"].pk}
    response = client.post(
        "/api/orgs/acme/actions", action, content_type="application/json", **headers
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


def test_a_token_limited_to_the_pulse_may_call_nothing_else(client, world):
    headers = bearer(world.admin, scopes=["pulse"])
    assert client.get("/api/orgs/acme/pulse/schedules", **headers).status_code == 200
    for url in (
        "/api/orgs/acme/units",
        "/api/orgs/acme/people",
        "/api/orgs/acme/voice/posts",
        "/api/staffing/required?calls=10&aht=300",
    ):
        response = client.get(url, **headers)
        assert response.status_code == 403, url
        assert response.json() == {
            "detail": "This token may call only these endpoint families: pulse."
        }


def test_a_token_never_sees_more_than_its_user(client, world):
    headers = bearer(world.team_lead, scopes=["units"])
    names = [u["name"] for u in client.get("/api/orgs/acme/units", **headers).json()]
    assert names == ["Team Lisbon 1"]
    assert client.get(f"/api/orgs/acme/units/{world.team2.pk}", **headers).status_code == 404


def test_past_its_rate_the_token_gets_429_with_retry_after(client, world):
    headers = bearer(world.admin, requests_per_minute=3)
    codes = [client.get("/api/orgs/acme/units", **headers).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/api/orgs/acme/units", **headers)
    assert refused.json() == {"detail": "Too many requests."}
    assert 1 <= int(refused["Retry-After"]) <= 60
    other = bearer(world.admin, requests_per_minute=3)  # the limit is per token
    assert client.get("/api/orgs/acme/units", **other).status_code == 200


def test_the_minute_window_resets_and_old_windows_are_dropped(world):
    token, _ = ApiToken.issue(world.admin, "t")
    start = (time.time() // 60) * 60
    assert [count_request(token, 2, start + s) for s in (1, 2)] == [None, None]
    assert count_request(token, 2, start + 50) == 10  # seconds to the next minute
    assert count_request(token, 2, start + 61) is None  # a new minute
    assert count_request(token, 2, start + 185) is None
    kept = RequestWindow.objects.filter(token=token).values_list("minute", flat=True)
    assert list(kept) == [int(start // 60) + 3]  # only this minute and the one before are kept


def test_a_browser_session_is_not_rate_limited(client, world):
    client.force_login(world.admin)
    assert all(client.get("/api/orgs/acme/units").status_code == 200 for _ in range(5))


def test_the_command_issues_a_limited_token_and_audits_it(client, world):
    key = issue(
        "dora",
        "--name",
        "bi",
        "--read-only",
        "--scope",
        "units,people",
        "--scope",
        "pulse",
        "--rate-limit",
        "30",
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/orgs/acme/people", **headers).status_code == 200
    assert client.get("/api/orgs/acme/cases", **headers).status_code == 403
    grant = ApiToken.objects.get(name="bi").grant
    assert (grant.read_only, grant.scopes, grant.requests_per_minute) == (
        True,
        ["people", "pulse", "units"],
        30,
    )
    event = AuditEvent.objects.get(organisation=world.org, summary__contains="“bi”")
    assert event.details["scopes"] == ["people", "pulse", "units"]
    listed = issue("dora", "--list")
    assert "\tbi\tread-only\tpeople,pulse,units\t30/min\t" in listed


def test_the_command_names_the_option_it_refuses(world):
    with pytest.raises(CommandError, match=r"--scope: 'unit' is not an endpoint family"):
        issue("dora", "--scope", "unit")
    with pytest.raises(CommandError, match="--rate-limit: must be between 1 and"):
        issue("dora", "--rate-limit", "0")
    assert not ApiToken.objects.exists()


def test_a_revoked_token_is_refused(client, world):
    key = issue("admin")
    token = ApiToken.objects.get()
    assert issue("admin", "--revoke", str(token.pk)) == f"Token {token.pk} revoked."
    response = client.get("/api/orgs/acme/units", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401
    with pytest.raises(CommandError, match="has no token"):
        issue("admin", "--revoke", str(token.pk))


def test_tokens_of_inactive_users_are_refused(client, world):
    headers = bearer(world.director)
    world.director.is_active = False
    world.director.save()
    assert client.get("/api/orgs/acme/units", **headers).status_code == 401
