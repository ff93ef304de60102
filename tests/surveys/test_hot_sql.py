"""The answer path's hand-written SQL gives what the ORM gives, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime

import pytest

from twoway.surveys import hot_sql
from twoway.surveys.models import HeldResponse, Invitation

pytestmark = pytest.mark.django_db


def test_an_invitation_by_its_token_reads_as_the_orm_reads_it(diagnostic):
    person = diagnostic.people["Ana"]
    person.hire_date = datetime.date(2021, 3, 9)
    person.save(update_fields=["hire_date"])
    expected = Invitation.objects.select_related("campaign", "person").get(person=person)
    found = hot_sql.invitation_by_token_hash(expected.token_hash)
    fields = [f.attname for f in Invitation._meta.concrete_fields]
    assert [getattr(found, f) for f in fields] == [getattr(expected, f) for f in fields]
    campaign_fields = [f.attname for f in found.campaign._meta.concrete_fields]
    for name in campaign_fields:  # times come back aware, languages as a list, ...
        assert getattr(found.campaign, name) == getattr(expected.campaign, name), name
    assert found.campaign.is_open and found.campaign.languages == ["en", "es"]
    for name in hot_sql.PERSON_FIELDS:
        assert getattr(found.person, name) == getattr(expected.person, name), name
    assert found.person.hire_date == datetime.date(2021, 3, 9)
    assert found.person.first_name == "Ana"  # not selected: loads on access, as with only()


def test_an_unknown_token_finds_nothing(diagnostic):
    assert hot_sql.invitation_by_token_hash("0" * 64) is None


def test_an_invitation_is_claimed_once(diagnostic):
    invitation = Invitation.objects.filter(campaign=diagnostic.campaign).first()
    assert hot_sql.claim(invitation.pk) is True
    assert hot_sql.claim(invitation.pk) is False
    invitation.refresh_from_db()
    assert invitation.responded


def test_a_held_answer_is_stored_and_counted(diagnostic):
    campaign = diagnostic.campaign
    day = datetime.date(2026, 5, 4)
    first = hot_sql.hold(campaign.pk, diagnostic.team1.pk, day, b"\x00sealed\xff", count_to=3)
    assert first.waiting == 1
    held = HeldResponse.objects.get(pk=first.id)
    assert (held.campaign_id, held.unit_id, held.submitted_on) == (
        campaign.pk,
        diagnostic.team1.pk,
        day,
    )
    assert bytes(held.payload) == b"\x00sealed\xff"
    second = hot_sql.hold(campaign.pk, diagnostic.team1.pk, day, b"another", count_to=3)
    assert second.waiting == 2 and second.id > first.id
    for _ in range(3):
        assert hot_sql.hold(campaign.pk, diagnostic.team1.pk, day, b"more", count_to=3).waiting == 3
    assert hot_sql.held_count(campaign.pk, count_to=3) == 3
    assert hot_sql.held_count(campaign.pk, count_to=10) == 5


def test_on_postgresql_the_lookup_is_prepared_once_per_connection(diagnostic):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    invitation = Invitation.objects.filter(campaign=diagnostic.campaign).first()
    for _ in range(6):  # psycopg prepares a statement on its 5th run (prepare_threshold)
        assert hot_sql.invitation_by_token_hash(invitation.token_hash).pk == invitation.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("token_hash" in statement for statement in prepared), prepared


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_an_answer_held_is_on_disk_with_its_claim(diagnostic):
    """The claim commits without waiting for the disk; the held answer's commit waits, and
    the WAL is flushed in order, so once the answer is held (and the person thanked) the
    claim before it is on disk too."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("write-ahead log positions are PostgreSQL's")
    invitation = Invitation.objects.filter(campaign=diagnostic.campaign).first()

    def wal(position: str):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_current_wal_{position}_lsn()::text")
            high, low = cursor.fetchone()[0].split("/")
            return int(high, 16) << 32 | int(low, 16)

    assert hot_sql.claim(invitation.pk)
    claimed_up_to = wal("insert")
    team, day = diagnostic.team1.pk, datetime.date(2026, 5, 4)
    hot_sql.hold(diagnostic.campaign.pk, team, day, b"x", count_to=1)
    assert wal("flush") >= claimed_up_to


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_lookup_stands_in_for_the_health_check(diagnostic, monkeypatch):
    """A request's first read replaces Django's `SELECT 1`: on a connection the server
    dropped while it was idle, the lookup still answers, on a new connection."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("kept connections and their health checks are PostgreSQL's here")
    invitation = Invitation.objects.filter(campaign=diagnostic.campaign).first()
    dropped = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [dropped])
    other.close()
    health_checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: health_checks.append(1) or True)
    connection.health_check_done = False  # as Django sets it when a request starts
    assert hot_sql.invitation_by_token_hash(invitation.token_hash).pk == invitation.pk
    assert connection.connection.info.backend_pid != dropped
    assert health_checks == []  # no SELECT 1 of its own
