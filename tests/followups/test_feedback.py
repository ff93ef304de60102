""" "Did this help?" on the next pulse wave: who is asked, what is counted, what leaders see."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.survey_fixtures import diagnostic  # noqa: F401  (a fixture, used by name)
from twoway.followups.feedback import feedback_questions, pending_feedback, record_from_post
from twoway.followups.models import Action, ActionFeedback, ActionVoter
from twoway.pulse.services import open_wave

DAY = datetime.timedelta(days=1)


def opened(schedule, number, days_ago):
    """Wave `number`, opened `days_ago` days ago and open for a week from then."""
    wave = open_wave(schedule, number)
    campaign = wave.campaign
    campaign.opens_at = timezone.now() - days_ago * DAY
    campaign.closes_at = campaign.opens_at + 7 * DAY
    campaign.save(update_fields=["opens_at", "closes_at"])
    return campaign


def published_days_ago(action, days):
    Action.objects.filter(pk=action.pk).update(published_at=timezone.now() - days * DAY)
    action.refresh_from_db()
    return action


def test_the_next_wave_asks_the_team_and_the_teams_below(world, schedule, publish):
    action = published_days_ago(publish(world.lisbon, "Rotas now go out"), 3)
    campaign = opened(schedule, 1, 1)
    assert pending_feedback(world.team1.pk, campaign) == [action]
    assert pending_feedback(world.lisbon.pk, campaign) == [action]
    assert pending_feedback(world.team_home.pk, campaign) == []


def test_only_the_first_wave_after_the_note_asks(world, schedule, publish):
    before = opened(schedule, 1, 10)
    action = published_days_ago(publish(world.team1, "Rotas now go out"), 5)
    after = opened(schedule, 2, 3)
    later = opened(schedule, 3, 1)
    assert pending_feedback(world.team1.pk, before) == []
    assert pending_feedback(world.team1.pk, after) == [action]
    assert pending_feedback(world.team1.pk, later) == []


def test_not_asked_once_the_window_has_closed(world, schedule, publish):
    published_days_ago(publish(world.team1, "Rotas now go out"), 30)
    assert pending_feedback(world.team1.pk, opened(schedule, 1, 1)) == []


def test_a_diagnostic_campaign_never_asks(diagnostic, publish):  # noqa: F811
    published_days_ago(publish(diagnostic.team1, "Rotas now go out"), 3)
    assert pending_feedback(diagnostic.team1.pk, diagnostic.campaign) == []


def test_the_question_names_what_was_done(world, schedule, publish):
    action = published_days_ago(publish(world.team1, "Rotas now go out"), 3)
    questions = feedback_questions([action], {f"helped-{action.pk}": "no"})
    assert questions[0].text == "Did this help? Rotas now go out"
    assert questions[0].value == "no" and ("unsure", "Not sure yet") in questions[0].options


def test_a_team_code_answer_is_counted_and_names_nobody(world, schedule, publish):
    action = published_days_ago(publish(world.team1, "Rotas now go out"), 3)
    asked = pending_feedback(world.team1.pk, opened(schedule, 1, 1))
    assert record_from_post({f"helped-{action.pk}": "yes"}, asked) == [action.pk]
    assert record_from_post({f"helped-{action.pk}": "maybe"}, asked) == []
    assert record_from_post({}, asked) == []
    assert {f.helped: f.count for f in ActionFeedback.objects.all()} == {"yes": 1}
    assert not ActionVoter.objects.exists()
    row = ActionFeedback.objects.values().get()
    assert set(row) == {"id", "action_id", "helped", "count"}  # no response, person or time


def test_a_person_is_counted_once_across_the_pulse_and_the_team_page(
    world, schedule, login, publish
):
    action = published_days_ago(publish(world.team1, "Rotas now go out"), 3)
    ana = world.people["Ana"]
    campaign = opened(schedule, 1, 1)
    asked = pending_feedback(world.team1.pk, campaign, person=ana)
    assert record_from_post({f"helped-{action.pk}": "no"}, asked, person=ana) == [action.pk]
    assert pending_feedback(world.team1.pk, campaign, person=ana) == []
    assert record_from_post({f"helped-{action.pk}": "no"}, asked, person=ana) == []
    login(world.agent).post(f"/o/acme/actions/{action.pk}/feedback/", {"helped": "yes"})
    assert {f.helped: f.count for f in ActionFeedback.objects.all()} == {"no": 1}


def test_leaders_see_pulse_answers_only_after_the_window_and_from_k(
    world, schedule, login, publish
):
    action = published_days_ago(publish(world.team1, "Rotas now go out"), 3)
    asked = pending_feedback(world.team1.pk, opened(schedule, 1, 1))
    for _ in range(4):
        record_from_post({f"helped-{action.pk}": "yes"}, asked)
    lead = login(world.team_lead)
    assert "asking until" in lead.get("/o/acme/actions/").content.decode()
    published_days_ago(action, 29)
    page = lead.get("/o/acme/actions/").content.decode()
    assert "not shown" in page and "yes 4" not in page
    published_days_ago(action, 3)
    record_from_post({f"helped-{action.pk}": "unsure"}, asked)
    published_days_ago(action, 29)
    assert "yes 4, no 0, not sure 1" in lead.get("/o/acme/actions/").content.decode()


def test_answers_after_the_window_are_not_counted(world, schedule, publish):
    action = published_days_ago(publish(world.team1, "Rotas now go out"), 3)
    asked = pending_feedback(world.team1.pk, opened(schedule, 1, 1))
    assert asked == [action]
    published_days_ago(action, 29)  # the page was left open past the window
    assert record_from_post({f"helped-{action.pk}": "yes"}, [action]) == []
    assert not ActionFeedback.objects.exists()
