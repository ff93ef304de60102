"""The team's huddle page points to an open conversation through the team's own code."""

from __future__ import annotations

from tests.conversations.conftest import close, open_conversation
from twoway.followups.huddle import build_huddle
from twoway.surveys.models import KioskCode


def test_the_huddle_invites_the_team_to_an_open_conversation(diagnostic):
    conversation = open_conversation(diagnostic)
    code = KioskCode.objects.get(campaign=diagnostic.campaign, unit=diagnostic.team1).code
    sections = [s for s in build_huddle(diagnostic.team1).sections if s.title == "Have your say"]
    assert len(sections) == 1
    assert conversation.question in sections[0].lines
    assert any(f"/c/{conversation.pk}/k/{code}/" in line for line in sections[0].lines)


def test_no_section_once_it_closed_or_for_a_team_outside_it(diagnostic):
    conversation = open_conversation(diagnostic, units=[diagnostic.lisbon])
    home = [s.title for s in build_huddle(diagnostic.team_home).sections]
    assert "Have your say" not in home
    close(conversation)
    assert "Have your say" not in [s.title for s in build_huddle(diagnostic.team1).sections]
