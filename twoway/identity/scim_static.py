"""The SCIM discovery documents (RFC 7644 §4): what twoway's endpoints support."""

from __future__ import annotations

from django.conf import settings

from .scim_schema import CORE_GROUP, CORE_USER, ENTERPRISE, TWOWAY

CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"


def service_provider_config(max_results: int) -> dict:
    return {
        "schemas": [CONFIG],
        "documentationUri": f"{settings.SITE_URL}/docs/operations.md",
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": max_results},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "The organisation's SCIM token, from its sign-on page in twoway.",
                "primary": True,
            }
        ],
        "meta": {"resourceType": "ServiceProviderConfig"},
    }


RESOURCE_TYPES = [
    {
        "schemas": [RESOURCE_TYPE],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "description": "A person of the organisation's roster.",
        "schema": CORE_USER,
        "schemaExtensions": [
            {"schema": ENTERPRISE, "required": False},
            {"schema": TWOWAY, "required": False},
        ],
    },
    {
        "schemas": [RESOURCE_TYPE],
        "id": "Group",
        "name": "Group",
        "endpoint": "/Groups",
        "description": "A unit of the organisation's tree (a team, a site).",
        "schema": CORE_GROUP,
    },
]


def _attribute(name: str, kind: str = "string", **extra) -> dict:
    return {
        "name": name,
        "type": kind,
        "multiValued": extra.pop("multi", False),
        "required": extra.pop("required", False),
        "mutability": extra.pop("mutability", "readWrite"),
        "returned": "default",
        "uniqueness": extra.pop("uniqueness", "none"),
        **extra,
    }


SCHEMAS = [
    {
        "schemas": [SCHEMA],
        "id": CORE_USER,
        "name": "User",
        "attributes": [
            _attribute("userName", required=True, uniqueness="server"),
            _attribute("externalId"),
            _attribute(
                "name", "complex", subAttributes=[_attribute("givenName"), _attribute("familyName")]
            ),
            _attribute("displayName"),
            _attribute("emails", "complex", multi=True),
            _attribute("phoneNumbers", "complex", multi=True),
            _attribute("title"),
            _attribute("preferredLanguage"),
            _attribute("active", "boolean"),
            _attribute("groups", "complex", multi=True, mutability="readOnly"),
        ],
    },
    {
        "schemas": [SCHEMA],
        "id": ENTERPRISE,
        "name": "EnterpriseUser",
        "attributes": [_attribute("employeeNumber"), _attribute("manager", "complex")],
    },
    {
        "schemas": [SCHEMA],
        "id": TWOWAY,
        "name": "twoway reporting attributes",
        "attributes": [
            _attribute("hireDate", description="YYYY-MM-DD; reported only as a tenure band"),
            _attribute("workLocation", canonicalValues=["onsite", "remote", "hybrid"]),
            _attribute("shift"),
        ],
    },
    {
        "schemas": [SCHEMA],
        "id": CORE_GROUP,
        "name": "Group",
        "attributes": [
            _attribute("displayName", required=True, uniqueness="server"),
            _attribute("externalId"),
            _attribute("members", "complex", multi=True),
        ],
    },
]
