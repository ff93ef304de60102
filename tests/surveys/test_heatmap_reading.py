"""The heatmap reads as people expect: tenure by length, hidden columns say why, teams down the
page, words instead of codes."""

import re

from django.utils import timezone

from tests.survey_fixtures import answer_directly
from twoway.surveys.heatmap import split_label, split_order


def test_tenure_bands_sort_by_length_and_read_as_words():
    bands = ["5y+", "1-2y", "0-3m", "2-5y", "3-12m", ""]
    ordered = sorted(bands, key=lambda b: split_order("tenure_band", b))
    assert ordered == ["0-3m", "3-12m", "1-2y", "2-5y", "5y+", ""]
    assert split_label("tenure_band", "3-12m") == "3 to 12 months"
    assert split_label("language", "pt") == "Portuguese"
    assert split_label("work_location", "remote") == "Remote"


def test_a_hidden_column_says_why_in_the_one_wording(diagnostic, login):
    campaign = diagnostic.campaign
    for _ in range(7):
        answer_directly(campaign, diagnostic.team1, 2, tenure_band="0-3m")
        answer_directly(campaign, diagnostic.lisbon, 5, is_leader=True, tenure_band="0-3m")
    for _ in range(2):
        answer_directly(campaign, diagnostic.team1, 5, tenure_band="5y+")
    campaign.closes_at = timezone.now()
    campaign.save()
    url = f"/o/acme/surveys/campaigns/{campaign.pk}/results/?by=tenure_band"
    page = login(diagnostic.admin).get(url).content.decode()
    assert "5 years or more" in page and "5y+" not in page
    assert "This whole column is not shown: too few answered, or it would let a small group" in page


def test_teams_read_down_the_page_by_theme_of_questions(answered, login):
    url = f"/o/acme/surveys/campaigns/{answered.campaign.pk}/results/?level=team"
    response = login(answered.admin).get(url)
    teams = [t["column"].name for t in response.context["teams"]]
    assert teams == ["Team Lisbon 1", "Team Lisbon 2", "Team Home 1"]
    page = response.content.decode()
    header = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    assert "Team Lisbon 1" not in header  # teams are rows, themes of questions are columns


def test_severity_and_questions_follow_the_page_language(answered, client):
    client.force_login(answered.admin)
    client.cookies["django_language"] = "es"
    item = "tools-first-contact"
    page = client.get(
        f"/o/acme/surveys/campaigns/{answered.campaign.pk}/results/items/{item}/",
        HTTP_ACCEPT_LANGUAGE="es",
    ).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert item not in title
    assert "(large)" not in page
