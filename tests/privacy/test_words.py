"""Red team, classes 7 and 9: words that only a few people used, theme ids from elsewhere, and
names, phones and employee IDs however they are written."""

from __future__ import annotations

import pytest

from tests.privacy.reveal import Revealed, collect_diagnostic, collect_pulse
from tests.privacy.world import NAMING, SECRET
from twoway.pulse.comments import analyse_all
from twoway.surveys.models import Comment

pytestmark = pytest.mark.django_db


def everything_shown(redteam, client, role) -> str:
    client.force_login(redteam.users[role])
    revealed = Revealed()
    collect_diagnostic(client, redteam, revealed, leader=role != "agent")
    if role != "agent":
        collect_pulse(client, redteam, revealed, redteam.units.values())
    return revealed.text()


# --- class 7: words -----------------------------------------------------------------------


def test_a_theme_label_never_carries_a_word_only_one_person_wrote(redteam, client):
    analyse_all(redteam.schedule)
    client.force_login(redteam.users["admin"])
    for unit in redteam.units.values():
        page = client.get(f"/o/redteam/pulse/units/{unit.pk}/themes/")
        for row in page.context["table"].rows:
            for word in ("parking", "mess", "swapped", "shifts"):  # one writer each
                assert word not in row.label


def test_a_theme_id_of_another_unit_answers_404(redteam, client):
    analyse_all(redteam.schedule)
    themed = Comment.objects.exclude(theme=None).select_related("unit").first()
    assert themed is not None
    client.force_login(redteam.users["lead_n1"])
    n1 = redteam.units["N1"]
    page = client.get(f"/o/redteam/pulse/units/{n1.pk}/comments/?theme={themed.theme}")
    readable = themed.unit.path.startswith(n1.path)
    assert page.status_code in ((200, 404) if readable else (404,))
    assert client.get(f"/o/redteam/pulse/units/{n1.pk}/comments/?theme=987654").status_code == 404
    assert client.get(f"/o/redteam/pulse/units/{n1.pk}/comments/?theme=x").status_code == 404


def test_the_huddle_top_theme_uses_only_words_enough_people_wrote(redteam, client):
    from twoway.followups.huddle import top_theme

    analyse_all(redteam.schedule)
    for unit in redteam.units.values():
        label = top_theme(unit)
        for word in ("parking", "swapped"):
            assert word not in label


# --- class 9: redaction ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "director", "manager"])
def test_names_phones_and_ids_are_gone_however_they_were_written(redteam, client, role):
    text = everything_shown(redteam, client, role)
    for leak in ("Lukasz", "Soeren", "Djordje", "030/1234567", "r-103", "Mia on"):
        assert leak not in text
    client.force_login(redteam.users[role])
    n2 = redteam.units["N2"].pk
    own = client.get(f"/o/redteam/surveys/campaigns/{redteam.diagnostic.pk}/results/comments/{n2}/")
    assert SECRET not in own.content.decode()  # N2's comment shows only pooled with many


def test_a_person_added_a_moment_before_a_comment_is_redacted(redteam, client):
    import datetime

    from django.utils import timezone

    from tests.factories import make_person
    from tests.survey_fixtures import full_answers
    from twoway.pulse.services import open_wave
    from twoway.surveys.tokens import invitation_token

    wave = open_wave(redteam.schedule, 20)
    campaign = wave.campaign
    campaign.opens_at = timezone.now() - datetime.timedelta(hours=1)
    campaign.closes_at = timezone.now() + datetime.timedelta(days=1)
    campaign.save(update_fields=["opens_at", "closes_at"])
    ana = redteam.people["Ana"]
    link = f"/s/{invitation_token(campaign.pk, ana.pk)}/"
    client.get(link)  # the redactor is warm, built from the roster before Quentin
    make_person(redteam.org, "R099", "Quentin", redteam.units["N1"])
    answers = full_answers(campaign, 3, False)
    for item in campaign.template.items.all():
        if item.kind == "text":
            answers[f"item-{item.code}"] = "Quentin takes our breaks"
        elif item.kind == "choice":
            answers[f"item-{item.code}"] = item.choices[0]["code"]
    assert client.post(link, answers).status_code == 302
    stored = Comment.objects.get(campaign=campaign)
    assert "Quentin" not in stored.redacted and "[name]" in stored.redacted


def test_comments_are_redacted_again_with_todays_roster_when_read(redteam, client):
    from tests.factories import make_person

    comment = Comment.objects.filter(campaign=redteam.diagnostic, text=NAMING[-1]).first()
    comment.redacted = comment.text = "Ursula moved my desk"
    comment.save(update_fields=["redacted", "text"])
    make_person(redteam.org, "R098", "Ursula", redteam.units["S1"])
    text = everything_shown(redteam, client, "admin")
    assert "Ursula" not in text
