from twoway.demo.pulse import load_demo_pulse
from twoway.pulse.models import PulseWave
from twoway.surveys.models import AnswerCount, Response


def test_demo_pulse_has_26_closed_answered_waves_once(world, login):
    schedule = load_demo_pulse(world.org, seed=3)
    assert load_demo_pulse(world.org, seed=3) == schedule
    waves = PulseWave.objects.filter(schedule=schedule)
    assert waves.count() == 26
    assert all(w.campaign.status == "closed" for w in waves.select_related("campaign"))
    assert Response.objects.filter(campaign__pulse_wave__schedule=schedule).exists()
    assert AnswerCount.objects.filter(campaign__pulse_wave__schedule=schedule).exists()
    page = login(world.admin).get(f"/o/acme/pulse/units/{world.center.pk}/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
