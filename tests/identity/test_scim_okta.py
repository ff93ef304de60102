"""SCIM provisioning as Okta sends it (Okta's SCIM 2.0 reference requests): look the user up
by userName, create, replace, deactivate with a PATCH, push groups and their members."""

from __future__ import annotations

from twoway.org.models import AuditEvent, Person, Unit

from .conftest import patch_op

NEW_USER = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "hana.park@acme.example",
    "name": {"givenName": "Hana", "familyName": "Park"},
    "emails": [{"primary": True, "value": "hana.park@acme.example", "type": "work"}],
    "displayName": "Hana Park",
    "locale": "en-US",
    "externalId": "00ujl29u0le5T6Aj10h7",
    "groups": [],
    "password": "1mz050nq",
    "active": True,
}


def test_okta_finds_no_user_then_creates_one_who_joins_the_roster(world, scim):
    found = scim.get("Users", {"filter": 'userName eq "hana.park@acme.example"', "startIndex": 1,
                               "count": 100})  # fmt: skip
    assert found.status_code == 200
    assert found["Content-Type"] == "application/scim+json"
    assert found.json()["totalResults"] == 0 and found.json()["Resources"] == []

    created = scim.post("Users", NEW_USER)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["userName"] == "hana.park@acme.example" and body["active"] is True
    assert created["Location"].endswith(f"/scim/v2/Users/{body['id']}")
    person = Person.objects.get(organisation=world.org, email="hana.park@acme.example")
    assert (person.first_name, person.last_name, person.is_active) == ("Hana", "Park", True)
    assert person.employee_id == "00ujl29u0le5T6Aj10h7"  # no employeeNumber: the externalId
    assert person.unit == world.center  # no group yet: the root unit
    assert person.language == "en"  # locale en-US, as rosters write languages
    event = AuditEvent.objects.filter(organisation=world.org, kind="roster_import").first()
    assert event.actor_label == "SCIM" and event.details["counts"]["joiners"] == 1

    again = scim.get("Users", {"filter": 'userName eq "HANA.PARK@acme.example"'})
    assert [r["id"] for r in again.json()["Resources"]] == [body["id"]]


def test_okta_creating_the_same_user_name_twice_gets_409_uniqueness(world, scim):
    assert scim.post("Users", NEW_USER).status_code == 201
    again = scim.post("Users", NEW_USER)
    assert again.status_code == 409
    assert again.json()["scimType"] == "uniqueness"
    assert "hana.park@acme.example" in again.json()["detail"]


def test_a_person_already_on_the_roster_is_adopted_by_employee_number_not_duplicated(world, scim):
    body = {
        **NEW_USER,
        "userName": "ben@acme.example",
        "name": {"givenName": "Benjamin", "familyName": "Example"},
        "emails": [{"primary": True, "value": "ben@acme.example", "type": "work"}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "E012"},
    }
    count = Person.objects.filter(organisation=world.org).count()
    assert scim.post("Users", body).status_code == 201
    assert Person.objects.filter(organisation=world.org).count() == count
    ben = Person.objects.get(organisation=world.org, employee_id="E012")
    assert (ben.first_name, ben.email, ben.unit) == ("Benjamin", "ben@acme.example", world.team1)


def test_okta_replaces_a_user_with_put(world, scim):
    user = scim.post("Users", NEW_USER).json()
    replaced = scim.put(
        f"Users/{user['id']}",
        {**NEW_USER, "id": user["id"], "name": {"givenName": "Hana", "familyName": "Kim"},
         "title": "Team Leader"},
    )  # fmt: skip
    assert replaced.status_code == 200, replaced.content
    person = Person.objects.get(organisation=world.org, email="hana.park@acme.example")
    assert (person.last_name, person.job_title, person.role) == ("Kim", "Team Leader", "team_lead")


def test_okta_deactivates_with_patch_and_the_person_leaves_with_history_kept(world, scim):
    user = scim.post("Users", NEW_USER).json()
    response = scim.patch(
        f"Users/{user['id']}", patch_op({"op": "replace", "value": {"active": False}})
    )
    assert response.status_code == 200, response.content
    assert response.json()["active"] is False
    person = Person.objects.get(organisation=world.org, email="hana.park@acme.example")
    assert person.is_active is False and person.left_on is not None
    reactivated = scim.patch(
        f"Users/{user['id']}", patch_op({"op": "replace", "value": {"active": True}})
    )
    assert reactivated.json()["active"] is True
    person.refresh_from_db()
    assert person.is_active and person.left_on is None


def test_okta_pushes_a_group_that_becomes_a_unit_and_moves_its_members_there(world, scim):
    hana = scim.post("Users", NEW_USER).json()
    group = scim.post(
        "Groups",
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
         "displayName": "Lisbon > Team Lisbon 3", "members": []},
    )  # fmt: skip
    assert group.status_code == 201, group.content
    unit = Unit.objects.get(organisation=world.org, name="Team Lisbon 3")
    assert unit.parent == world.lisbon and unit.kind == "team"

    added = scim.patch(
        f"Groups/{group.json()['id']}",
        patch_op({"op": "add", "path": "members",
                  "value": [{"value": hana["id"], "display": "hana.park@acme.example"}]}),
    )  # fmt: skip
    assert added.status_code == 200, added.content
    assert [m["value"] for m in added.json()["members"]] == [hana["id"]]
    person = Person.objects.get(organisation=world.org, email="hana.park@acme.example")
    assert person.unit == unit
    assert (
        scim.get(f"Users/{hana['id']}").json()["groups"][0]["display"] == "Lisbon > Team Lisbon 3"
    )

    removed = scim.patch(
        f"Groups/{group.json()['id']}",
        patch_op({"op": "remove", "path": f'members[value eq "{hana["id"]}"]'}),
    )
    assert removed.json()["members"] == []
    person.refresh_from_db()
    assert person.unit == world.center


def test_a_group_named_as_an_existing_team_stands_for_that_team(world, scim):
    hana = scim.post("Users", NEW_USER).json()
    group = scim.post("Groups", {"displayName": "Team Lisbon 2",
                                 "members": [{"value": hana["id"]}]})  # fmt: skip
    assert group.status_code == 201, group.content
    assert Person.objects.get(email="hana.park@acme.example").unit == world.team2
    # Members are the provisioned people of the unit: Tina, Dan and Eva came from a roster.
    assert [m["value"] for m in group.json()["members"]] == [hana["id"]]


def test_okta_renames_a_group_with_a_value_object(world, scim):
    hana = scim.post("Users", NEW_USER).json()
    group = scim.post(
        "Groups", {"displayName": "Lisbon > Night", "members": [{"value": hana["id"]}]}
    )
    renamed = scim.patch(
        f"Groups/{group.json()['id']}",
        patch_op({"op": "replace", "value": {"id": group.json()["id"],
                                             "displayName": "Lisbon > Night shift"}}),
    )  # fmt: skip
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["displayName"] == "Lisbon > Night shift"
    assert Person.objects.get(email="hana.park@acme.example").unit.name == "Night shift"


def test_okta_lists_groups_by_display_name(world, scim):
    scim.post("Groups", {"displayName": "Lisbon > Night"})
    found = scim.get("Groups", {"filter": 'displayName eq "lisbon > night"'})
    assert found.json()["totalResults"] == 1
    assert found.json()["Resources"][0]["displayName"] == "Lisbon > Night"
