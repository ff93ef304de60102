"""What holds whatever the provider: the token decides the organisation, another
organisation's ids are 404, the mass-leave guard and the audit log of roster imports, errors
that name the attribute with nothing written, pagination, and bounded queries."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from twoway.identity.services import allow_scim_mass_leave, issue_scim_token
from twoway.org.models import AuditEvent, Person

from .conftest import ScimClient, patch_op
from .test_scim_okta import NEW_USER


def user(user_name: str, **extra) -> dict:
    return {**NEW_USER, "userName": user_name, "externalId": user_name,
            "emails": [{"value": user_name, "type": "work", "primary": True}], **extra}  # fmt: skip


def test_no_token_or_a_wrong_one_is_401_with_a_scim_error(world, scim):
    assert Client().get("/scim/v2/Users").status_code == 401
    wrong = ScimClient(Client(), "tws_not-a-token")
    response = wrong.get("Users")
    assert response.status_code == 401
    assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert "Bearer" in response["WWW-Authenticate"]


def test_a_new_token_ends_the_old_one(world, scim):
    issue_scim_token(world.org)
    assert scim.get("Users").status_code == 401


def test_another_organisations_token_sees_none_of_acme_and_its_ids_are_404(world, scim):
    hana = scim.post("Users", NEW_USER).json()
    globex = ScimClient(Client(), issue_scim_token(world.other_org))
    assert globex.get("Users").json()["totalResults"] == 0
    assert globex.get(f"Users/{hana['id']}").status_code == 404
    assert (
        globex.patch(
            f"Users/{hana['id']}", patch_op({"op": "replace", "value": {"active": False}})
        ).status_code
        == 404
    )
    assert globex.delete(f"Users/{hana['id']}").status_code == 404
    created = globex.post("Users", NEW_USER)  # the same userName is free in another tenant
    assert created.status_code == 201
    assert Person.objects.get(organisation=world.other_org, email=NEW_USER["userName"])
    assert Person.objects.get(organisation=world.org, email=NEW_USER["userName"]).is_active


def test_a_mass_leave_through_scim_is_held_until_an_admin_allows_it(world, scim):
    # 14 people at Acme and 4 provisioned; mass-leave share 20%: 3 of 18 may leave in a day
    # (17%), not a fourth (22%).
    ids = [scim.post("Users", user(f"p{i}@acme.example")).json()["id"] for i in range(4)]
    off = patch_op({"op": "replace", "value": {"active": False}})
    for pk in ids[:3]:
        assert scim.patch(f"Users/{pk}", off).status_code == 200
    held = scim.patch(f"Users/{ids[3]}", off)
    assert held.status_code == 409
    assert "mass-leave" in held.json()["detail"]
    assert Person.objects.get(email="p3@acme.example").is_active  # nothing written
    assert AuditEvent.objects.filter(summary__contains="held by the mass-leave guard").exists()
    assert scim.delete(f"Users/{ids[3]}").status_code == 409  # a DELETE is a leave too
    allow_scim_mass_leave(world.org, world.admin)
    assert scim.patch(f"Users/{ids[3]}", off).status_code == 200
    assert not Person.objects.get(email="p3@acme.example").is_active


def test_an_admin_allows_it_on_the_sign_on_page(world, login):
    client = login(world.admin)
    response = client.post("/o/acme/identity/", {"action": "allow_leave"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(kind="settings_changed", summary__contains="allowed").exists()


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"name": {"givenName": "X"}}, "userName is required"),
        (user("x@acme.example", emails=[{"value": "not an address", "primary": True}]),
         "emails.value"),
        (user("x@acme.example", active="maybe"), "active must be true or false"),
        (user("x@acme.example", name={"givenName": "X" * 101}), "name.givenName"),
        (user("x@acme.example", **{"urn:ietf:params:scim:schemas:extension:twoway:2.0:User":
                                   {"hireDate": "yesterday"}}), "hireDate"),
        (user("x@acme.example", preferredLanguage="Klingon"), "preferredLanguage"),
        ("{not json", "not JSON"),
        ([1, 2], "User object"),
    ],
)  # fmt: skip
def test_bad_input_is_400_naming_the_attribute_with_nothing_written(world, scim, body, says):
    before = Person.objects.count()
    response = scim.post("Users", body)
    assert response.status_code == 400, response.content
    assert says in response.json()["detail"]
    assert response.json()["scimType"]
    assert Person.objects.count() == before


def test_a_bad_filter_or_page_is_400_invalid_filter(world, scim):
    response = scim.get("Users", {"filter": 'userName eq "a" and'})
    assert response.status_code == 400 and response.json()["scimType"] == "invalidFilter"
    assert scim.get("Users", {"filter": 'password eq "x"'}).json()["scimType"] == "invalidFilter"
    assert scim.get("Users", {"count": "ten"}).status_code == 400


def test_an_unknown_member_is_400_and_moves_nobody(world, scim):
    hana = scim.post("Users", NEW_USER).json()
    unknown = "5b7a8d0e-0000-4000-8000-000000000000"
    members = [{"value": hana["id"]}, {"value": unknown}]
    response = scim.post("Groups", {"displayName": "Lisbon > X", "members": members})
    assert response.status_code == 400 and "members" in response.json()["detail"]
    assert Person.objects.get(email=NEW_USER["userName"]).unit == world.center


def test_pagination_uses_one_based_start_index_and_count(world, scim):
    for i in range(7):
        scim.post("Users", user(f"u{i}@acme.example"))
    first = scim.get("Users", {"startIndex": 1, "count": 3}).json()
    third = scim.get("Users", {"startIndex": 7, "count": 3}).json()
    assert first["totalResults"] == 7 and first["itemsPerPage"] == 3 and first["startIndex"] == 1
    assert [r["userName"] for r in first["Resources"]] == [f"u{i}@acme.example" for i in range(3)]
    assert [r["userName"] for r in third["Resources"]] == ["u6@acme.example"]
    assert scim.get("Users", {"count": 0}).json()["Resources"] == []


def test_listing_users_and_groups_takes_a_bounded_number_of_queries(
    world, scim, django_assert_max_num_queries
):
    ids = [scim.post("Users", user(f"u{i}@acme.example")).json()["id"] for i in range(20)]
    scim.post("Groups", {"displayName": "Lisbon > A", "members": [{"value": i} for i in ids[:10]]})
    scim.post("Groups", {"displayName": "Lisbon > B", "members": [{"value": i} for i in ids[10:]]})
    with django_assert_max_num_queries(8):
        assert len(scim.get("Users").json()["Resources"]) == 20
    with django_assert_max_num_queries(8):
        groups = scim.get("Groups").json()["Resources"]
    assert sorted(len(g["members"]) for g in groups) == [10, 10]


def test_discovery_documents_say_patch_and_filter_are_supported(world, scim):
    config = scim.get("ServiceProviderConfig").json()
    assert config["patch"]["supported"] and config["filter"]["supported"]
    assert {r["id"] for r in scim.get("ResourceTypes").json()["Resources"]} == {"User", "Group"}
    assert scim.get("Schemas").json()["totalResults"] == 4


def test_every_scim_write_is_in_the_audit_log_as_a_roster_import(world, scim):
    hana = scim.post("Users", NEW_USER).json()
    scim.patch(f"Users/{hana['id']}", patch_op({"op": "replace", "value": {"title": "Supervisor"}}))
    events = AuditEvent.objects.filter(organisation=world.org, details__source="scim")
    assert [e.details["counts"] for e in events.order_by("at", "pk")] == [
        {"joiners": 1, "rejoiners": 0, "leavers": 0, "movers": 0, "changed": 0, "new_units": 0},
        {"joiners": 0, "rejoiners": 0, "leavers": 0, "movers": 0, "changed": 1, "new_units": 0},
    ]
    assert all(e.get_kind_display() == "Roster import" for e in events)
    assert json.dumps(list(events.values_list("details", flat=True)))  # plain JSON


@pytest.mark.parametrize(
    ("path", "body", "names"),
    [
        ("Users", user("nul@acme.example", displayName="Ha\x00na"), "displayName"),
        ("Users", user("nul@acme.example", name={"givenName": "\x00"}), "name.givenName"),
        ("Groups", {"displayName": "Team\x00 X", "members": []}, "displayName"),
        ("Groups", {"displayName": "Team X", "members": [{"value": "\x00"}]}, "members.0.value"),
    ],
)
def test_a_nul_character_is_refused_naming_where_it_is(world, scim, path, body, names):
    # JSON may carry "\u0000"; PostgreSQL's text cannot, which was a 500 (found by fuzzing).
    response = scim.post(path, body)
    assert response.status_code == 400, response.content
    assert response.json()["scimType"] == "invalidValue"
    assert response.json()["detail"].startswith(names)
    assert not Person.objects.filter(email="nul@acme.example").exists()
