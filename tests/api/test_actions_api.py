"""Actions through the API: leaders write them on their own units, the team reads the notes;
"did it help?" counts appear only as the page shows them (after the question closes, at k)."""

import datetime

import pytest
from django.utils import timezone

from tests.api.conftest import bearer
from twoway.followups.models import Action
from twoway.followups.services import FEEDBACK_DAYS, record_feedback
from twoway.org.models import AuditEvent

pytestmark = pytest.mark.django_db


def post(client, user, url, data):
    return client.post(url, data, content_type="application/json", **bearer(user))


def new_action(client, world, user=None, **changes):
    data = {
        "unit_id": world.team1.pk,
        "what": "Fix the queue tool",
        "owner_id": world.people["Tom"].pk,
    }
    return post(client, user or world.team_lead, "/api/orgs/acme/actions", {**data, **changes})


def test_a_team_lead_records_an_action_and_publishes_its_note(client, world):
    created = new_action(client, world, source_kind="theme", source_label="Queue tool freezes")
    assert created.status_code == 201
    action = created.json()
    assert action["status"] == "open" and action["feedback"]["state"] == "not_published"
    assert AuditEvent.objects.filter(
        summary=f"Action {action['id']} created for Team Lisbon 1"
    ).exists()
    done = post(
        client,
        world.team_lead,
        f"/api/orgs/acme/actions/{action['id']}/done",
        {"you_said": "The queue tool freezes", "we_did": "IT patched it on Monday."},
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert done.json()["feedback"]["state"] == "collecting"
    notes = client.get("/api/orgs/acme/actions/team", **bearer(world.agent)).json()
    assert [n["we_did"] for n in notes] == ["IT patched it on Monday."]


def test_actions_on_another_team_are_404_to_read_and_to_write(client, world):
    theirs = Action.objects.create(organisation=world.org, unit=world.team2, what="Theirs")
    headers = bearer(world.team_lead)
    assert client.get(f"/api/orgs/acme/actions/{theirs.pk}", **headers).status_code == 404
    assert client.get("/api/orgs/acme/actions", **headers).json() == []
    assert new_action(client, world, unit_id=world.team2.pk).status_code == 404
    done = post(
        client,
        world.team_lead,
        f"/api/orgs/acme/actions/{theirs.pk}/done",
        {"you_said": "x", "we_did": "y"},
    )
    assert done.status_code == 404
    assert client.get(f"/api/orgs/acme/actions?unit={world.team2.pk}", **headers).status_code == 404
    assert client.get("/api/orgs/acme/actions", **bearer(world.agent)).status_code == 404


def test_a_bad_field_is_a_422_naming_it_and_nothing_is_written(client, world):
    cases = [
        ({"what": ""}, "what"),
        ({"what": "x" * 1001}, "what"),
        ({"owner_id": world.stranger.pk}, "owner_id"),  # not someone of the scope
        ({"owner_id": "tom"}, "owner_id"),
        ({"due_on": "next week"}, "due_on"),
        ({"source_kind": "rumour"}, "source_kind"),
    ]
    for change, field in cases:
        response = new_action(client, world, **change)
        assert response.status_code == 422, change
        assert response.json()["detail"][0]["loc"][-1] == field, change
    assert not Action.objects.exists()


def test_a_small_number_in_you_said_is_refused_as_on_the_page(client, world):
    action = new_action(client, world).json()
    response = post(
        client,
        world.team_lead,
        f"/api/orgs/acme/actions/{action['id']}/done",
        {"you_said": "2 of you said the tool freezes", "we_did": "Fixed"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "you_said"]
    assert Action.objects.get().status == "open"


def test_did_it_help_counts_stay_hidden_under_k_and_show_at_k(client, world):
    action = Action.objects.create(
        organisation=world.org,
        unit=world.team1,
        what="Fix",
        status="done",
        published_at=timezone.now() - datetime.timedelta(days=FEEDBACK_DAYS + 1),
    )
    url = f"/api/orgs/acme/actions/{action.pk}"
    for name in ("Ana", "Ben", "Cruz", "Tom"):
        record_feedback(action, world.people[name], "yes")
    hidden = client.get(url, **bearer(world.team_lead)).json()["feedback"]
    assert hidden == {
        "state": "suppressed",
        "counts": None,
        "total": None,
        "open_until": hidden["open_until"],
    }
    record_feedback(action, world.people["Dan"], "no")
    shown = client.get(url, **bearer(world.admin)).json()["feedback"]
    assert shown["state"] == "shown" and shown["total"] == 5
    assert shown["counts"] == {"yes": 4, "no": 1, "unsure": 0}


def test_listing_actions_costs_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    for i in range(30):
        Action.objects.create(
            organisation=world.org, unit=world.team1, what=f"Action {i}", owner=world.people["Tom"]
        )
    headers = bearer(world.admin)
    with django_assert_max_num_queries(14):  # 6 to count the token's first request a minute
        assert len(client.get("/api/orgs/acme/actions", **headers).json()) == 30
