"""Single sign-on settings from the environment, read once by `twoway.settings`.

Sign-on is on when TWOWAY_OIDC_CLIENT_ID is set; then the provider's endpoints and the one
organisation whose people it vouches for must be set too, or start-up stops naming what is
missing. No Django import here: settings.py calls `oidc_settings(os.environ)` while Django
is still being configured.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

REQUIRED = (
    "TWOWAY_OIDC_CLIENT_SECRET",
    "TWOWAY_OIDC_ISSUER",
    "TWOWAY_OIDC_AUTHORIZATION_ENDPOINT",
    "TWOWAY_OIDC_TOKEN_ENDPOINT",
    "TWOWAY_OIDC_USERINFO_ENDPOINT",
    "TWOWAY_OIDC_JWKS_ENDPOINT",
    "TWOWAY_OIDC_ORGANISATION",
)
MATCHES = ("email", "employee_id")


def oidc_settings(environ: Mapping[str, str]) -> dict[str, object]:
    """The Django settings of mozilla-django-oidc and of twoway's mapping, from `environ`."""

    def get(name: str, default: str = "") -> str:
        return environ.get(name, default).strip()

    enabled = bool(get("TWOWAY_OIDC_CLIENT_ID"))
    if enabled:
        missing = [name for name in REQUIRED if not get(name)]
        if missing:
            raise ImproperlyConfigured(
                "TWOWAY_OIDC_CLIENT_ID is set, so single sign-on is on, but "
                + ", ".join(missing)
                + " is not set (see docs/operations.md, Single sign-on)."
            )
    match = get("TWOWAY_OIDC_MATCH", "email")
    if match not in MATCHES:
        raise ImproperlyConfigured(f"TWOWAY_OIDC_MATCH={match!r}: use email or employee_id.")
    return {
        "OIDC_ENABLED": enabled,
        "OIDC_PROVIDER_NAME": get("TWOWAY_OIDC_PROVIDER_NAME", "your company account"),
        "OIDC_ORGANISATION": get("TWOWAY_OIDC_ORGANISATION"),
        "OIDC_ISSUER": get("TWOWAY_OIDC_ISSUER").rstrip("/"),
        "OIDC_MATCH": match,
        "OIDC_EMPLOYEE_ID_CLAIM": get("TWOWAY_OIDC_EMPLOYEE_ID_CLAIM", "employee_id"),
        "OIDC_RP_CLIENT_ID": get("TWOWAY_OIDC_CLIENT_ID"),
        "OIDC_RP_CLIENT_SECRET": get("TWOWAY_OIDC_CLIENT_SECRET"),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": get("TWOWAY_OIDC_AUTHORIZATION_ENDPOINT"),
        "OIDC_OP_TOKEN_ENDPOINT": get("TWOWAY_OIDC_TOKEN_ENDPOINT"),
        "OIDC_OP_USER_ENDPOINT": get("TWOWAY_OIDC_USERINFO_ENDPOINT"),
        "OIDC_OP_JWKS_ENDPOINT": get("TWOWAY_OIDC_JWKS_ENDPOINT"),
        "OIDC_RP_SIGN_ALGO": get("TWOWAY_OIDC_SIGN_ALGO", "RS256"),
        "OIDC_RP_SCOPES": get("TWOWAY_OIDC_SCOPES", "openid email profile"),
        "OIDC_USE_PKCE": True,
        "OIDC_TIMEOUT": 10,
        # mozilla-django-oidc's own account creation is replaced by twoway's mapping.
        "OIDC_CREATE_USER": False,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc_authentication_callback",
        "LOGIN_REDIRECT_URL_FAILURE": "/login/",
    }
