"""Fixtures shared by every test: the `world` organisation (see tests/factories.py), log-ins,
and settings that make tests fast and independent."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from tests.factories import World, build_world

pytest_plugins = ["tests.survey_fixtures", "tests.notify_fixtures", "tests.hostile_files"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a password by design; tests need speed, not strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """A view that activates a respondent's language leaves it active in the thread; reset it
    so the next test in this worker starts in English, as a new request would."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_process_caches():
    """Database ids repeat between tests (rolled back), so per-process caches keyed by id
    (template items, redactors, cached results) must not outlive a test."""
    from django.core.cache import cache

    from twoway.pulse.hot import is_pulse_wave
    from twoway.surveys import hot

    yield
    is_pulse_wave.cache_clear()
    hot.template_items.cache_clear()
    hot._redactors.clear()
    cache.clear()


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Background tasks run at once in tests, in the same transaction as the test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture(autouse=True)
def responses_written_at_once(settings):
    """Answers are held and written in shuffled batches of TWOWAY_RESPONSE_BATCH (10 by
    default); most tests read a response right after sending it, so batches of one here. The
    tests of holding itself set their own."""
    settings.RESPONSE_BATCH = 1
