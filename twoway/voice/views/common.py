"""What every voice page shares: the way in, and the context the layout needs."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from ..access import NoWayIn
from ..identity import Viewer


def voice_page(view):
    """Ask to sign in when nobody is signed in and no visit is under way on this device."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NoWayIn:
            return redirect_to_login(request.get_full_path())

    return wrapped


def page_context(viewer: Viewer, **extra) -> dict:
    """The layout's nav shows an account's pages; a visitor sees only the voice pages."""
    account = viewer.scope is not None
    return {
        "viewer": viewer,
        "vorg": viewer.organisation,
        "org": viewer.organisation if account else None,
        "scope": viewer.scope,
        **extra,
    }
