from twoway.demo.identity import load_demo_identity
from twoway.identity.models import IdentitySettings
from twoway.org.models import AuditEvent


def test_the_demo_keeps_comment_text_two_years_and_says_so_once(world, login):
    load_demo_identity(world.org)
    load_demo_identity(world.org)  # idempotent
    assert IdentitySettings.objects.get(organisation=world.org).comment_retention_months == 24
    assert AuditEvent.objects.filter(summary="Comment text kept for 24 months").count() == 1
    page = login(world.admin).get("/o/acme/identity/").content.decode()
    assert 'value="24"' in page
