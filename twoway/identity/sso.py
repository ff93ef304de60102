"""OpenID Connect through mozilla-django-oidc: its code flow (with PKCE and a nonce), token
and signature checks, with twoway's mapping of the identity to a person (`signon`).

Everything answers 404 while sign-on is off (no TWOWAY_OIDC_CLIENT_ID).
"""

from __future__ import annotations

import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .signon import SignOnRefused, sign_on

log = logging.getLogger(__name__)


class SignOnBackend(OIDCAuthenticationBackend):
    """Authenticates the code flow's callback; a password log-in never reaches it."""

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED or request is None or "code" not in request.GET:
            return None
        return super().authenticate(request, **kwargs)

    def retrieve_matching_jwk(self, token):
        """The provider's key for the token. A token without a key id (RFC 7515 makes it
        optional) is checked against the provider's one signing key, never a guess among
        several; mozilla-django-oidc alone fails with a KeyError there."""
        header = jwt.get_unverified_header(token)
        if "kid" in header:
            return super().retrieve_matching_jwk(token)
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("use", "sig") == "sig"
            and key.get("alg", header.get("alg")) == header.get("alg")
        ]
        if len(keys) != 1:
            raise SuspiciousOperation("The token names no key and the provider has several.")
        return jwt.PyJWK(keys[0])

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        try:
            return sign_on(str(payload.get("iss", "")), str(payload.get("sub", "")), claims)
        except SignOnRefused as refusal:
            log.info("single sign-on refused: %s", refusal.message)
            messages.error(self.request, refusal.message)
            return None


class SignOnStart(OIDCAuthenticationRequestView):
    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class SignOnCallback(OIDCAuthenticationCallbackView):
    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def login_failure(self):
        if not messages.get_messages(self.request):
            messages.error(self.request, "Single sign-on did not complete. Try again.")
        return super().login_failure()
