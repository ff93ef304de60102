"""Who may see and do what on the board.

Everyone with a place in the organisation (an account, or a person visiting through their
pulse link or team code) sees the visible posts and may post, vote and report. Leaders answer
posts labelled with a unit their scope covers; admins moderate, merge and change settings.
Pending, reported and hidden posts are seen by moderators only. Anything else answers 404.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from twoway.org.models import Organisation

from .identity import Viewer, viewer_for
from .models import Moderation, Post


class NoWayIn(Exception):
    """Nobody signed in and no visit on this device: the page asks to sign in."""


def get_viewer_or_404(request, slug: str) -> Viewer:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    viewer = viewer_for(request, organisation)
    if viewer is None:
        if request.user.is_authenticated:
            raise Http404
        raise NoWayIn
    return viewer


def get_person_viewer_or_404(request, slug: str) -> Viewer:
    """A viewer who is a person of the roster: only people post, vote and report."""
    viewer = get_viewer_or_404(request, slug)
    if viewer.person is None:
        raise Http404
    return viewer


def get_leader_viewer_or_404(request, slug: str) -> Viewer:
    viewer = get_viewer_or_404(request, slug)
    if not viewer.leads:
        raise Http404
    return viewer


def get_moderator_or_404(request, slug: str) -> Viewer:
    viewer = get_viewer_or_404(request, slug)
    if not viewer.is_moderator:
        raise Http404
    return viewer


def get_post_or_404(viewer: Viewer, code: str) -> Post:
    post = get_object_or_404(
        Post.objects.select_related("unit", "author", "merged_into", "organisation"),
        code=code,
        organisation=viewer.organisation,
    )
    if post.moderation != Moderation.VISIBLE and not viewer.is_moderator:
        raise Http404
    return post


def can_answer(viewer: Viewer, post: Post) -> bool:
    return viewer.scope is not None and viewer.scope.covers_unit(post.unit)


def get_answerable_post_or_404(viewer: Viewer, code: str) -> Post:
    post = get_post_or_404(viewer, code)
    if not can_answer(viewer, post):
        raise Http404
    return post
