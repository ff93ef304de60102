"""Django settings for twoway, read from the environment.

Every setting that an operator may change comes from an environment variable through a small
typed helper that stops start-up with a clear message on a bad value.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from twoway.identity.sso_config import oidc_settings

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_DIR = PACKAGE_DIR.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in env_str(name, default).split(",") if part.strip()]


def default_data_dir() -> Path:
    """`./data` beside a source checkout, the user's data folder for an installed package."""
    if (SOURCE_DIR / "pyproject.toml").exists():
        return SOURCE_DIR / "data"
    return Path.home() / ".local" / "share" / "twoway"


DATA_DIR = Path(env_str("TWOWAY_DATA_DIR", str(default_data_dir()))).expanduser().resolve()

DEBUG = env_bool("TWOWAY_DEBUG", False)
SECRET_KEY = os.environ.get("TWOWAY_SECRET_KEY", "")
if not SECRET_KEY:
    # A stable key kept in the data folder, so sessions survive restarts of the demo.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        SECRET_KEY = key_file.read_text().strip()
    else:
        from django.core.management.utils import get_random_secret_key

        SECRET_KEY = get_random_secret_key()
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(SECRET_KEY)
        key_file.chmod(0o600)

ALLOWED_HOSTS = env_list("TWOWAY_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("TWOWAY_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("TWOWAY_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs' Swagger UI from static files, not a CDN (CSP)
    "twoway.org",
    "twoway.cases",
    "twoway.surveys",
    "twoway.pulse",
    "twoway.followups",
    "twoway.voice",
    "twoway.conversations",
    "twoway.change",
    "twoway.identity",
    "twoway.workspace",
    "twoway.notify",
    "twoway.reports",
    "twoway.api",
    "twoway.api_grants",
    "twoway.commands",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "twoway.urls"
WSGI_APPLICATION = "twoway.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]


def sqlite_synchronous() -> str:
    """NORMAL (the default): a commit survives the server being killed, not the machine
    losing power, and intake runs at 890 answers a second on 2 cores; FULL waits for the
    disk on every commit and survives both, at 590 (bench/intake_load.py)."""
    value = (env_str("TWOWAY_SQLITE_SYNCHRONOUS", "") or "normal").strip().lower()
    if value not in {"normal", "full"}:
        raise ImproperlyConfigured(f"TWOWAY_SQLITE_SYNCHRONOUS={value!r}: use normal or full.")
    return value.upper()


def database_config(url: str | None) -> dict:
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'twoway.sqlite3'}"
    if not url.startswith(("sqlite:", "postgres:", "postgresql:")):
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r}: use sqlite:///path/to/file or postgresql://user:pass@host/db."
        )
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    prepared_statements = env_bool("TWOWAY_DB_PREPARED_STATEMENTS", True)
    synchronous = sqlite_synchronous()
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Keep connections: opening one runs the PRAGMAs above, a cost on every request.
        config["CONN_MAX_AGE"] = 600
        config["OPTIONS"] = {
            # WAL lets readers and one writer work at once; IMMEDIATE avoids upgrade deadlocks.
            "init_command": (
                f"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; "
                "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif prepared_statements:
        # Only the answer path's statements bind on the server (surveys/hot_sql.py), so only
        # they are prepared, after 5 runs on a connection. PgBouncer needs 1.21 or later with
        # max_prepared_statements set; with an older pooler, turn this off.
        config["OPTIONS"] = {**config.get("OPTIONS", {}), "prepare_threshold": 5}
    return config


DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"))}
if os.environ.get("TEST_DATABASE_URL"):
    DATABASES["default"] = database_config(os.environ["TEST_DATABASE_URL"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("TWOWAY_PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Passwords, and single sign-on through OpenID Connect when TWOWAY_OIDC_CLIENT_ID is set.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "twoway.identity.sso.SignOnBackend",
]
globals().update(oidc_settings(os.environ))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
LOGIN_FAILURE_LIMIT = env_int("TWOWAY_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("TWOWAY_LOGIN_FAILURE_WINDOW", 900, minimum=1)
# Failures from one client address, whatever the account (password spraying); an office behind
# one NAT address shares it, hence the higher default.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("TWOWAY_LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=1)
# Password-reset e-mails one client address may ask for in the window.
PASSWORD_RESET_LIMIT = env_int("TWOWAY_PASSWORD_RESET_LIMIT", 5, minimum=1)
PASSWORD_RESET_TIMEOUT = env_int("TWOWAY_PASSWORD_RESET_SECONDS", 3 * 3600, minimum=300)


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Addresses or networks (10.0.0.0/8) separated by commas."""
    networks = []
    for part in env_list(name, ""):
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {part!r} is not an IP address or network (such as 10.0.0.0/8)."
            ) from None
    return networks


# The reverse proxies in front of twoway, whose X-Forwarded-For is believed (see docs/security.md).
TRUSTED_PROXIES = env_networks("TWOWAY_TRUSTED_PROXIES")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TWOWAY_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True

# Submitted answers are held, sealed, and written in shuffled batches of at least this many
# (docs/privacy.md): the database then cannot tell which response is whose. At least k.
RESPONSE_BATCH = env_int("TWOWAY_RESPONSE_BATCH", 10, minimum=1)

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ROSTER_UPLOAD_MAX_BYTES = env_int("TWOWAY_ROSTER_MAX_BYTES", 60 * 1024 * 1024, minimum=1024)
# The most an XLSX roster may unpack to (the ZIP bomb guard); 100 MB is about 200,000 people.
ROSTER_MAX_UNPACKED_BYTES = env_int("TWOWAY_ROSTER_MAX_UNPACKED_MB", 100, minimum=1) * 2**20
# An uploaded roster left unconfirmed this long is deleted, content and all.
PENDING_UPLOAD_HOURS = env_int("TWOWAY_PENDING_UPLOAD_HOURS", 24, minimum=1)

# HTTPS (docs/security.md). TWOWAY_HTTPS=true, for a site served over TLS, turns every one of
# these on; each can still be set on its own. `twoway check --deploy` then warns of nothing.
HTTPS = env_bool("TWOWAY_HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("TWOWAY_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env_int("TWOWAY_HSTS_SECONDS", 365 * 86400 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TWOWAY_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("TWOWAY_HSTS_PRELOAD", HTTPS)
# Only behind a reverse proxy that sets X-Forwarded-Proto itself: a client could forge it.
if env_bool("TWOWAY_PROXY_SETS_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("TWOWAY_SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): scripts only from twoway's own static files, never
# inline nor eval'd, so an injected <script> or onclick= does not run. Styles still allow inline
# <style> blocks, which some templates keep (listed in docs/security.md); attributes are gone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.NONE],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
    },
}

EMAIL_BACKEND = env_str("TWOWAY_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("TWOWAY_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("TWOWAY_SMTP_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("TWOWAY_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_str("TWOWAY_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("TWOWAY_SMTP_TLS", False)
# Seconds before a silent mail server fails a send (password-reset and invitation e-mails are
# sent inside the request).
EMAIL_TIMEOUT = env_int("TWOWAY_SMTP_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("TWOWAY_FROM_EMAIL", "twoway@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_tokens": {"()": "twoway.logfilters.MaskInvitationTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"]}},
    "root": {"handlers": ["console"], "level": env_str("TWOWAY_LOG_LEVEL", "WARNING")},
}
