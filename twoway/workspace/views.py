"""Workspace pages: the global search, and the report e-mails a leader subscribes to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twoway.org.access import get_leader_scope_or_404, get_scope_or_404
from twoway.org.naming import label_units

from .access import get_subscription_or_404
from .forms import SubscriptionForm
from .models import ReportSubscription
from .search import search
from .services import cancel_subscription, subscribe


@login_required
def search_page(request, slug):
    scope = get_scope_or_404(request, slug)
    query = request.GET.get("q", "")
    results = search(scope, query)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "results": results,
        "search_query": results.query,
    }
    return render(request, "workspace/search.html", context)


@login_required
def subscriptions(request, slug):
    scope = get_leader_scope_or_404(request, slug)
    units = label_units(scope.units().order_by("path"))
    form = SubscriptionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        subscribe(scope, request.user, form.cleaned_data["unit"], form.cleaned_data["weekday"])
        messages.success(request, _("Subscribed: the report e-mail goes out every week."))
        return redirect("report_subscriptions", slug=slug)
    mine = ReportSubscription.objects.filter(
        organisation=scope.organisation, user=request.user
    ).select_related("unit")
    context = {
        "scope": scope,
        "org": scope.organisation,
        "form": form,
        "subscriptions": label_units_of(mine),
        "address": recipient_hint(request.user, scope),
    }
    return render(
        request, "workspace/subscriptions.html", context, status=400 if form.errors else 200
    )


def label_units_of(subscriptions) -> list[ReportSubscription]:
    subscriptions = list(subscriptions)
    label_units([s.unit for s in subscriptions])
    return subscriptions


def recipient_hint(user, scope) -> str:
    from .digest import recipient_address

    return recipient_address(user, scope.person)


@login_required
@require_POST
def unsubscribe(request, slug, subscription_id):
    scope = get_leader_scope_or_404(request, slug)
    subscription = get_subscription_or_404(scope, request.user, subscription_id)
    cancel_subscription(subscription, request.user)
    messages.success(request, _("Unsubscribed."))
    return redirect("report_subscriptions", slug=slug)
