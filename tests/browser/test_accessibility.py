"""axe-core in Chromium over every page of a demo-like organisation, as each role, and over
the pages people reach without a log-in: no serious or critical violation anywhere.

The organisation has a closed diagnostic, closed pulse waves with alerts, an open pulse wave
with team codes, actions (one published), a business case, a voice post and a roster upload
waiting for its confirmation, so that every page has something to show. Each role's crawl
starts at its home and follows every link; then it visits every other page of the site that
this role may open (found by asking for each named URL), so that a page no link leads to is
checked too, and named in the output.
"""

from __future__ import annotations

import datetime
import os

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.browser.a11y import concrete_paths, crawl, log_in, named_routes, probe, route_key
from tests.conversations.conftest import build_crowd, close, open_conversation
from tests.pulse.helpers import fill_wave, weekly_schedule
from twoway.cases.casedata import new_case_data
from twoway.cases.services import create_case
from twoway.change.outreach import ack_codes, personal_token, picker_link
from twoway.change.services import add_champion, add_message, add_phase, create_initiative, log_win
from twoway.followups.models import Action
from twoway.org.access import scope_for
from twoway.org.export import roster_csv
from twoway.org.models import Membership, Person
from twoway.org.services import store_roster_upload
from twoway.pulse.alerts import check_closed_waves
from twoway.pulse.models import PulseAlert
from twoway.pulse.services import open_wave
from twoway.surveys.models import Item, KioskCode
from twoway.surveys.tokens import invitation_token
from twoway.surveys.views.answer import thanks_url
from twoway.voice.kudos import give_kudos
from twoway.voice.services import create_post
from twoway.workspace.services import subscribe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLES = ["admin", "director", "manager", "team_lead", "agent"]
# Named URLs no role opens as a page, and why; every other one must be a page someone opens.
NOT_PAGES = {
    "logout": "POST only",
    "set_language": "POST sets the language (a GET only redirects back)",
    "roster_confirm": "POST only",
    "roster_export": "a file",
    "access_change": "POST only",
    "case_calculate_new": "POST only (an htmx fragment)",
    "case_calculate": "POST only (an htmx fragment)",
    "case_pdf_new": "POST only, a PDF",
    "case_pdf_form": "POST only, a PDF",
    "case_pdf": "a PDF",
    "case_upload": "POST only",
    "campaign_posters": "a PDF of every team's poster (a PNG with ?unit=)",
    "case_plan": "POST only",
    "case_duplicate": "POST only",
    "survey_template_install": "POST only",
    "survey_template_clone": "POST only",
    "campaign_launch": "POST only",
    "campaign_remind": "POST only",
    "results_csv": "a file",
    "report_pdf": "a PDF",
    "pulse_schedule_toggle": "POST only",
    "pulse_alert_ack": "POST only",
    "action_feedback": "POST only",
    "actions_huddle": "a PDF",
    "voice_similar": "an htmx fragment of the voice form, checked inside it",
    "voice_kudos_hide": "POST only",
    "voice_unit_channel": "POST only",
    "voice_export": "a file",
    "voice_vote": "POST only",
    "voice_unvote": "POST only",
    "voice_report": "POST only",
    "voice_status": "POST only",
    "voice_figures": "POST only",
    "voice_merge": "POST only",
    "voice_case": "POST only",
    "voice_moderate": "POST only",
    "voice_leave": "POST only",
    "accept_invitation": "needs an e-mailed invitation; its refusal page is checked below",
    "change_ack": "POST only",
    "change_champion_add": "POST only",
    "change_champion_remove": "POST only",
    "change_win_new": "POST only",
    "change_win_broadcast": "POST only",
    "change_pace": "an htmx fragment of the load map, checked inside it",
    "change_posters": "a PDF of the message's posters",
    "conversation_invite": "POST only",
    "conversation_results_pdf": "a PDF",
    "conversation_vote_similar": "an htmx fragment of the statement form, checked inside it",
    "conversation_similar_link": "an htmx fragment of the statement form, checked inside it",
    "conversation_similar_code": "an htmx fragment of the statement form, checked inside it",
    "statement_moderate": "POST only",
    "campaign_resend": "POST only",
    "campaign_retry": "POST only",
    "pulse_themes_export": "a file (CSV or XLSX)",
    "pulse_trend_export": "a file (CSV or XLSX)",
    "report_unsubscribe": "POST only",
    "oidc_authentication_init": "a redirect to the identity provider",
    "oidc_authentication_callback": "the identity provider's redirect back",
    "scim_config": "the SCIM API (JSON for identity providers)",
    "scim_schemas": "the SCIM API (JSON for identity providers)",
    "scim_resource_types": "the SCIM API (JSON for identity providers)",
    "scim_users": "the SCIM API (JSON for identity providers)",
    "scim_user": "the SCIM API (JSON for identity providers)",
    "scim_groups": "the SCIM API (JSON for identity providers)",
    "scim_group": "the SCIM API (JSON for identity providers)",
}


@pytest.fixture
def demo_like(answered):
    """The `answered` world plus a pulse, actions, a case, voice and a roster upload."""
    w = answered
    schedule = weekly_schedule(w.org)
    for number in (1, 2, 3):
        fill_wave(schedule, number, {w.team1: 6, w.team2: 6, w.team_home: 2}, value=4 - number // 3)
    check_closed_waves()
    live = open_wave(schedule, 4)
    live.campaign.opens_at = timezone.now() - datetime.timedelta(hours=1)
    live.campaign.closes_at = timezone.now() + datetime.timedelta(days=2)
    live.campaign.save(update_fields=["opens_at", "closes_at"])
    w.schedule, w.live_wave = schedule, live
    w.code = KioskCode.objects.filter(campaign=live.campaign, unit=w.team1).first().code
    w.note = Action.objects.create(
        organisation=w.org,
        unit=w.team1,
        what="Fix the queue tool",
        owner=w.people["Tom"],
        status="done",
        you_said="The queue tool freezes",
        we_did="IT patched it",
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    w.action = Action.objects.create(
        organisation=w.org, unit=w.team1, what="Coach on the new CRM", owner=w.people["Tom"]
    )
    data, inputs = new_case_data()
    w.case = create_case(w.org, w.director, data, inputs)
    idea = {
        "kind": "idea",
        "title": "Headsets drop calls",
        "body": "Twice a shift.",
        "theme": "tools",
        "is_leader": False,
    }
    w.posted = create_post(w.org, w.people["Ana"], idea, signed=False)
    give_kudos(w.org, w.people["Ben"], {"to_unit": w.team1, "message": "Thanks for the cover"})
    people = Person.objects.filter(organisation=w.org)
    w.upload = store_roster_upload(w.org, w.admin, "roster.csv", roster_csv(people).encode(), "")
    w.admin.email = "admin@acme.example"
    w.admin.save(update_fields=["email"])
    add_change(w)
    w.conversation = open_conversation(w)
    w.closed_conversation = voted_and_closed(w)
    w.subscription = subscribe(scope_for(w.director, w.org), w.director, w.lisbon, 0)
    return w


def voted_and_closed(w):
    """A closed conversation with a crowd of 98 voters in three opinion groups: its results
    show. (The crowd joins Lisbon last, after every other row is made.)"""
    conversation = open_conversation(w)
    build_crowd(w, conversation)
    close(conversation)
    return conversation


def add_change(w) -> None:
    """An initiative going live in Lisbon, with a message, a champion and a win."""
    go_live = timezone.localdate() + datetime.timedelta(days=14)
    w.initiative = create_initiative(
        w.org, "desktop", "New agent desktop", why="One screen instead of four.",
        owner=w.people["Dora"], sponsor=w.people["Vera"],
    )  # fmt: skip
    w.phase = add_phase(
        w.initiative, [w.lisbon], go_live - datetime.timedelta(days=14), go_live,
        go_live + datetime.timedelta(days=90), impact="high", name="Lisbon",
    )  # fmt: skip
    w.message = add_message(
        w.phase, channel="huddle", title="Why the new desktop", body="One window.", offset_days=-7
    )
    w.message.sent_at = timezone.now()  # the team's acknowledgement is open for a week
    w.message.save(update_fields=["sent_at"])
    w.champion = add_champion(w.initiative, w.people["Ana"])
    w.win = log_win(w.initiative, "First day without a frozen screen", unit=w.team1)


def paths_of(w) -> dict[str, str]:
    """A path for every named URL of the site, with this organisation's rows."""
    item = Item.objects.filter(template=w.campaign.template, kind="agree5").first()
    values = {
        "slug": "acme",
        "pk": str(w.case.pk),
        "unit_id": str(w.team1.pk),
        "campaign_id": str(w.campaign.pk),
        "template_id": str(w.campaign.template_id),
        "item_id": str(item.pk),
        "item_code": item.code,
        "schedule_id": str(w.schedule.pk),
        "alert_id": str(PulseAlert.objects.first().pk),
        "action_id": str(w.action.pk),
        "upload_id": str(w.upload.pk),
        "membership_id": str(Membership.objects.get(user=w.director).pk),
        "kudos_id": "1",
        "fmt": "csv",
        "code": w.posted.post.code,
        "token": invitation_token(w.live_wave.campaign_id, w.people["Ben"].pk),
        "signed": thanks_url(w.live_wave.campaign).strip("/").split("/")[-1],
        "uidb64": urlsafe_base64_encode(force_bytes(w.admin.pk)),
        "key": w.initiative.key,
        "phase_id": str(w.phase.pk),
        "message_id": str(w.message.pk),
        "champion_id": str(w.champion.pk),
        "win_id": str(w.win.pk),
        "conversation_id": str(w.conversation.pk),
        "statement_id": str(w.conversation.statements.first().pk),
        "subscription_id": str(w.subscription.pk),
    }
    overrides = {
        "person": {"pk": str(w.people["Ana"].pk)},
        "person_erase": {"pk": str(w.people["Ana"].pk)},
        "answer_by_code": {"code": w.code},
        "voice_enter_code": {"code": w.code},
        "voice_receipt": {"token": w.posted.receipt_token},
        "password_reset_confirm": {"token": default_token_generator.make_token(w.admin)},
        "accept_invitation": {"token": "not-an-invitation"},
        "change_ack_team": {"code": ack_codes(w.message)[0].code},
        "change_ack_personal": {"token": personal_token(w.message, w.people["Ana"])},
        "change_ack_picker": {"token": picker_link(w.message).rstrip("/").split("/")[-1]},
        "conversation_vote_code": {"code": w.code},
        "conversation_results": {"conversation_id": str(w.closed_conversation.pk)},
    }
    paths = concrete_paths(values, overrides)
    paths["campaign (open wave)"] = f"/o/acme/surveys/campaigns/{w.live_wave.campaign_id}/"
    return paths


def pages_for(client: Client, paths: dict[str, str]) -> list[str]:
    """The pages of `paths` the client may open (fragments and files left out)."""
    return [
        path
        for name, path in paths.items()
        if name not in NOT_PAGES and route_key(path) and probe(client, path)
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_opens_has_no_serious_violation(live_server, demo_like, page, role):
    user = getattr(demo_like, role)
    client = Client()
    client.force_login(user)
    # The pages without a log-in look the same to everyone: the last test checks them.
    others = [p for p in pages_for(client, paths_of(demo_like)) if p.startswith("/o/")]
    log_in(page.context, live_server, user)
    report = crawl(page, live_server.url, ["/", "/o/acme/"], role, then=others)
    print(report.summary())
    assert len(report.visited) >= (8 if role == "agent" else 30)
    assert not report.errors and not report.findings, report.summary()


def test_the_pages_without_a_log_in_have_no_serious_violation(live_server, demo_like, page):
    w = demo_like
    paths = paths_of(w)
    start = [
        "/login/",
        paths["password_reset"],
        paths["password_reset_confirm"],
        paths["answer_by_link"],
        "/s/not-a-token/",
        paths["enter_code"],
        paths["answer_by_code"],
        paths["answer_thanks"],
        paths["voice_enter_code"],
        paths["voice_enter_link"],  # then the voice pages, as the link's holder
        paths["voice_receipt"],
        paths["accept_invitation"],
    ]
    report = crawl(page, live_server.url, start, "no log-in", limit=40)
    print(report.summary())
    assert len(report.visited) >= 12
    assert not report.errors and not report.findings, report.summary()


def test_every_named_url_is_a_page_someone_opens_or_says_why_not(demo_like):
    """A page added later is in the crawls above without a change here; anything no role can
    open as a page must be listed in NOT_PAGES with the reason."""
    paths = paths_of(demo_like)
    unknown = set(named_routes()) - set(paths) - set(NOT_PAGES)
    assert not unknown, f"URLs without a path here: {sorted(unknown)}"
    clients = [Client()]
    for role in ROLES:
        clients.append(Client())
        clients[-1].force_login(getattr(demo_like, role))
    opened = {name for name, path in paths.items() if any(probe(c, path) for c in clients)}
    unopened = set(named_routes()) - set(NOT_PAGES) - opened
    assert not unopened, f"pages nobody can open: {sorted(unopened)}"
