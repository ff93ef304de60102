import datetime

from django.template import Context, Template
from django.utils import timezone

from twoway.followups.models import Action, ActionFeedback

NEW = "/o/acme/actions/units/{}/new/"


def create(client, world, unit, **extra):
    data = {
        "what": "Publish the rota two weeks ahead",
        "owner": world.people["Tom"].pk,
        "due_on": "2026-03-01",
        "source_kind": "pulse_item",
        "source_ref": "pace",
        "source_label": "The pace of change is manageable",
        **extra,
    }
    return client.post(NEW.format(unit.pk), data)


def test_team_lead_creates_an_action_and_publishes_the_note(world, login):
    client = login(world.team_lead)
    assert create(client, world, world.team1).status_code == 302
    action = Action.objects.get()
    assert action.unit == world.team1 and action.status == "open" and action.published_at is None
    assert "Publish the rota two weeks ahead" in client.get("/o/acme/actions/").content.decode()
    response = client.post(
        f"/o/acme/actions/{action.pk}/done/",
        {"you_said": "Rotas come too late to plan childcare", "we_did": "Rotas now go out"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.done_at and action.published_at
    page = login(world.agent).get("/o/acme/actions/team/").content.decode()
    assert "Rotas come too late to plan childcare" in page and "Rotas now go out" in page


def test_new_action_is_prefilled_from_a_theme_link(world, login):
    url = NEW.format(world.team1.pk) + "?source_kind=theme&source_ref=t7&source_label=Headsets"
    page = login(world.team_lead).get(url).content.decode()
    assert 'value="theme" selected' in page and 'value="Headsets"' in page


def test_you_said_refuses_a_count_under_k(world, login):
    client = login(world.team_lead)
    create(client, world, world.team1)
    action = Action.objects.get()
    response = client.post(
        f"/o/acme/actions/{action.pk}/done/",
        {"you_said": "2 of you said rotas are late", "we_did": "Rotas now go out"},
    )
    assert response.status_code == 400 and "Leave out numbers under 5" in response.content.decode()
    action.refresh_from_db()
    assert action.published_at is None


def test_agent_sees_own_team_and_ancestors_notes_only(world, login, publish):
    publish(world.team1, "Own team note")
    publish(world.lisbon, "Site note")
    publish(world.team2, "Other team note")
    publish(world.team_home, "Home team note")
    Action.objects.create(organisation=world.org, unit=world.team1, what="Not published yet")
    page = login(world.agent).get("/o/acme/actions/team/").content.decode()
    assert "Own team note" in page and "Site note" in page
    assert "Other team note" not in page and "Home team note" not in page
    assert "Not published yet" not in page


def test_answer_page_tag_shows_the_units_notes_only(world, publish):
    publish(world.team1, "Own team note")
    publish(world.team2, "Other team note")
    template = Template("{% load action_tags %}{% you_said_we_did unit %}")
    by_object = template.render(Context({"unit": world.team1}))
    by_id = template.render(Context({"unit": world.team1.pk}))
    for html in (by_object, by_id):
        assert "Own team note" in html and "Other team note" not in html


def test_pages_answer_404_outside_the_scope(world, login, publish):
    other = publish(world.team2, "Other team note")
    lead = login(world.team_lead)
    assert lead.get(NEW.format(world.team2.pk)).status_code == 404
    assert lead.get(f"/o/acme/actions/{other.pk}/done/").status_code == 404
    assert lead.get(f"/o/acme/actions/?unit={world.team2.pk}").status_code == 404
    assert "Other team note" not in lead.get("/o/acme/actions/").content.decode()
    agent = login(world.agent)
    assert agent.get("/o/acme/actions/").status_code == 404
    assert agent.get(NEW.format(world.team1.pk)).status_code == 404
    assert agent.post(f"/o/acme/actions/{other.pk}/feedback/", {"helped": "yes"}).status_code == 404
    outsider = login(world.outsider)
    assert outsider.get("/o/acme/actions/").status_code == 404
    assert outsider.get("/o/acme/actions/team/").status_code == 404


def test_did_it_help_counts_once_and_shows_only_after_the_window_at_k(
    world, login, publish, agents
):
    world.org.anonymity_threshold = 3
    world.org.save(update_fields=["anonymity_threshold"])
    action = publish(world.team1, "Rotas now go out")
    url = f"/o/acme/actions/{action.pk}/feedback/"
    client = login(world.agent)
    client.post(url, {"helped": "yes"})
    client.post(url, {"helped": "no"})  # a second vote is refused
    assert {f.helped: f.count for f in ActionFeedback.objects.all()} == {"yes": 1}
    lead = login(world.team_lead)
    assert "asking until" in lead.get("/o/acme/actions/").content.decode()
    Action.objects.filter(pk=action.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=60)
    )
    assert "not shown" in lead.get("/o/acme/actions/").content.decode()
    Action.objects.filter(pk=action.pk).update(published_at=timezone.now())
    login(agents[0]).post(url, {"helped": "yes"})
    login(agents[1]).post(url, {"helped": "no"})
    Action.objects.filter(pk=action.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=60)
    )
    assert (
        "yes 2, no 1, not sure 0" in login(world.team_lead).get("/o/acme/actions/").content.decode()
    )


def test_action_list_queries_do_not_grow_with_actions(world, login, publish):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.admin)
    publish(world.team1, "First note")
    with CaptureQueriesContext(connection) as few:
        client.get("/o/acme/actions/")
    for unit in (world.team2, world.team_home, world.lisbon):
        publish(unit, "Another note")
    with CaptureQueriesContext(connection) as many:
        client.get("/o/acme/actions/")
    assert len(many) == len(few)
