"""E-mailing everyone their personal link: through a real SMTP server, once a day at most."""

from __future__ import annotations

import re

from tests.conversations.conftest import open_conversation
from twoway.conversations.models import Participant
from twoway.conversations.services import voter_key


def test_everyone_with_a_link_is_e_mailed_and_the_link_opens_the_vote(
    diagnostic, login, client, smtp_server, django_capture_on_commit_callbacks
):
    world = diagnostic
    ana = world.people["Ana"]  # the only one of the world with an e-mail address
    world.conversation = open_conversation(world)
    url = f"/o/acme/conversations/{world.conversation.pk}/"
    page = login(world.admin).get(url).content.decode()
    assert "1 person can be e-mailed their personal link" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.admin).post(url + "invite/", follow=True)
    assert "The invitations are on their way." in response.content.decode()
    (message,) = smtp_server.messages
    assert message.recipients == ["ana@acme.example"]
    text = message.body("plain")
    assert world.conversation.question in text and "groups of 5 or more" in text
    link = re.search(r"http\S+/c/\d+/s/\w+/", text).group(0)
    client.logout()
    page = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert "Agree" in page.content.decode()
    statement = re.search(r'name="statement" value="(\d+)"', page.content.decode()).group(1)
    client.post(link, {"action": "vote", "statement": statement, "vote": "1"})
    assert Participant.objects.get().voter_key == voter_key(world.conversation, ana)

    again = login(world.admin).post(url + "invite/", follow=True)
    assert "Everyone was e-mailed less than a day ago." in again.content.decode()
    assert len(smtp_server.messages) == 1


def test_a_team_lead_cannot_e_mail_a_center_wide_audience(world, conversation, login):
    response = login(world.team_lead).post(f"/o/acme/conversations/{conversation.pk}/invite/")
    assert response.status_code == 404
