"""SCIM provisioning as Microsoft Entra ID sends it (Microsoft's SCIM endpoint tutorial):
PATCH by attribute path with capitalised ops, the enterprise extension, manager references,
groups read without members, member changes as Add/Remove with value lists, DELETE."""

from __future__ import annotations

from twoway.org.models import Person

from .conftest import patch_op

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def entra_user(user_name: str, employee: str, given: str = "Ivo", family: str = "Santos") -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        "externalId": f"ext-{employee}",
        "userName": user_name,
        "active": True,
        "emails": [{"primary": True, "type": "work", "value": user_name}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": f"{given} {family}", "familyName": family, "givenName": given},
        "roles": [],
        ENTERPRISE: {"employeeNumber": employee, "department": "Care"},
    }


def test_entra_creates_then_patches_email_and_name_by_path(world, entra):
    user = entra.post("Users", entra_user("ivo@acme.example", "E050")).json()
    response = entra.patch(
        f"Users/{user['id']}",
        patch_op(
            {
                "op": "Replace",
                "path": 'emails[type eq "work"].value',
                "value": "ivo.s@acme.example",
            },
            {"op": "Replace", "path": "name.familyName", "value": "Silva"},
        ),
    )
    assert response.status_code == 200, response.content
    ivo = Person.objects.get(organisation=world.org, employee_id="E050")
    assert (ivo.email, ivo.last_name) == ("ivo.s@acme.example", "Silva")


def test_entra_disables_with_a_text_false(world, entra):
    user = entra.post("Users", entra_user("ivo@acme.example", "E050")).json()
    response = entra.patch(
        f"Users/{user['id']}", patch_op({"op": "Replace", "path": "active", "value": "False"})
    )
    assert response.status_code == 200, response.content
    assert Person.objects.get(employee_id="E050").is_active is False


def test_entra_sets_the_manager_by_reference_and_removes_it(world, entra):
    lead = entra.post("Users", entra_user("lia@acme.example", "E051", "Lia")).json()
    ivo = entra.post("Users", entra_user("ivo@acme.example", "E050")).json()
    added = entra.patch(
        f"Users/{ivo['id']}",
        patch_op({"op": "Add", "path": f"{ENTERPRISE}:manager", "value": lead["id"]}),
    )
    assert added.status_code == 200, added.content
    assert added.json()[ENTERPRISE]["manager"]["value"] == lead["id"]
    assert Person.objects.get(employee_id="E050").manager.employee_id == "E051"
    itself = entra.patch(
        f"Users/{ivo['id']}",
        patch_op({"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": ivo["id"]}),
    )
    assert itself.status_code == 200
    assert Person.objects.get(employee_id="E050").manager.employee_id == "E051"
    removed = entra.patch(
        f"Users/{ivo['id']}", patch_op({"op": "Remove", "path": f"{ENTERPRISE}:manager"})
    )
    assert removed.status_code == 200
    assert Person.objects.get(employee_id="E050").manager is None


def test_entra_changes_the_employee_number_of_a_provisioned_person(world, entra):
    ivo = entra.post("Users", entra_user("ivo@acme.example", "E050")).json()
    entra.patch(
        f"Users/{ivo['id']}",
        patch_op({"op": "Replace", "path": f"{ENTERPRISE}:employeeNumber", "value": "E950"}),
    )
    assert Person.objects.filter(employee_id="E950", email="ivo@acme.example").exists()
    taken = entra.patch(
        f"Users/{ivo['id']}",
        patch_op({"op": "Replace", "path": f"{ENTERPRISE}:employeeNumber", "value": "E011"}),
    )
    assert taken.status_code == 409 and "E011" in taken.json()["detail"]


def test_entra_reads_groups_without_members_and_adds_and_removes_members(world, entra):
    ivo = entra.post("Users", entra_user("ivo@acme.example", "E050")).json()
    lia = entra.post("Users", entra_user("lia@acme.example", "E051", "Lia")).json()
    group = entra.post(
        "Groups",
        {"externalId": "8aa1a0c0", "displayName": "Work at Home > Team Home 2",
         "meta": {"resourceType": "Group"}, "members": [],
         "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"]},
    ).json()  # fmt: skip
    listed = entra.get(
        "Groups",
        {"excludedAttributes": "members", "filter": 'displayName eq "Work at Home > Team Home 2"'},
    )
    assert listed.json()["totalResults"] == 1
    assert "members" not in listed.json()["Resources"][0]

    both = [{"$ref": None, "value": ivo["id"]}, {"$ref": None, "value": lia["id"]}]
    add = patch_op({"name": "addMember", "op": "Add", "path": "members", "value": both})
    assert entra.patch(f"Groups/{group['id']}", add).status_code == 200
    member = entra.get(
        "Groups", {"filter": f'id eq "{group["id"]}" and members eq "{ivo["id"]}"',
                   "excludedAttributes": "members"},
    )  # fmt: skip
    assert member.json()["totalResults"] == 1
    remove = patch_op({"name": "removeMember", "op": "Remove", "path": "members",
                       "value": [{"$ref": None, "value": ivo["id"]}]})  # fmt: skip
    after = entra.patch(f"Groups/{group['id']}", remove)
    assert [m["value"] for m in after.json()["members"]] == [lia["id"]]
    assert Person.objects.get(employee_id="E050").unit == world.center
    assert Person.objects.get(employee_id="E051").unit.name == "Team Home 2"


def test_entra_deletes_a_user_who_then_leaves_and_is_gone_from_scim(world, entra):
    ivo = entra.post("Users", entra_user("ivo@acme.example", "E050")).json()
    assert entra.delete(f"Users/{ivo['id']}").status_code == 204
    assert entra.get(f"Users/{ivo['id']}").status_code == 404
    assert Person.objects.get(employee_id="E050").is_active is False
    # Provisioned again later, the same person comes back rather than a second one.
    again = entra.post("Users", entra_user("ivo@acme.example", "E050"))
    assert again.status_code == 201
    assert Person.objects.filter(employee_id="E050").count() == 1
    assert Person.objects.get(employee_id="E050").is_active


def test_entra_put_on_a_group_replaces_its_members(world, entra):
    ivo = entra.post("Users", entra_user("ivo@acme.example", "E050")).json()
    lia = entra.post("Users", entra_user("lia@acme.example", "E051", "Lia")).json()
    group = entra.post("Groups", {"displayName": "Lisbon > Team Lisbon 9",
                                  "members": [{"value": ivo["id"]}]}).json()  # fmt: skip
    put = entra.put(f"Groups/{group['id']}", {"displayName": "Lisbon > Team Lisbon 9",
                                              "members": [{"value": lia["id"]}]})  # fmt: skip
    assert [m["value"] for m in put.json()["members"]] == [lia["id"]]
    assert Person.objects.get(employee_id="E050").unit == world.center
