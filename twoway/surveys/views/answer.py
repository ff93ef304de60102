"""Answering: a personal link (/s/<token>/) or a team code (/k/<code>/), no log-in needed.

Pages are small, fast and work on a phone; the answers in progress stay on the device
(answer.js keeps them in localStorage) until they are submitted.
"""

from __future__ import annotations

from django.conf import settings
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
from ..intake import Respondent, SubmissionRefused, check_open, parse_answers, respondent_for
from ..kiosk import kiosk_allowed, record_kiosk_submission
from ..models import Campaign, KioskCode
from ..questionnaire import questionnaire_context, redactor_for
from ..services import submit

MAX_ANSWER_BYTES = 64 * 1024


def choose_language(request, campaign: Campaign, preferred: str = "") -> str:
    languages = campaign.languages or ["en"]
    asked = request.GET.get("lang") or request.POST.get("lang") or preferred
    return asked if asked in languages else languages[0]


def refused(request, message: str, status: int):
    return render(request, "surveys/answer_closed.html", {"message": message}, status=status)


@never_cache
@csrf_protect
def answer_by_link(request, token):
    invitation = invitation_for_token(token)
    if invitation is None:
        return refused(request, _("This link is not valid. Check that you copied all of it."), 404)
    campaign = invitation.campaign
    language = choose_language(request, campaign, invitation.person.language)
    translation.activate(language)
    if invitation.responded:
        return refused(request, _("You have already answered this survey. Thank you!"), 409)
    respondent = respondent_for(invitation.person, language)
    return _answer(request, campaign, respondent, language, invitation=invitation)


@never_cache
@csrf_protect
def answer_by_code(request, code):
    kiosk = KioskCode.objects.select_related("campaign", "unit").filter(code=code.upper()).first()
    if kiosk is None:
        return refused(
            request, _("No survey has this code. Check the poster in your team area."), 404
        )
    campaign = kiosk.campaign
    language = choose_language(request, campaign)
    translation.activate(language)
    role = request.POST.get("role") or request.GET.get("role")
    if role not in ("frontline", "leader"):
        context = {"campaign": campaign, "kiosk": kiosk, "language": language}
        return render(request, "surveys/kiosk_start.html", context)
    respondent = Respondent(
        unit=kiosk.unit, is_leader=role == "leader", language=language, channel="kiosk"
    )
    if request.method == "POST" and not kiosk_allowed(kiosk, client_address(request)):
        return refused(
            request,
            _("Too many answers from this device just now. Try again in a few minutes."),
            429,
        )
    response = _answer(request, campaign, respondent, language, kiosk=kiosk, role=role)
    if request.method == "POST" and response.status_code == 302:
        record_kiosk_submission(kiosk, client_address(request))
    return response


def _answer(request, campaign, respondent, language, invitation=None, kiosk=None, role=""):
    try:
        check_open(campaign)
    except SubmissionRefused as refusal:
        return refused(request, refusal.message, refusal.status)
    items = list(template_items(campaign.template_id))
    person = invitation.person if invitation else None
    extras = extra_questions_for(respondent.unit.pk, campaign, person)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_ANSWER_BYTES:
            return refused(request, _("That is more text than this survey accepts."), 413)
        answers = parse_answers(items, request.POST, respondent.is_leader)
        errors = answers.errors
        if not errors:
            try:
                submit(campaign, respondent, answers, redactor_for(campaign), invitation)
            except SubmissionRefused as refusal:
                return refused(request, refusal.message, refusal.status)
            extras.record(request.POST, person)
            thanks = reverse("answer_thanks", kwargs={"campaign_id": campaign.pk})
            return redirect(f"{thanks}?lang={language}")
    context = questionnaire_context(campaign, items, respondent.is_leader, language, request.POST)
    context.update(
        {
            "errors": errors,
            "kiosk": kiosk,
            "role": role,
            "language": language,
            "invitation": invitation,
            "respondent_unit_id": respondent.unit.pk,  # for "you said, we did" notes
            "extra_questions": extras.questions(request.POST),
        }
    )
    return render(request, "surveys/answer.html", context, status=400 if errors else 200)


def answer_thanks(request, campaign_id):
    campaign = Campaign.objects.filter(pk=campaign_id).first()
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
