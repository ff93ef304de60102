"""Access management: giving, changing and revoking access, all in the audit log."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import PASSWORD
from twoway.org.models import AuditEvent, Membership

pytestmark = pytest.mark.django_db


def test_admin_gives_a_team_lead_an_account_and_it_is_audited(world, login, client):
    admin = login(world.admin)
    response = admin.post(
        "/o/acme/access/",
        {"employee_id": "E020", "level": "member", "password": "a long enough secret"},
    )
    assert response.status_code == 302
    tina = world.people["Tina"]
    tina.refresh_from_db()
    assert tina.user is not None
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ACCESS_GRANTED)
    assert event.actor == world.admin
    assert event.actor_label == "admin"
    client.logout()
    client.force_login(tina.user)
    names = {p.first_name for p in client.get("/o/acme/people/").context["page"]}
    assert names == {"Tina", "Dan", "Eva"}


def test_granting_to_an_unknown_employee_id_says_so(world, login):
    response = login(world.admin).post(
        "/o/acme/access/", {"employee_id": "NOPE", "level": "member", "password": "x" * 12}
    )
    assert response.status_code == 400
    assert "No active person has this employee ID" in response.content.decode()


def test_promoting_and_revoking_are_audited(world, login):
    admin = login(world.admin)
    membership = Membership.objects.get(user=world.team_lead)
    admin.post(f"/o/acme/access/{membership.pk}/", {"level": "admin"})
    membership.refresh_from_db()
    assert membership.level == "admin"
    # Tom is an admin now: taking that away asks to confirm first, and changes nothing yet.
    asked = admin.post(f"/o/acme/access/{membership.pk}/", {"level": "revoke"})
    assert "Confirm the change of access" in asked.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    admin.post(f"/o/acme/access/{membership.pk}/", {"level": "revoke", "confirmed": "on"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    kinds = list(AuditEvent.objects.values_list("kind", flat=True))
    assert kinds == [AuditEvent.Kind.ACCESS_REVOKED, AuditEvent.Kind.ACCESS_CHANGED]
    audit_page = admin.get("/o/acme/audit/").content.decode()
    assert "tom no longer has access" in audit_page


def test_an_admin_cannot_change_another_organisations_membership(world, login):
    foreign = Membership.objects.get(user=world.outsider)
    response = login(world.admin).post(f"/o/acme/access/{foreign.pk}/", {"level": "member"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.level == "admin"


def test_admins_cannot_demote_themselves(world, login):
    own = Membership.objects.get(user=world.admin)
    login(world.admin).post(f"/o/acme/access/{own.pk}/", {"level": "member"})
    own.refresh_from_db()
    assert own.level == "admin"


def test_role_mapping_is_validated_and_saved(world, login):
    admin = login(world.admin)
    bad = admin.post("/o/acme/settings/roles/", {"mapping": "Customer Hero = wizard"})
    assert bad.status_code == 400
    assert "wizard is not a role" in bad.content.decode()
    admin.post("/o/acme/settings/roles/", {"mapping": "Customer  Hero = agent"})
    world.org.refresh_from_db()
    assert world.org.title_roles == {"customer hero": "agent"}
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SETTINGS_CHANGED).exists()


def test_no_password_is_stored_in_clear(world):
    user = get_user_model().objects.get(username="tom")
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD)


def test_pages_follow_the_chosen_language(world, login):
    client = login(world.admin)
    client.cookies["django_language"] = "es"
    body = client.get("/o/acme/settings/roles/").content.decode()
    assert "Uno por línea" in body  # translated per request, not once at start-up
    assert 'lang="es"' in body


def test_each_row_shows_its_current_level_so_apply_changes_nothing_by_accident(world, login):
    from tests.factories import make_account

    make_account("second-admin", world.org, Membership.Level.ADMIN)
    admin = login(world.admin)
    page = admin.get("/o/acme/access/").content.decode()
    row = page[page.index("second-admin") :]
    assert '<option value="admin" selected>' in row[: row.index("</tr>")]
    other = Membership.objects.get(user__username="second-admin")
    response = admin.post(f"/o/acme/access/{other.pk}/", {"level": "admin"}, follow=True)
    assert "Nothing changed" in response.content.decode()
    assert Membership.objects.get(pk=other.pk).level == "admin"
