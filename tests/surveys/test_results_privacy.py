"""Results seen from the outside (HTTP): no small cell, no subtraction, no other team's data.

The scenario: Lisbon's two teams have 6 frontline answers each; Team Home 1 only 2; five
leaders answered on the Lisbon site, five at the center, and three team leads in the teams.
"""

import re

import pytest

pytestmark = pytest.mark.django_db
K = 5


def item_url(w, level="team"):
    base = f"/o/acme/surveys/campaigns/{w.campaign.pk}/results/items"
    return f"{base}/tools-first-contact/?level={level}"


def shown_n(response) -> dict[tuple[str, str], int]:
    shown = {}
    for block in response.context["blocks"]:
        for row in block["rows"]:
            if row["record"]:
                shown[(block["unit"].name, row["label"])] = row["record"]["n"]
    return shown


def test_no_figure_is_shown_for_fewer_than_k(answered, login):
    for user in (answered.admin, answered.director, answered.team_lead):
        response = login(user).get(item_url(answered))
        assert response.status_code == 200
        assert all(n >= K for n in shown_n(response).values())


def test_small_team_is_hidden_and_cannot_be_derived_from_its_site_or_center(answered, login):
    client = login(answered.admin)
    frontline = {}
    for level in ("team", "site"):
        response = client.get(item_url(answered, level))
        shown = shown_n(response)
        frontline.update({unit: n for (unit, label), n in shown.items() if "Frontline" in label})
        assert "Secret from home" not in response.content.decode()
    assert "Team Home 1" not in frontline and "Work at Home" not in frontline
    assert 6 in frontline.values()  # the Lisbon teams are not all hidden
    lisbon = ["Team Lisbon 1", "Team Lisbon 2"]
    if "Acme Care" in frontline and "Lisbon" in frontline:
        assert frontline["Acme Care"] - frontline["Lisbon"] not in range(1, K)
    if "Acme Care" in frontline and all(t in frontline for t in lisbon):
        assert frontline["Acme Care"] - sum(frontline[t] for t in lisbon) not in range(1, K)


def test_teams_compare_with_their_site_leaders_and_say_so(answered, login):
    response = login(answered.admin).get(
        f"/o/acme/surveys/campaigns/{answered.campaign.pk}/results/?level=team"
    )
    assert response.status_code == 200
    columns = [u.name for u in response.context["columns"]]
    row = response.context["rows"][0]
    lisbon_cells = [row["cells"][columns.index(t)] for t in ("Team Lisbon 1", "Team Lisbon 2")]
    shown = [c for c in lisbon_cells if c["shown"]]
    assert shown, "one Lisbon team at least is shown"
    cell = shown[0]
    assert cell["leader_level"] == "Lisbon"
    assert cell["delta"] > 0.9  # leaders answered 5, this team 2: leaders far rosier
    home = row["cells"][columns.index("Team Home 1")]
    assert not home["shown"]


def test_comments_show_only_where_enough_people_answered(answered, login):
    client = login(answered.admin)
    base = f"/o/acme/surveys/campaigns/{answered.campaign.pk}/results/comments"
    center = client.get(f"{base}/{answered.center.pk}/").content.decode()
    assert "The queue tool freezes" in center  # 27 people: comments pooled at the top
    home = client.get(f"{base}/{answered.team_home.pk}/").content.decode()
    assert "Secret from home" not in home
    site = client.get(f"{base}/{answered.home.pk}/").content.decode()
    assert "Secret from home" not in site


def test_a_team_lead_sees_only_their_team(answered, login):
    client = login(answered.team_lead)
    response = client.get(item_url(answered))
    assert {unit for unit, _ in shown_n(response)} <= {"Team Lisbon 1"}
    base = f"/o/acme/surveys/campaigns/{answered.campaign.pk}/results/comments"
    assert client.get(f"{base}/{answered.team2.pk}/").status_code == 404
    heatmap = client.get(f"/o/acme/surveys/campaigns/{answered.campaign.pk}/results/")
    assert [u.name for u in heatmap.context["columns"]] == ["Team Lisbon 1"]


def test_agents_and_other_organisations_get_404(answered, login):
    url = f"/o/acme/surveys/campaigns/{answered.campaign.pk}/results/"
    assert login(answered.agent).get(url).status_code == 404
    assert login(answered.outsider).get(url).status_code == 404
    assert (
        login(answered.outsider)
        .get(f"/o/globex/surveys/campaigns/{answered.campaign.pk}/results/")
        .status_code
        == 404
    )


def test_participation_shows_counts_never_names(answered, login):
    page = login(answered.admin).get(f"/o/acme/surveys/campaigns/{answered.campaign.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert not re.search(r"\b(Ana|Ben|Cruz|Dan|Eva|Fay|Gus)\b", body)


def test_results_of_an_open_campaign_are_not_shown(diagnostic, login, client):
    """Watching a live cell change after one person answers would reveal their answers."""
    from tests.survey_fixtures import answer_directly

    for _ in range(6):
        answer_directly(diagnostic.campaign, diagnostic.team1, 2)
    url = f"/o/acme/surveys/campaigns/{diagnostic.campaign.pk}/results/"
    page = login(diagnostic.admin).get(url)
    assert page.status_code == 200
    assert "Results appear when the campaign closes" in page.content.decode()
    assert "rows" not in page.context
    api = client.get(f"/api/orgs/acme/campaigns/{diagnostic.campaign.pk}/results")
    assert api.status_code == 409


def test_csv_export_has_no_figures_for_hidden_cells_and_stays_in_scope(answered, login):
    import csv
    import io

    url = f"/o/acme/surveys/campaigns/{answered.campaign.pk}/results.csv"
    rows = list(csv.DictReader(io.StringIO(login(answered.admin).get(url).content.decode())))
    hidden = [r for r in rows if r["suppressed"] == "True"]
    assert hidden and all(r["n"] == r["mean"] == r["top2"] == "" for r in hidden)
    assert all(int(r["n"]) >= K for r in rows if r["suppressed"] == "False")
    lead_rows = csv.DictReader(io.StringIO(login(answered.team_lead).get(url).content.decode()))
    assert {r["unit"] for r in lead_rows} == {"Team Lisbon 1"}


def test_construct_rows_only_summarise_cells_already_shown(answered, login):
    url = f"/o/acme/surveys/campaigns/{answered.campaign.pk}/results/?level=team&rows=constructs"
    response = login(answered.admin).get(url)
    columns = [u.name for u in response.context["columns"]]
    home = columns.index("Team Home 1")
    assert response.context["constructs"]
    for construct in response.context["constructs"]:
        assert not construct["cells"][home]["shown"]


def test_item_page_draws_bars_only_for_shown_groups(answered, login):
    response = login(answered.admin).get(item_url(answered, "team"))
    for block in response.context["blocks"]:
        shown = [r for r in block["rows"] if r["record"]]
        assert bool(block["chart"]) == bool(shown)
        if block["chart"]:
            assert block["chart"].lstrip().startswith("<svg")


def test_splitting_by_tenure_never_shows_a_small_group(diagnostic, login):
    from django.utils import timezone

    from tests.survey_fixtures import answer_directly

    campaign = diagnostic.campaign
    for _ in range(7):
        answer_directly(campaign, diagnostic.team1, 2, tenure_band="0-3m")
        answer_directly(campaign, diagnostic.lisbon, 5, is_leader=True, tenure_band="0-3m")
    for _ in range(2):
        answer_directly(campaign, diagnostic.team1, 5, tenure_band="5y+")
    campaign.closes_at = timezone.now()
    campaign.save()
    url = f"/o/acme/surveys/campaigns/{campaign.pk}/results/?by=tenure_band"
    response = login(diagnostic.admin).get(url)
    names = [c.name for c in response.context["columns"]]
    assert names == ["Acme Care", "Acme Care · Under 3 months", "Acme Care · 5 years or more"]
    veterans = [row["cells"][2] for row in response.context["rows"]]
    assert not any(cell["shown"] for cell in veterans)  # 2 people: never shown
    everyone, newcomers = response.context["rows"][0]["cells"][:2]
    # 9 frontline overall and 7 newcomers: showing both would reveal the 2 veterans.
    assert not (everyone["shown"] and newcomers["shown"])


def test_results_queries_do_not_grow_with_respondents(answered, login):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from tests.survey_fixtures import answer_directly
    from twoway.surveys.models import ResultSnapshot

    client = login(answered.admin)
    url = f"/o/acme/surveys/campaigns/{answered.campaign.pk}/results/?level=team"

    def cold_queries() -> int:
        cache.clear()
        ResultSnapshot.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = cold_queries()
    campaign = answered.campaign
    campaign.closes_at = timezone.now() + timezone.timedelta(days=1)
    campaign.save()
    for _ in range(30):
        answer_directly(campaign, answered.team2, 3)
    campaign.closes_at = timezone.now()
    campaign.save()
    assert cold_queries() == before


def test_a_manager_sees_only_their_subtree_in_results(answered, login):
    client = login(answered.manager)  # Mario leads Work at Home
    heatmap = client.get(f"/o/acme/surveys/campaigns/{answered.campaign.pk}/results/")
    assert [c.name for c in heatmap.context["columns"]] == ["Work at Home", "Team Home 1"]
    assert all(not cell["shown"] for row in heatmap.context["rows"] for cell in row["cells"])
    base = f"/o/acme/surveys/campaigns/{answered.campaign.pk}/results/comments"
    assert client.get(f"{base}/{answered.team1.pk}/").status_code == 404


def test_nothing_joins_a_response_to_an_invitation_or_a_person():
    """The schema itself: responses carry reporting attributes and a day, nothing else."""
    from twoway.surveys.models import Invitation, Response

    response_fields = {f.name for f in Response._meta.get_fields()}
    assert response_fields == {
        "id", "campaign", "unit", "is_leader", "tenure_band", "work_location", "language",
        "channel", "submitted_on", "answers", "comments",
    }  # fmt: skip
    assert Response._meta.get_field("submitted_on").get_internal_type() == "DateField"
    invitation_fields = {f.name for f in Invitation._meta.get_fields()}
    assert "response" not in invitation_fields and "responded_at" not in invitation_fields


def test_an_agent_reads_organisation_wide_results_and_nothing_about_teams(answered, login):
    client = login(answered.agent)
    home = client.get("/o/acme/").content.decode()
    assert answered.campaign.name in home
    page = client.get(f"/o/acme/surveys/campaigns/{answered.campaign.pk}/everyone/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Team Lisbon" not in body and "Team Home" not in body
    assert any(r["frontline"] for r in page.context["rows"])
    assert all(r["frontline"] is None or r["frontline"]["n"] >= K for r in page.context["rows"])
    assert (
        login(answered.outsider)
        .get(f"/o/acme/surveys/campaigns/{answered.campaign.pk}/everyone/")
        .status_code
        == 404
    )
