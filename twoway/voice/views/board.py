"""The board, a post, posting with similar posts shown first, votes, reports, the receipt."""

from __future__ import annotations

import statistics

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from twoway.org.access import get_unit_in_scope_or_404

from ..access import (
    can_answer,
    get_person_viewer_or_404,
    get_post_or_404,
    get_viewer_or_404,
)
from ..board import Filters, board_page, ensure_daily, k_for, shown_votes, visible_posts
from ..forms import FiguresForm, MergeForm, PostForm, StatusForm, VoteForm
from ..headcounts import filter_units
from ..matching import similar_posts
from ..models import Ballot, Kind, Status, Theme
from ..pricing import assumption_rows, assumptions_of, settings_for
from ..services import (
    VoiceError,
    cast_vote,
    create_post,
    has_voted,
    post_for_receipt,
    report_post,
    withdraw_vote,
)
from .common import page_context, voice_page

SORT_LABELS = [
    ("hot", _lazy("Hot: recent votes")),
    ("confidence", _lazy("Confidence: many votes, mostly for")),
    ("money", _lazy("Money: costliest workarounds")),
    ("votes", _lazy("Most “me too”")),
    ("new", _lazy("Newest")),
]


@voice_page
def board(request, slug):
    viewer = get_viewer_or_404(request, slug)
    ensure_daily(viewer.organisation)
    units = filter_units(viewer.organisation)
    unit = None
    if request.GET.get("unit"):
        unit = next((u for u in units if str(u.pk) == request.GET["unit"]), None)
        if unit is None:
            return render(request, "voice/no_unit.html", page_context(viewer), status=404)
    filters = Filters.from_query(request.GET, unit)
    page = board_page(viewer, filters)
    context = page_context(
        viewer,
        page=page,
        filters=filters,
        units=units,
        sorts=SORT_LABELS,
        kinds=Kind.choices,
        themes=Theme.choices,
        statuses=Status.choices,
        k=k_for(viewer),
        currency=settings_for(viewer.organisation).currency,
        query=_query_without_page(request.GET),
    )
    return render(request, "voice/board.html", context)


def _query_without_page(params) -> str:
    kept = params.copy()
    kept.pop("page", None)
    return kept.urlencode()


def voters_estimate(post, k: int) -> float | None:
    """The median "me too" estimate of minutes, when at least k voters gave one."""
    minutes = list(
        Ballot.objects.filter(post=post, minutes__isnull=False).values_list("minutes", flat=True)
    )
    return statistics.median(minutes) if len(minutes) >= k else None


def post_context(request, viewer, post, **forms) -> dict:
    k = k_for(viewer)
    voice_settings = settings_for(viewer.organisation)
    return page_context(
        viewer,
        post=post,
        k=k,
        up=shown_votes(post.up_votes, k),
        down=shown_votes(post.down_votes, k),
        my_vote=has_voted(post, viewer.person),
        answers=list(post.answers.all()),
        estimate=voters_estimate(post, k) if post.is_workaround else None,
        assumptions=assumption_rows(voice_settings) if post.is_workaround else [],
        currency=voice_settings.currency,
        answerable=can_answer(viewer, post),
        vote_form=forms.get("vote_form") or VoteForm(),
        status_form=forms.get("status_form") or StatusForm(initial={"status": post.status}),
        figures_form=forms.get("figures_form")
        or FiguresForm(initial=_figures(post), assumptions=assumptions_of(voice_settings)),
        merge_form=forms.get("merge_form") or MergeForm(),
    )


def _figures(post) -> dict:
    return {
        "minutes_lost": post.minutes_lost,
        "how_often": post.how_often,
        "per": post.per,
        "people_affected": post.people_affected,
    }


@voice_page
def post_detail(request, slug, code):
    viewer = get_viewer_or_404(request, slug)
    post = get_post_or_404(viewer, code)
    return render(request, "voice/post.html", post_context(request, viewer, post))


@never_cache
@voice_page
def post_new(request, slug):
    viewer = get_person_viewer_or_404(request, slug)
    assumptions = assumptions_of(settings_for(viewer.organisation))
    form = PostForm(request.POST or None, assumptions=assumptions, is_leader=viewer.is_leader)
    if request.method == "POST" and form.is_valid():
        posted = create_post(
            viewer.organisation,
            viewer.person,
            form.post_data(),
            signed=form.cleaned_data["signed"],
        )
        receipt = request.build_absolute_uri(
            reverse("voice_receipt", kwargs={"token": posted.receipt_token})
        )
        context = page_context(viewer, post=posted.post, receipt=receipt)
        response = render(request, "voice/posted.html", context)
        response["Referrer-Policy"] = "no-referrer"
        return response
    text = f"{request.POST.get('title', '')} {request.POST.get('body', '')}"
    context = page_context(
        viewer,
        form=form,
        similar=similar_posts(viewer.organisation, text) if request.method == "POST" else [],
        vote_form=VoteForm(),
    )
    return render(request, "voice/new.html", context, status=400 if form.errors else 200)


@voice_page
def similar(request, slug):
    """The similar-posts fragment, asked by the form as the title and text are typed."""
    viewer = get_person_viewer_or_404(request, slug)
    text = f"{request.GET.get('title', '')} {request.GET.get('body', '')}"[:5000]
    context = page_context(viewer, similar=similar_posts(viewer.organisation, text))
    return render(request, "voice/_similar.html", context)


@require_POST
@voice_page
def vote(request, slug, code):
    viewer = get_person_viewer_or_404(request, slug)
    post = get_post_or_404(viewer, code)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            cast_vote(post, viewer.person, form.cleaned_data["value"], form.cleaned_data["minutes"])
        except VoiceError as error:
            form.add_error(error.field, error.message)
    if form.errors:
        post.refresh_from_db()
        context = post_context(request, viewer, post, vote_form=form)
        return render(request, "voice/post.html", context, status=400)
    messages.success(request, _("Your vote is counted. Nobody can see who voted."))
    return redirect("voice_post", slug=slug, code=code)


@require_POST
@voice_page
def unvote(request, slug, code):
    viewer = get_person_viewer_or_404(request, slug)
    post = get_post_or_404(viewer, code)
    try:
        if withdraw_vote(post, viewer.person):
            messages.success(request, _("Your vote is taken back: you can use it elsewhere."))
    except VoiceError as error:
        messages.error(request, error.message)
    return redirect("voice_post", slug=slug, code=code)


@require_POST
@voice_page
def report(request, slug, code):
    viewer = get_person_viewer_or_404(request, slug)
    post = get_post_or_404(viewer, code)
    report_post(post, viewer.person)
    messages.success(request, _("Thank you. A moderator will look at this post."))
    return redirect("voice_board", slug=slug)


@voice_page
def my_votes(request, slug):
    """The posts this person voted on, with their news: for them alone."""
    viewer = get_person_viewer_or_404(request, slug)
    from ..identity import VOTE

    voted = Ballot.objects.filter(voter=viewer.key(VOTE)).values("post_id")
    posts = visible_posts(viewer).filter(pk__in=voted)
    filters = Filters(status="all", sort="new")
    page = board_page(viewer, filters, base=posts)
    context = page_context(viewer, page=page, k=k_for(viewer))
    return render(request, "voice/mine.html", context)


@voice_page
def top_posts(request, slug):
    """A leader's home for voice: the top open posts of their subtree."""
    from ..access import get_leader_viewer_or_404
    from ..board import top_open_posts

    viewer = get_leader_viewer_or_404(request, slug)
    scope = viewer.scope
    if request.GET.get("unit"):
        unit = get_unit_in_scope_or_404(scope, request.GET["unit"])
    elif scope.person is not None and not scope.is_admin:
        unit = scope.person.unit
    else:
        unit = scope.units().order_by("depth", "pk").first()
    posts = top_open_posts(viewer, unit) if unit is not None else []
    context = page_context(
        viewer, unit=unit, posts=posts, k=k_for(viewer),
        currency=settings_for(viewer.organisation).currency,
    )  # fmt: skip
    return render(request, "voice/top.html", context)


@never_cache
def receipt(request, token):
    """The author's private page: their post, its status and every answer. No log-in."""
    post = post_for_receipt(token)
    if post is None:
        return render(request, "voice/receipt_missing.html", status=404)
    context = {"post": post, "answers": list(post.answers.all()), "vorg": None}
    response = render(request, "voice/receipt.html", context)
    response["Referrer-Policy"] = "no-referrer"  # the token must not leave in a Referer
    return response
