"""The writes of change initiatives: clear errors on the field, nothing half-written."""

from __future__ import annotations

import datetime

import pytest

from tests.change.conftest import GO_LIVE, adoption_csv, daily
from twoway.change.models import AdaptAlert, Decision, Message, Status
from twoway.change.services import (
    ChangeError,
    add_champion,
    add_message,
    add_phase,
    create_initiative,
    import_adoption,
    log_decision,
    move_phase,
    set_owner_ratings,
    set_status,
)

DAY = datetime.timedelta(days=1)


def error_of(call, *args, **kwargs) -> tuple[str, str]:
    with pytest.raises(ChangeError) as caught:
        call(*args, **kwargs)
    return caught.value.field, caught.value.message


def test_a_unit_is_impacted_once_whether_named_or_under_a_named_unit(world, desktop):
    dates = (GO_LIVE, GO_LIVE + DAY, GO_LIVE + 9 * DAY)
    assert error_of(add_phase, desktop, [world.team1], *dates) == (
        "units",
        "Acme Care / Lisbon / Team Lisbon 1 is impacted twice: Acme Care / Lisbon is in the "
        "phase Lisbon.",
    )
    assert error_of(add_phase, desktop, [world.center], *dates)[0] == "units"  # above both
    other = create_initiative(world.org, "kb", "KB")
    assert error_of(add_phase, other, [world.team1, world.lisbon], *dates) == (
        "units",
        "Acme Care / Lisbon is named twice (with Acme Care / Lisbon / Team Lisbon 1).",
    )


def test_phase_dates_are_checked_on_their_field(world, desktop):
    other = create_initiative(world.org, "kb", "KB")
    assert (
        error_of(add_phase, other, [world.team1], GO_LIVE, GO_LIVE - DAY, GO_LIVE)[0] == "go_live"
    )
    assert (
        error_of(add_phase, other, [world.team1], GO_LIVE, GO_LIVE, GO_LIVE - DAY)[0]
        == "sustain_until"
    )
    assert not other.phases.exists()


def test_moving_a_phase_replans_its_planned_messages_only(world, desktop):
    phase = desktop.phases.get(name="Lisbon")
    before = add_message(phase, channel="email", title="Coming", body="Soon", offset_days=-7)
    sent = add_message(phase, channel="huddle", title="Live", body="Today", offset_days=0)
    Message.objects.filter(pk=sent.pk).update(state=Message.State.SENT)
    assert move_phase(phase, phase.start, GO_LIVE + 7 * DAY, phase.sustain_until) == 1
    before.refresh_from_db()
    sent.refresh_from_db()
    assert before.due_on == GO_LIVE  # 7 days before the new go-live
    assert sent.due_on == GO_LIVE  # sent already: its day stays as it was


def test_no_message_after_the_initiative_closed(world, desktop):
    phase = desktop.phases.get(name="Lisbon")
    set_status(desktop, Status.CLOSED)
    assert error_of(add_message, phase, channel="email", title="x", body="y", offset_days=3) == (
        "offset_days",
        "This initiative has ended: nothing more is sent.",
    )
    assert error_of(set_status, desktop, Status.ABANDONED, "")[0] == "abandoned_reason"


def test_a_message_unit_must_be_in_its_phase(world, desktop):
    phase = desktop.phases.get(name="Lisbon")
    assert error_of(add_message, phase, channel="email", title="x", body="y", offset_days=-3,
                    units=[world.team_home])[0] == "units"  # fmt: skip


def test_champions_are_agents_of_impacted_teams(world, desktop):
    assert error_of(add_champion, desktop, world.people["Tom"]) == (
        "person",
        "Tom Example is not a frontline agent: champions are.",
    )
    champion = add_champion(desktop, world.people["Ana"])
    assert champion.unit == world.team1
    assert error_of(add_champion, desktop, world.people["Ana"])[0] == "person"
    assert error_of(add_champion, desktop, world.stranger)[0] == "person"


def test_owner_ratings_are_0_to_100(world, desktop):
    assert error_of(set_owner_ratings, desktop, {"bought_in": 120}) == (
        "bought_in",
        "A rating is a whole number from 0 to 100.",
    )
    set_owner_ratings(desktop, {"bought_in": 90, "measured": ""})
    assert desktop.owner_ratings == {"bought_in": 90}


def test_a_stall_raises_one_alert_and_a_correction_clears_it(world, desktop):
    import_adoption(desktop, adoption_csv(daily("Team Lisbon 1", GO_LIVE, [3] * 23)))
    (alert,) = AdaptAlert.objects.all()
    assert (alert.unit, alert.began_on, alert.raised_on) == (
        world.team1,
        GO_LIVE + 16 * DAY,
        GO_LIVE + 22 * DAY,
    )
    # The same run a day longer raises nothing new.
    import_adoption(desktop, adoption_csv(daily("Team Lisbon 1", GO_LIVE, [3] * 24)))
    assert AdaptAlert.objects.count() == 1
    # A plain decision does not clear it; a course correction for the site does.
    log_decision(desktop, saw="Slow", change="Wait", logged_on=GO_LIVE + 23 * DAY)
    assert AdaptAlert.objects.get().cleared_by is None
    fix = log_decision(desktop, kind=Decision.Kind.CORRECTION, saw="Agents skip the new screen",
                       change="Floor walkers for two weeks", units=[world.lisbon],
                       by_when=GO_LIVE + 40 * DAY, logged_on=GO_LIVE + 23 * DAY)  # fmt: skip
    assert AdaptAlert.objects.get().cleared_by == fix


def test_the_owner_gets_one_alert_email_per_stall(
    world, desktop, smtp_server, django_capture_on_commit_callbacks
):
    dora = world.people["Dora"]
    dora.email = "dora@acme.example"
    dora.save()
    with django_capture_on_commit_callbacks(execute=True):
        import_adoption(desktop, adoption_csv(daily("Team Lisbon 1", GO_LIVE, [3] * 23)))
    (mail,) = smtp_server.messages
    assert mail.recipients == ["dora@acme.example"]
    assert mail.message["Subject"] == "Adapt: Team Lisbon 1 is behind on New agent desktop"
    assert "for 7 days in a row, since 2027-01-20" in mail.body("plain")
    assert "/o/acme/change/desktop/#alerts" in mail.body("plain")
    assert AdaptAlert.objects.get().emailed_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        import_adoption(desktop, adoption_csv(daily("Team Lisbon 1", GO_LIVE, [3] * 25)))
    assert len(smtp_server.messages) == 1  # the same stall, one e-mail
