"""SCIM filters and PATCH on JSON, without Django: the shapes Okta and Entra send."""

from __future__ import annotations

import pytest

from twoway.identity.scim.filters import (
    And,
    Compare,
    FilterError,
    Not,
    Or,
    Present,
    matches,
    parse_filter,
)
from twoway.identity.scim.patch import PatchError, apply_patch

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def test_the_filters_identity_providers_send_parse_to_comparisons():
    assert parse_filter('userName eq "ana@acme.example"') == Compare(
        "username", "eq", "ana@acme.example"
    )
    assert parse_filter('externalId eq "00u1" and active eq true') == And(
        Compare("externalid", "eq", "00u1"), Compare("active", "eq", True)
    )
    assert parse_filter(f'{ENTERPRISE}:employeeNumber eq "E011"') == Compare(
        "enterprise.employeenumber", "eq", "E011"
    )


def test_precedence_is_not_then_and_then_or_with_brackets_and_element_filters():
    node = parse_filter('title pr or not (active eq false) and emails[type eq "work"]')
    assert node == Or(
        Present("title"),
        And(Not(Compare("active", "eq", False)), Compare("emails.type", "eq", "work")),
    )


def test_quoted_values_keep_escapes_and_spaces():
    assert parse_filter(r'displayName eq "Lisbon > Team \"A\""').value == 'Lisbon > Team "A"'


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("userName eq", "ends too early"),
        ('userName equals "a"', "Unknown operator"),
        ('userName eq "a" and', "ends too early"),
        ("(userName pr", "not closed"),
        ("userName eq ana", "double quotes"),
        ('urn:example:foo:bar eq "x"', "Unknown schema"),
    ],
)
def test_a_broken_filter_says_what_is_wrong(text, says):
    with pytest.raises(FilterError, match=says):
        parse_filter(text)


def test_matches_compares_text_without_case_and_looks_into_lists():
    user = {"userName": "Ana@Acme.example", "emails": [{"type": "work", "value": "a@x.example"}]}
    assert matches(parse_filter('username eq "ana@acme.EXAMPLE"'), user)
    assert matches(parse_filter('emails[type eq "work" and value ew ".example"]'), user)
    assert not matches(parse_filter("title pr"), user)


def test_okta_deactivates_with_a_value_object_and_no_path():
    user = {"userName": "ana", "active": True}
    body = {"Operations": [{"op": "replace", "value": {"active": False}}]}
    assert apply_patch(user, body) == {"userName": "ana", "active": False}
    assert user["active"] is True  # the input is left as it was


def test_entra_replaces_by_path_with_capitalised_ops_and_element_filters():
    user = {"name": {"givenName": "Ana"}, "emails": [{"type": "work", "value": "old@x.example"}]}
    body = {
        "Operations": [
            {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "new@x.example"},
            {"op": "Add", "path": "name.familyName", "value": "Example"},
            {"op": "Add", "path": f"{ENTERPRISE}:employeeNumber", "value": "E011"},
            {"op": "Add", "path": 'phoneNumbers[type eq "mobile"].value', "value": "+1 555"},
        ]
    }
    after = apply_patch(user, body)
    assert after["emails"] == [{"type": "work", "value": "new@x.example"}]
    assert after["name"] == {"givenName": "Ana", "familyName": "Example"}
    assert after[ENTERPRISE] == {"employeeNumber": "E011"}
    assert after["phoneNumbers"] == [{"type": "mobile", "value": "+1 555"}]


def test_members_are_added_once_and_removed_by_filter_or_by_value_list():
    group = {"members": [{"value": "a"}, {"value": "b"}]}
    added = apply_patch(
        group,
        {
            "Operations": [
                {"op": "add", "path": "members", "value": [{"value": "B"}, {"value": "c"}]}
            ]
        },
    )
    assert [m["value"] for m in added["members"]] == ["a", "b", "c"]
    okta = apply_patch(added, {"Operations": [{"op": "remove", "path": 'members[value eq "a"]'}]})
    entra = apply_patch(
        okta, {"Operations": [{"op": "Remove", "path": "members", "value": [{"value": "c"}]}]}
    )
    assert [m["value"] for m in entra["members"]] == ["b"]


def test_a_value_object_may_name_an_extension_by_its_urn():
    body = {"Operations": [{"op": "replace", "value": {ENTERPRISE: {"employeeNumber": "E9"}}}]}
    assert apply_patch({}, body) == {ENTERPRISE: {"employeeNumber": "E9"}}


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ([], "PatchOp"),
        ({"Operations": []}, "non-empty"),
        ({"Operations": [{"op": "move", "path": "x"}]}, "add, replace or remove"),
        ({"Operations": [{"op": "remove"}]}, "needs a path"),
        ({"Operations": [{"op": "add", "value": 3}]}, "object of attributes"),
        ({"Operations": [{"op": "add", "path": "emails[type eq]", "value": 1}]}, "emails"),
        ({"Operations": [{"op": "add", "path": "bad path!", "value": 1}]}, "not an attribute"),
    ],
)
def test_a_broken_patch_says_what_is_wrong(body, says):
    with pytest.raises(PatchError, match=says):
        apply_patch({}, body)
