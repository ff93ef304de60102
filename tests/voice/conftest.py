"""Voice tests: fresh per-process caches, and helpers that post and vote as the world's people."""

from __future__ import annotations

import pytest

from tests.factories import make_account
from twoway.voice import headcounts, matching
from twoway.voice.services import cast_vote, create_post

WORKAROUND = {
    "kind": "workaround",
    "title": "The CRM freezes when I save call notes",
    "body": "So I type the notes in Notepad first and paste them after the call.",
    "theme": "tools",
    "official_way": "Type notes straight into the CRM",
    "instead": "Notepad, then paste",
    "minutes_lost": "1.5",
    "how_often": "4",
    "per": "shift",
    "people_affected": "40",
}


@pytest.fixture(autouse=True)
def fresh_voice_caches():
    yield
    matching.clear_indexes()
    headcounts.clear_cache()


@pytest.fixture
def agents(world):
    """Accounts for Ben and Cruz (Team Lisbon 1) and Dan and Eva (Team Lisbon 2)."""
    return {
        name: make_account(name.lower(), world.org, person=world.people[name])
        for name in ("Ben", "Cruz", "Dan", "Eva")
    }


@pytest.fixture
def post_as(world):
    """Create a post straight through the service, as `person` (default: Ana)."""

    def make(title="Headsets drop the call", person=None, kind="idea", signed=False, **extra):
        data = {"kind": kind, "title": title, "body": extra.pop("body", ""), "theme": "other"}
        if kind == "workaround":
            data.update(minutes_lost=2.0, how_often=3.0, per="shift", people_affected=20)
        data.update(extra)
        person = person or world.people["Ana"]
        data["is_leader"] = person.role != "agent"
        return create_post(person.organisation, person, data, signed=signed)

    return make


@pytest.fixture
def votes(world):
    """Votes from several people of the world on a post."""

    def cast(post, names, value=1, minutes=None):
        for name in names:
            cast_vote(post, world.people[name], value, minutes)
        post.refresh_from_db()
        return post

    return cast
