"""A person's own data: what twoway holds about them, never their answers."""

from __future__ import annotations

import datetime
import json

from django.core.management import call_command

from twoway.org.models import AuditEvent
from twoway.surveys.models import Invitation
from twoway.voice.models import Post


def test_ana_downloads_her_own_data_with_invitations_and_signed_posts(answered, login):
    w = answered
    ana = w.people["Ana"]
    Invitation.objects.filter(campaign=w.campaign, person=ana).update(responded=True)
    Post.objects.create(organisation=w.org, code="p1", kind="idea", title="Shorter wrap-up",
                        unit=w.team1, author=ana, created_on=datetime.date(2026, 1, 5))  # fmt: skip
    client = login(w.agent)
    page = client.get("/account/data/")
    assert page.status_code == 200 and "Download your data at Acme Care" in page.content.decode()
    download = client.get("/account/data/", {"org": "acme"})
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert download["Cache-Control"] == "no-store"
    data = json.loads(download.content)
    assert data["person"]["employee_id"] == "E011" and data["person"]["email"] == "ana@acme.example"
    assert data["person"]["unit"] == "Acme Care > Lisbon > Team Lisbon 1"
    assert data["invitations"] == [
        {"campaign": "Spring diagnostic", "sent_on": None, "answered": True}
    ]
    assert data["signed_posts"][0]["title"] == "Shorter wrap-up"
    assert data["accounts"][0]["username"] == "ana"
    assert data["accounts"][0]["access"] == [{"organisation": "Acme Care", "level": "member"}]
    assert "not_included" in data
    assert AuditEvent.objects.filter(kind="person_data_export", details__person=ana.pk).exists()


def test_the_export_holds_no_answer_nor_comment(answered, login):
    text = login(answered.agent).get("/account/data/", {"org": "acme"}).content.decode()
    assert "queue tool freezes" not in text
    assert '"value"' not in text and "item-" not in text


def test_nobody_downloads_someone_elses_data(world, login):
    assert login(world.outsider).get("/account/data/", {"org": "acme"}).status_code == 404
    assert login(world.admin).get("/account/data/", {"org": "acme"}).status_code == 404  # no person
    assert login(world.agent).get("/account/data/", {"org": "nope"}).status_code == 404


def test_an_account_that_is_nobody_is_told_so(world, login):
    page = login(world.admin).get("/account/data/")
    assert "is not anyone on a roster" in page.content.decode()


def test_the_password_page_links_to_ones_data(world, login):
    assert "/account/data/" in login(world.agent).get("/account/password/").content.decode()


def test_the_command_line_exports_for_a_request_by_email(world, tmp_path, capsys):
    out = tmp_path / "e012.json"
    call_command("person", "export", "E012", "--org", "acme", "--output", str(out))
    data = json.loads(out.read_text())
    assert data["person"]["first_name"] == "Ben" and data["accounts"] == []
