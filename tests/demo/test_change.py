"""The demo's three change initiatives: a stalled site alerted, corrected and recovered, a
knowledge barrier before a go-live, and a proposal that would overload a team."""

import datetime
import io
import json

from django.core.management import call_command
from django.utils import timezone

from twoway.change.models import AdaptAlert, Initiative, ReadinessCount
from twoway.demo.change import load_demo_change
from twoway.demo.pulse import load_demo_pulse


def test_the_demo_initiatives_tell_their_three_stories_once(world, login):
    load_demo_pulse(world.org, seed=3)
    load_demo_change(world.org)
    load_demo_change(world.org)  # a second run changes nothing
    assert sorted(Initiative.objects.values_list("key", "status")) == [
        ("desktop", "rolling_out"),
        ("kb", "proposed"),
        ("wah-schedule", "planned"),
    ]
    # The work-at-home site stalled, was alerted, corrected, and recovered.
    alerts = AdaptAlert.objects.filter(initiative__key="desktop")
    assert alerts.exists() and not alerts.filter(cleared_by__isnull=True).exists()
    assert {a.unit for a in alerts} == {world.team_home}
    out = io.StringIO()
    call_command("change", "metrics", "--org", "acme", "--initiative", "desktop", stdout=out)
    home = next(u for u in json.loads(out.getvalue())["units"] if u["unit"].endswith("Team Home 1"))
    assert home["utilisation"] > 0.75 and not home["alert"]
    # Readiness before the schedule's go-live shows the knowledge barrier.
    assert ReadinessCount.objects.filter(initiative__key="wah-schedule").exists()
    # The proposal pushes the work-at-home team over the capacity.
    out = io.StringIO()
    week = (timezone.localdate() + datetime.timedelta(days=21)).isoformat()
    call_command("change", "load", "--org", "acme", "--from", week, "--weeks", "1", stdout=out)
    (row,) = [r for r in json.loads(out.getvalue()) if r["unit"].endswith("Team Home 1")]
    assert row["initiatives"] == ["desktop", "kb", "wah-schedule"] and row["load"] > 15
    assert login(world.admin).get("/o/acme/change/wah-schedule/").status_code == 200
    # The work-at-home team's huddle opens with its site's vision, not the center's.
    text = login(world.admin).get(f"/o/acme/change/huddle/{world.team_home.pk}/").content.decode()
    assert "From home, we are the calm" in text
