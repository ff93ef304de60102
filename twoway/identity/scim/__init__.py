"""SCIM 2.0 (RFC 7643, RFC 7644) without Django: filters, attribute paths and PATCH.

The provisioning endpoints (`twoway.identity.scim_views`) turn requests into a person's or a
unit's desired state with these, then write it through the roster sync.
"""
