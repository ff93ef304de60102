"""OpenID Connect through mozilla-django-oidc: its code flow (with PKCE and a nonce), token
and signature checks, with twoway's mapping of the identity to a person (`signon`).

Everything answers 404 while sign-on is off (no TWOWAY_OIDC_CLIENT_ID).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
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
