import datetime
import io

import pypdf
from django.utils import timezone

from tests.pulse.helpers import fill_wave
from twoway.pulse.services import open_wave
from twoway.pulse.trends import unit_trend


def huddle_text(client, unit) -> tuple[int, str]:
    response = client.get(f"/o/acme/actions/huddle/{unit.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def open_now(schedule, number):
    wave = open_wave(schedule, number)
    wave.campaign.opens_at = timezone.now() - datetime.timedelta(hours=1)
    wave.campaign.closes_at = timezone.now() + datetime.timedelta(days=2)
    wave.campaign.save(update_fields=["opens_at", "closes_at"])
    return wave


def test_huddle_is_one_page_with_result_note_and_next_pulse_link(world, schedule, login, publish):
    fill_wave(schedule, 1, {world.team1: 6, world.team2: 6})
    publish(world.team1, "Rotas now go out two weeks ahead", you_said="Rotas come too late")
    wave = open_now(schedule, 2)
    code = wave.campaign.kiosk_codes.get(unit=world.team1).code
    index = round(unit_trend(schedule, world.team1).rows[-1].overall.value)
    pages, text = huddle_text(login(world.team_lead), world.team1)
    assert pages == 1
    assert "Team Lisbon 1" in text and f"pulse is {index} out of 100" in text
    assert "Rotas come too late" in text and "Rotas now go out" in text
    assert f"/k/{code}/" in text


def test_huddle_of_a_team_under_k_shows_no_figure(world, schedule, login):
    fill_wave(schedule, 1, {world.team1: 6, world.team2: 6, world.team_home: 2})
    index = round(unit_trend(schedule, world.team1).rows[-1].overall.value)
    pages, text = huddle_text(login(world.admin), world.team_home)
    assert pages == 1 and "Team Home 1" in text
    assert "Too few people answered" in text
    assert "out of 100" not in text and str(index) not in text


def test_huddle_answers_404_outside_the_scope(world, schedule, login):
    assert (
        login(world.team_lead).get(f"/o/acme/actions/huddle/{world.team2.pk}.pdf").status_code
        == 404
    )
    assert login(world.agent).get(f"/o/acme/actions/huddle/{world.team1.pk}.pdf").status_code == 404
    assert (
        login(world.outsider).get(f"/o/acme/actions/huddle/{world.team1.pk}.pdf").status_code == 404
    )


def test_a_section_another_app_registers_shows_on_the_huddle(world, monkeypatch):
    from twoway.followups import huddle

    monkeypatch.setattr(huddle, "_sections", [])
    huddle.register_section(
        lambda unit: (
            huddle.HuddleSection("Changes this week", ("Use the new desktop",))
            if unit == world.team1
            else None
        )
    )
    assert "Use the new desktop" in huddle.huddle_html(world.team1)
    assert "Use the new desktop" not in huddle.huddle_html(world.team2)
