"""Leaders answer and price posts and build their business case; moderators merge, moderate
and change the settings; leaders export the board."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twoway.followups.models import Action
from twoway.staffing import StaffingInputError

from ..access import (
    get_answerable_post_or_404,
    get_leader_viewer_or_404,
    get_moderator_or_404,
    get_post_or_404,
)
from ..board import k_for
from ..casebuild import build_case
from ..export import EXPORT_FORMATS, export_response
from ..forms import FiguresForm, MergeForm, SettingsForm, StatusForm, UnitChannelForm
from ..models import Moderation, Post, UnitChannel
from ..pricing import assumptions_of, settings_for
from ..services import (
    VoiceError,
    change_status,
    merge_posts,
    moderate,
    set_unit_channel,
    update_post_figures,
    update_settings,
)
from .board import post_context
from .common import page_context, voice_page


def _again(request, viewer, post, **forms):
    post.refresh_from_db()
    return render(
        request, "voice/post.html", post_context(request, viewer, post, **forms), status=400
    )


@require_POST
@voice_page
def post_status(request, slug, code):
    viewer = get_leader_viewer_or_404(request, slug)
    post = get_answerable_post_or_404(viewer, code)
    form = StatusForm(request.POST)
    if form.is_valid():
        action = None
        if form.cleaned_data["action"]:
            action = Action.objects.filter(
                pk=form.cleaned_data["action"], organisation=viewer.organisation
            ).first()
            if action is None:
                form.add_error("action", _("No action of this organisation has that number."))
        if not form.errors:
            try:
                change_status(post, form.cleaned_data["status"], form.cleaned_data["text"],
                              request.user, action=action)  # fmt: skip
            except VoiceError as error:
                form.add_error(error.field, error.message)
    if form.errors:
        return _again(request, viewer, post, status_form=form)
    messages.success(request, _("Answered. The author, the voters and the team will see it."))
    return redirect("voice_post", slug=slug, code=code)


@require_POST
@voice_page
def post_figures(request, slug, code):
    viewer = get_leader_viewer_or_404(request, slug)
    post = get_answerable_post_or_404(viewer, code)
    assumptions = assumptions_of(settings_for(viewer.organisation))
    form = FiguresForm(request.POST, assumptions=assumptions)
    if form.is_valid() and post.is_workaround:
        update_post_figures(post, form.cleaned_data, request.user)
        messages.success(request, _("The figures and the price are updated."))
        return redirect("voice_post", slug=slug, code=code)
    if not post.is_workaround:
        form.add_error(None, _("Only a workaround has figures to price."))
    return _again(request, viewer, post, figures_form=form)


@require_POST
@voice_page
def post_merge(request, slug, code):
    viewer = get_moderator_or_404(request, slug)
    post = get_post_or_404(viewer, code)
    form = MergeForm(request.POST)
    if form.is_valid():
        target = Post.objects.filter(
            code=form.cleaned_data["target"].strip().lower(), organisation=viewer.organisation
        ).first()
        if target is None:
            form.add_error("target", _("No post of this organisation has that code."))
        else:
            try:
                carried = merge_posts(post, target, request.user)
            except VoiceError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, _("Merged: %(n)s votes carried across.") % {"n": carried})
                return redirect("voice_post", slug=slug, code=target.code)
    return _again(request, viewer, post, merge_form=form)


@require_POST
@voice_page
def post_case(request, slug, code):
    """Open a business case prefilled from the post and its voters' estimates."""
    viewer = get_leader_viewer_or_404(request, slug)
    post = get_answerable_post_or_404(viewer, code)
    if post.business_case_id is None:
        try:
            build_case(post, request.user, k_for(viewer))
        except StaffingInputError as error:
            messages.error(request, str(error))
            return redirect("voice_post", slug=slug, code=code)
    return redirect("case_detail", slug=slug, pk=post.business_case_id)


@voice_page
def moderation_queue(request, slug):
    viewer = get_moderator_or_404(request, slug)
    posts = (
        Post.objects.filter(
            organisation=viewer.organisation,
            moderation__in=[Moderation.PENDING, Moderation.REPORTED],
        )
        .select_related("unit")
        .order_by("created_on", "shuffle")[:200]
    )
    return render(request, "voice/moderation.html", page_context(viewer, posts=list(posts)))


@require_POST
@voice_page
def post_moderate(request, slug, code):
    viewer = get_moderator_or_404(request, slug)
    post = get_post_or_404(viewer, code)
    moderate(post, request.POST.get("decision") == "show", request.user)
    messages.success(request, _("Done."))
    return redirect("voice_moderation", slug=slug)


@voice_page
def voice_settings(request, slug):
    viewer = get_moderator_or_404(request, slug)
    current = settings_for(viewer.organisation)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        repriced = update_settings(viewer.organisation, values, request.user)
        messages.success(request, _("Saved; %(n)s workarounds priced again.") % {"n": repriced})
        return redirect("voice_settings", slug=slug)
    return _settings_page(request, viewer, form)


@require_POST
@voice_page
def unit_channel(request, slug):
    viewer = get_moderator_or_404(request, slug)
    form = UnitChannelForm(request.POST, organisation=viewer.organisation)
    if form.is_valid():
        set_unit_channel(viewer.organisation, form.cleaned_data, request.user)
        messages.success(request, _("The unit's channel is saved."))
        return redirect("voice_settings", slug=slug)
    return _settings_page(
        request, viewer, SettingsForm(instance=settings_for(viewer.organisation)), form
    )


def _settings_page(request, viewer, form, channel_form=None):
    channels = UnitChannel.objects.filter(unit__organisation=viewer.organisation).select_related(
        "unit"
    )
    context = page_context(
        viewer,
        form=form,
        channel_form=channel_form or UnitChannelForm(organisation=viewer.organisation),
        channels=list(channels),
    )
    errors = form.errors or (channel_form is not None and channel_form.errors)
    return render(request, "voice/settings.html", context, status=400 if errors else 200)


@voice_page
def export(request, slug, fmt):
    viewer = get_leader_viewer_or_404(request, slug)
    if fmt not in EXPORT_FORMATS:
        return HttpResponse(status=404)
    return export_response(viewer, fmt)
