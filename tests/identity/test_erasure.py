"""Erasing a person removes their personal data and keeps every aggregate true."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from twoway.org.models import AuditEvent, Membership, Person, Unit
from twoway.org.services import audit
from twoway.surveys.audience import participation
from twoway.surveys.models import Comment, Invitation
from twoway.surveys.results import campaign_k, compute_release
from twoway.voice.models import Kudos, Post

from .test_scim_okta import NEW_USER


def release(campaign):
    return compute_release(campaign, campaign_k(campaign))


@pytest.fixture
def ana_everywhere(answered):
    """Ana answered (unlinkably), was invited, signed a post, gave and got kudos, and is named
    in a colleague's comment and in the audit log."""
    w = answered
    ana = w.people["Ana"]
    Invitation.objects.filter(campaign=w.campaign, person=ana).update(responded=True)
    Post.objects.create(organisation=w.org, code="p1", kind="idea", title="Shorter wrap-up",
                        unit=w.team1, author=ana, created_on=datetime.date(2026, 1, 5))  # fmt: skip
    Kudos.objects.create(organisation=w.org, unit=w.team1, to_person=ana,
                         from_person=w.people["Ben"], from_label="Ben Example",
                         message="Thanks Ana!", created_on=datetime.date(2026, 1, 6))  # fmt: skip
    Kudos.objects.create(organisation=w.org, unit=w.team1, to_person=w.people["Ben"],
                         from_person=ana, from_label="Ana Example",
                         message="Great call", created_on=datetime.date(2026, 1, 6))  # fmt: skip
    comment = Comment.objects.filter(campaign=w.campaign).first()
    comment.text = comment.redacted = "Ana Example showed me the trick, ask E011"
    comment.save()
    audit(w.org, w.admin, "access_granted", "ana given member access", user="ana")
    w.comment = comment
    return w


def test_an_admin_erases_a_person_and_their_personal_data_goes(ana_everywhere, login):
    w = ana_everywhere
    ana = w.people["Ana"]
    client = login(w.admin)
    assert "Erase this person" in client.get(f"/o/acme/people/{ana.pk}/").content.decode()
    page = client.get(f"/o/acme/identity/people/{ana.pk}/erase/")
    assert page.status_code == 200
    done = client.post(f"/o/acme/identity/people/{ana.pk}/erase/",
                       {"employee_id": "E011", "reason": "Request #42"})  # fmt: skip
    assert done.status_code == 302

    ana.refresh_from_db()
    assert ana.employee_id.startswith("erased-")
    assert (ana.first_name, ana.last_name, ana.email, ana.hire_date) == ("", "", "", None)
    assert not ana.is_active and ana.user is None and ana.manager is None
    assert not get_user_model().objects.filter(username="ana").exists()  # Acme's alone
    assert Post.objects.get(code="p1").author is None
    assert not Kudos.objects.filter(to_person=ana).exists()
    assert Kudos.objects.get(message="Great call").from_label == ""
    w.comment.refresh_from_db()
    assert "Ana" not in w.comment.text and "E011" not in w.comment.redacted
    assert "[name]" in w.comment.redacted
    log = " ".join(AuditEvent.objects.filter(organisation=w.org).values_list("summary", flat=True))
    assert "ana given" not in log and "Request #42" in log
    assert client.get(f"/o/acme/identity/people/{ana.pk}/erase/").status_code == 404


def test_every_aggregate_stays_as_it_was(ana_everywhere):
    from twoway.identity.erasure import erase_person

    w = ana_everywhere
    units = list(Unit.objects.filter(organisation=w.org))
    before = (
        release(w.campaign),
        [(p.invited, p.responded) for p in participation(w.campaign, units)],
    )
    invitations = list(
        Invitation.objects.filter(campaign=w.campaign).values_list("unit_id", "responded")
    )
    erase_person(w.people["Ana"], w.admin)
    after = (
        release(w.campaign),
        [(p.invited, p.responded) for p in participation(w.campaign, units)],
    )
    assert after == before
    assert sorted(
        Invitation.objects.filter(campaign=w.campaign).values_list("unit_id", "responded")
    ) == sorted(invitations)


def test_an_erased_persons_invitation_link_works_no_more(diagnostic, client):
    from twoway.identity.erasure import erase_person
    from twoway.surveys.tokens import invitation_token

    w = diagnostic
    ben = w.people["Ben"]
    token = invitation_token(w.campaign.pk, ben.pk)
    assert client.get(f"/s/{token}/").status_code == 200
    erase_person(ben)
    assert client.get(f"/s/{token}/").status_code == 404


def test_an_account_used_in_another_organisation_is_kept_and_only_unlinked(world):
    from twoway.identity.erasure import erase_person

    tom = world.people["Tom"]
    Membership.objects.create(user=world.team_lead, organisation=world.other_org)
    erase_person(tom)
    world.team_lead.refresh_from_db()
    assert not Membership.objects.filter(user=world.team_lead, organisation=world.org).exists()
    assert Membership.objects.filter(user=world.team_lead, organisation=world.other_org).exists()


def test_only_the_exact_employee_id_confirms_and_a_wrong_one_changes_nothing(world, login):
    ana = world.people["Ana"]
    client = login(world.admin)
    response = client.post(f"/o/acme/identity/people/{ana.pk}/erase/", {"employee_id": "E012"})
    assert response.status_code == 400
    assert "This is not the person&#x27;s employee ID" in response.content.decode()
    ana.refresh_from_db()
    assert ana.first_name == "Ana" and ana.is_active


@pytest.mark.parametrize("who", ["director", "manager", "team_lead", "agent", "outsider"])
def test_nobody_but_an_admin_of_the_organisation_reaches_erasure(world, login, who):
    client = login(getattr(world, who))
    ana = world.people["Ana"]
    assert client.get(f"/o/acme/identity/people/{ana.pk}/erase/").status_code == 404
    assert client.post(f"/o/acme/identity/people/{ana.pk}/erase/",
                       {"employee_id": "E011"}).status_code == 404  # fmt: skip
    assert client.get("/o/acme/identity/").status_code == 404


def test_a_person_of_another_organisation_is_404(world, login):
    client = login(world.admin)
    assert client.get(f"/o/acme/identity/people/{world.stranger.pk}/erase/").status_code == 404
    assert client.get("/o/acme/identity/people/99999999999999999999/erase/").status_code == 404


def test_the_command_line_erases_by_employee_id(world, capsys):
    call_command("person", "erase", "E012", "--org", "acme", "--reason", "ticket 7")
    assert "Erased E012" in capsys.readouterr().out
    assert not Person.objects.filter(organisation=world.org, employee_id="E012").exists()
    with pytest.raises(CommandError, match="No person 'E012'"):
        call_command("person", "erase", "E012", "--org", "acme")
    with pytest.raises(CommandError, match="No organisation"):
        call_command("person", "erase", "E011", "--org", "nope")


def test_a_provisioned_person_loses_the_scim_link(world, scim):
    from twoway.identity.erasure import erase_person
    from twoway.identity.models import ScimUser

    user = scim.post("Users", NEW_USER).json()
    erase_person(Person.objects.get(email=NEW_USER["userName"]))
    assert not ScimUser.objects.exists()
    assert scim.get(f"Users/{user['id']}").status_code == 404
