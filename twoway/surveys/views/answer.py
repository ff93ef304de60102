"""Answering: a personal link (/s/<token>/) or a team code (/k/<code>/), no log-in needed.

Pages are small, fast and work on a phone; the answers in progress stay on the device
(answer.js keeps them in localStorage, on personal links only) until they are submitted. Both
ways end on one invitation, claimed once (see `kiosk.py`); the thanks page's address is signed,
so it tells nobody else which campaigns exist.
"""

from __future__ import annotations

import time
from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from twoway.org.throttle import client_address

from ..access import invitation_for_token
from ..extra_questions import extra_questions_for
from ..hot import template_items
from ..intake import SubmissionRefused, check_open, parse_answers, respondent_for
from ..kiosk import (
    NotInTheAudience,
    NotOnTheTeam,
    claim_token,
    find_team_member,
    invitation_for_claim,
    invitation_for_member,
    kiosk_allowed,
    record_kiosk_attempt,
)
from ..models import Campaign, Invitation, KioskCode
from ..questionnaire import questionnaire_context
from ..services import submit

MAX_ANSWER_BYTES = 64 * 1024
THANKS_SALT = "twoway.thanks"
THANKS_MAX_AGE = 24 * 3600


def choose_language(request, campaign: Campaign, preferred: str = "") -> str:
    languages = campaign.languages or ["en"]
    asked = request.GET.get("lang") or request.POST.get("lang") or preferred
    return asked if asked in languages else languages[0]


def refused(request, message: str, status: int, **context):
    context["message"] = message
    return render(request, "surveys/answer_closed.html", context, status=status)


@never_cache
@csrf_protect
def answer_by_link(request, token):
    invitation = invitation_for_token(token)
    if invitation is None:
        return refused(request, _("This link is not valid. Check that you copied all of it."), 404)
    language = choose_language(request, invitation.campaign, invitation.person.language)
    translation.activate(language)
    return _answer(request, invitation, language)


@never_cache
@csrf_protect
def answer_by_code(request, code):
    kiosk = KioskCode.objects.select_related("campaign", "unit").filter(code=code.upper()).first()
    if kiosk is None:
        return render(
            request,
            "surveys/enter_code.html",
            {"code": code, "error": _("No survey has this code. Check the poster and try again.")},
            status=404,
        )
    campaign = kiosk.campaign
    language = choose_language(request, campaign)
    translation.activate(language)
    try:
        check_open(campaign)
    except SubmissionRefused as refusal:
        return refused(request, refusal.message, refusal.status)
    if request.method != "POST":
        return _ask_employee_id(request, kiosk, language)
    address = client_address(request)
    if "claim" in request.POST:
        invitation = invitation_for_claim(kiosk, request.POST["claim"])
        if invitation is None:
            error = _("This page has expired. Enter your employee ID again.")
            return _ask_employee_id(request, kiosk, language, error=error, status=400)
        if not kiosk_allowed(kiosk, address):
            return _too_many(request)
        return _answer(request, invitation, language, kiosk=kiosk, address=address)
    if not kiosk_allowed(kiosk, address):
        return _too_many(request)
    record_kiosk_attempt(kiosk, address)
    return _claim(request, kiosk, language)


def _claim(request, kiosk: KioskCode, language: str):
    """The questionnaire for the person whose employee ID was typed, or the ID page again."""
    try:
        person = find_team_member(kiosk, request.POST.get("employee_id", ""))
        invitation = invitation_for_member(kiosk.campaign, person)
    except NotOnTheTeam:
        error = _(
            "This employee ID is not on the list of %(team)s. Check it (it is on your badge or "
            "pay slip), or ask your team lead to check the roster."
        ) % {"team": kiosk.unit.name}
        return _ask_employee_id(request, kiosk, language, error=error, status=400)
    except NotInTheAudience:
        return refused(request, _("This survey does not ask people in your role."), 403)
    invitation.person, invitation.campaign = person, kiosk.campaign
    return _answer(request, invitation, language, kiosk=kiosk, fresh=True)


def _ask_employee_id(request, kiosk, language, *, error: str = "", status: int = 200):
    context = {
        "campaign": kiosk.campaign,
        "kiosk": kiosk,
        "language": language,
        "error": error,
        "value": request.POST.get("employee_id", "")[:64] if error else "",
    }
    return render(request, "surveys/kiosk_start.html", context, status=status)


def _too_many(request):
    return refused(
        request, _("Too many tries from this device just now. Try again in a few minutes."), 429
    )


def _answer(request, invitation: Invitation, language, *, kiosk=None, address="", fresh=False):
    """Show the questionnaire or take the answers of one invitation. `fresh`: the person just
    typed their ID, so the page is shown, whatever was posted."""
    campaign = invitation.campaign
    try:
        check_open(campaign)
    except SubmissionRefused as refusal:
        return refused(request, refusal.message, refusal.status)
    if invitation.responded:
        return refused(request, _("You have already answered this survey. Thank you!"), 409)
    person = invitation.person
    respondent = respondent_for(person, language, channel="kiosk" if kiosk else "link")
    items = list(template_items(campaign.template_id))
    extras = extra_questions_for(respondent.unit.pk, campaign, person)
    posted = request.method == "POST" and not fresh
    errors: dict[str, str] = {}
    if posted:
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_ANSWER_BYTES:
            return refused(request, _("That is more text than this survey accepts."), 413)
        answers = parse_answers(items, request.POST, respondent.is_leader)
        errors = answers.errors
        if not errors:
            try:
                submit(campaign, respondent, answers, invitation=invitation,
                       extras=lambda: extras.hold(request.POST, person))  # fmt: skip
            except SubmissionRefused as refusal:
                return refused(request, refusal.message, refusal.status)
            if kiosk is not None:
                record_kiosk_attempt(kiosk, address)
            return redirect(f"{thanks_url(campaign)}?lang={language}")
    data = request.POST if posted else {}
    context = questionnaire_context(campaign, items, respondent.is_leader, language, data)
    context.update(
        {
            "errors": errors,
            "kiosk": kiosk,
            "claim": claim_token(invitation) if kiosk is not None else "",
            "language": language,
            "invitation": invitation if kiosk is None else None,
            "respondent_unit_id": respondent.unit.pk,  # for "you said, we did" notes
            "extra_questions": extras.questions(data),
        }
    )
    return render(request, "surveys/answer.html", context, status=400 if errors else 200)


def thanks_url(campaign: Campaign) -> str:
    # Signed anew each second at most: the signature only carries the second it was made in.
    return _signed_thanks_url(campaign.pk, int(time.time()), settings.SECRET_KEY)


@lru_cache(maxsize=64)
def _signed_thanks_url(campaign_id: int, second: int, secret: str) -> str:
    signed = signing.dumps(campaign_id, salt=THANKS_SALT, compress=True)
    return reverse("answer_thanks", kwargs={"signed": signed})


def answer_thanks(request, signed):
    """The page after answering; its address is signed, so only someone who just answered
    reaches it, and a campaign's name is not given to whoever guesses a number."""
    try:
        campaign_id = signing.loads(signed, salt=THANKS_SALT, max_age=THANKS_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    campaign = Campaign.objects.filter(pk=campaign_id, launched=True).first()
    if campaign is None:
        raise Http404
    translation.activate(choose_language(request, campaign))
    context = {"campaign": campaign, "threshold": campaign.threshold, "site_url": settings.SITE_URL}
    return render(request, "surveys/answer_thanks.html", context)


def enter_code(request):
    code = (request.GET.get("code") or "").strip().upper()
    if code:
        return redirect("answer_by_code", code=code)
    return render(request, "surveys/enter_code.html", {})
