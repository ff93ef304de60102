"""A unit's trend and themes download as CSV and XLSX with the pages' figures; alerts keep a
history once acknowledged."""

import csv
import io

from openpyxl import load_workbook

from tests.pulse.helpers import fill_wave
from tests.pulse.test_alerts import steady_then_dip
from twoway.pulse.alerts import check_closed_waves
from twoway.pulse.models import PulseAlert


def test_trend_downloads_hold_the_pages_figures_and_hide_the_small_team(world, schedule, login):
    fill_wave(schedule, 1, {world.team1: 6, world.team2: 6, world.team_home: 2})
    client = login(world.admin)
    response = client.get(f"/o/acme/pulse/units/{world.team1.pk}/trend.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Wave", "Closed", "Answers", "Participation (%)", "Overall index"]
    assert rows[1][0] == "1" and rows[1][2] == "6"
    small = client.get(f"/o/acme/pulse/units/{world.team_home.pk}/trend.xlsx")
    sheet = load_workbook(io.BytesIO(small.content)).active
    values = [cell.value for cell in list(sheet.iter_rows())[1]]
    assert values[2] == "hidden" and values[4] == "hidden"
    assert client.get(f"/o/acme/pulse/units/{world.team1.pk}/trend.pdf").status_code == 404
    team_lead = login(world.team_lead)
    assert team_lead.get(f"/o/acme/pulse/units/{world.team2.pk}/trend.csv").status_code == 404


def test_theme_downloads_are_scoped_like_the_page(world, schedule, login):
    fill_wave(schedule, 1, {world.team1: 6})
    client = login(world.team_lead)
    response = client.get(f"/o/acme/pulse/units/{world.team1.pk}/themes.csv")
    assert response.status_code == 200
    assert response.content.decode().splitlines()[1].startswith("All comments")
    assert client.get(f"/o/acme/pulse/units/{world.team2.pk}/themes.csv").status_code == 404


def test_acknowledged_alerts_move_to_the_history_with_who_and_when(world, schedule, login):
    steady_then_dip(schedule, world.team1)
    check_closed_waves()
    client = login(world.team_lead)
    alert = PulseAlert.objects.filter(unit=world.team1).first()
    client.post(f"/o/acme/pulse/alerts/{alert.pk}/ack/")
    page = client.get("/o/acme/pulse/alerts/").content.decode()
    history = page[page.index('id="alert-history"') :]
    assert "Acknowledged by tom" in history and "Team Lisbon 1" in history
    other = login(world.manager).get("/o/acme/pulse/alerts/").content.decode()
    assert "Team Lisbon 1" not in other  # Mario leads Work at Home only
