"""Survey pages for admins and leaders: templates, campaigns, participation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twoway.notify.qr import poster_png, posters_pdf
from twoway.org.access import get_admin_scope_or_404, get_leader_scope_or_404, id_or_404
from twoway.org.naming import label_units, tree_order, unit_labels

from ..access import get_campaign_or_404, get_template_or_404, report_unit
from ..audience import participation, reminders_due
from ..delivery import delivery_summary, mail_check, resend_link, retry_failed
from ..forms import CampaignForm, ItemForm, item_initial
from ..models import Campaign, Template
from ..outreach import posters_for
from ..services import (
    CampaignSpec,
    DuplicateItemCode,
    add_item,
    clone_template,
    create_campaign,
    install_builtin,
    launch_campaign,
    update_item,
)
from ..tasks import announce_campaign, send_invitations, send_reminders


@login_required
def survey_home(request, slug):
    scope = get_leader_scope_or_404(request, slug)
    campaigns = list(
        Campaign.objects.filter(organisation=scope.organisation, pulse_wave__isnull=True)
    )
    for campaign in campaigns:
        campaign.status_label = Campaign.Status(campaign.status).label
    now = timezone.now()
    context = {
        "scope": scope,
        "org": scope.organisation,
        # Pulse waves are campaigns too; they have their own pages, linked while open.
        "campaigns": campaigns,
        "open_waves": Campaign.objects.filter(
            organisation=scope.organisation,
            pulse_wave__isnull=False,
            launched=True,
            opens_at__lte=now,
            closes_at__gt=now,
        ),
        # A pulse wave's template is a copy of the bank's items due that wave: not a bank entry.
        "templates": Template.objects.filter(organisation=scope.organisation).exclude(
            source__startswith="pulse:"
        ),
    }
    return render(request, "surveys/home.html", context)


@login_required
@require_POST
def template_install(request, slug):
    scope = get_admin_scope_or_404(request, slug)
    template = install_builtin(scope.organisation, "alignment_diagnostic")
    messages.success(request, _("The Alignment Diagnostic is in your question bank."))
    return redirect("survey_template", slug=slug, template_id=template.pk)


@login_required
def template_detail(request, slug, template_id):
    scope = get_leader_scope_or_404(request, slug)
    template = get_template_or_404(scope, template_id)
    items = template.items.select_related("construct")
    form = ItemForm(request.POST or None) if scope.is_admin else None
    if form is not None and request.method == "POST" and form.is_valid():
        if template.campaigns.exists():
            messages.error(request, _("This template has campaigns: clone it to change it."))
        else:
            try:
                add_item(template, form.cleaned_data, form.choice_list())
            except DuplicateItemCode:
                form.add_error("code", _("Another item of this template has this code."))
            else:
                return redirect("survey_template", slug=slug, template_id=template.pk)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "template": template,
        "items": items,
        "form": form,
    }
    return render(
        request, "surveys/template.html", context, status=400 if form and form.errors else 200
    )


@login_required
def item_edit(request, slug, template_id, item_id):
    scope = get_admin_scope_or_404(request, slug)
    template = get_template_or_404(scope, template_id)
    item = get_object_or_404(template.items, pk=item_id)
    if template.campaigns.exists():
        messages.error(request, _("This template has campaigns: clone it to change it."))
        return redirect("survey_template", slug=slug, template_id=template.pk)
    form = ItemForm(request.POST or None, initial=item_initial(item))
    if request.method == "POST" and form.is_valid():
        try:
            update_item(item, form.cleaned_data)
        except DuplicateItemCode:
            form.add_error("code", _("Another item of this template has this code."))
        else:
            return redirect("survey_template", slug=slug, template_id=template.pk)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "template": template,
        "item": item,
        "form": form,
    }
    return render(request, "surveys/item_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def template_clone(request, slug, template_id):
    scope = get_admin_scope_or_404(request, slug)
    template = get_template_or_404(scope, template_id)
    copy = clone_template(template, _("%(name)s (copy)") % {"name": template.name})
    return redirect("survey_template", slug=slug, template_id=copy.pk)


@login_required
def campaign_new(request, slug):
    scope = get_admin_scope_or_404(request, slug)
    form = CampaignForm(request.POST or None, organisation=scope.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = CampaignSpec(
            template=data["template"],
            name=data["name"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            languages=data["languages"],
            threshold=data["threshold"],
            units=list(data["units"]),
            roles=data["roles"],
            webhook_url=data.get("webhook_url") or "",
            webhook_kind=data.get("webhook_kind") or "",
        )
        campaign = create_campaign(scope.organisation, spec, actor=request.user)
        return redirect("campaign", slug=slug, campaign_id=campaign.pk)
    context = {"scope": scope, "org": scope.organisation, "form": form}
    return render(request, "surveys/campaign_new.html", context, status=400 if form.errors else 200)


@login_required
def campaign_detail(request, slug, campaign_id):
    scope = get_leader_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    labels = unit_labels(scope.organisation.pk)
    units = tree_order(label_units(scope.units(), labels))
    rows = participation(campaign, units)
    codes = campaign.kiosk_codes.select_related("unit") if scope.is_admin else []
    kiosk_codes = sorted(codes, key=lambda k: labels.get(k.unit_id, k.unit.name).casefold())
    label_units([k.unit for k in kiosk_codes], labels)
    report_scope = report_unit(scope)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "campaign": campaign,
        "status_label": Campaign.Status(campaign.status).label,
        "wave": getattr(campaign, "pulse_wave", None),
        "rows": rows,
        "kiosk_codes": kiosk_codes,
        "report_scope": labels.get(report_scope.pk) if report_scope else "",
    }
    if scope.is_admin:
        context["delivery"] = delivery_summary(campaign) if campaign.launched else None
        context["mail"] = mail_check() if not campaign.launched or campaign.is_open else None
    return render(request, "surveys/campaign.html", context)


@login_required
@require_POST
def campaign_launch(request, slug, campaign_id):
    scope = get_admin_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    invited = launch_campaign(campaign, actor=request.user)
    check = mail_check()
    transaction.on_commit(lambda: send_invitations.enqueue(campaign.pk))
    transaction.on_commit(lambda: announce_campaign.enqueue(campaign.pk))
    if check.ready:
        messages.success(
            request,
            _("Launched: %(n)s people invited. E-mails are being sent: their delivery shows "
              "below.") % {"n": invited},
        )  # fmt: skip
    else:
        messages.warning(
            request,
            _("Launched: %(n)s people invited, but no e-mail can be sent now (%(problem)s). "
              "Hand out the team codes and posters, or fix the mail settings and retry the "
              "failed e-mails below.") % {"n": invited, "problem": check.problem},
        )  # fmt: skip
    return redirect("campaign", slug=slug, campaign_id=campaign.pk)


@login_required
@require_POST
def campaign_retry(request, slug, campaign_id):
    scope = get_admin_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    queued = retry_failed(campaign, actor=request.user)
    if queued:
        transaction.on_commit(lambda: send_invitations.enqueue(campaign.pk))
    messages.success(request, _("%(n)s failed e-mails are being sent again.") % {"n": queued})
    return redirect("campaign", slug=slug, campaign_id=campaign.pk)


@login_required
@require_POST
def campaign_resend(request, slug, campaign_id):
    """A new personal link for one person (by employee ID), e-mailed to their address now."""
    scope = get_admin_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    employee_id = (request.POST.get("employee_id") or "").strip()[:64]
    invitation = (
        campaign.invitations.select_related("person", "campaign__organisation")
        .filter(person__employee_id=employee_id)
        .first()
    )
    if invitation is None:
        messages.error(request, _("Employee ID: nobody with this ID is invited to this campaign."))
    elif not invitation.person.email:
        messages.error(
            request,
            _("Employee ID %(id)s: this person has no e-mail address in the roster; add one "
              "and import the roster, or give them their team's code.") % {"id": employee_id},
        )  # fmt: skip
    else:
        resend_link(invitation, actor=request.user)
        transaction.on_commit(lambda: send_invitations.enqueue(campaign.pk))
        messages.success(
            request,
            _("A new link is on its way to %(to)s; the old one no longer works.")
            % {"to": invitation.person.email},
        )
    return redirect("campaign", slug=slug, campaign_id=campaign.pk)


@login_required
@require_POST
def campaign_remind(request, slug, campaign_id):
    scope = get_admin_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    due = reminders_due(campaign).count() if campaign.is_open else 0
    if due:
        transaction.on_commit(lambda: send_reminders.enqueue(campaign.pk))
    messages.success(
        request, _("Reminders going to %(n)s people who have not answered yet.") % {"n": due}
    )
    return redirect("campaign", slug=slug, campaign_id=campaign.pk)


@login_required
def campaign_posters(request, slug, campaign_id):
    """Every team's poster, one A4 page each (PDF), or one team's as PNG (?unit=ID)."""
    scope = get_admin_scope_or_404(request, slug)
    campaign = get_campaign_or_404(scope, campaign_id)
    posters = posters_for(campaign)
    if unit_id := request.GET.get("unit"):
        kiosk = get_object_or_404(
            campaign.kiosk_codes.select_related("unit"), unit_id=id_or_404(unit_id)
        )
        poster = next(p for p in posters if p.short_code == kiosk.code)
        response = HttpResponse(poster_png(**vars(poster)), content_type="image/png")
        response["Content-Disposition"] = f'inline; filename="poster-{kiosk.code}.png"'
        return response
    if not posters:
        raise Http404
    response = HttpResponse(posters_pdf(posters), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="posters-{campaign.pk}.pdf"'
    return response
