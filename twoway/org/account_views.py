"""Pages of one's own account: the throttled log-in, changing and resetting the password, and
accepting an invitation to another organisation."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .invitations import read_invitation
from .services import AccessRefused, accept_invitation
from .throttle import LoginAttempt, client_address, count_request, remember_device


class ThrottledForm(AuthenticationForm):
    """The log-in form while a counter is full: the password is not checked at all, so the
    answer cannot tell whether it was right."""

    def clean(self):
        raise ValidationError(
            _(
                "Too many failed attempts. Wait 15 minutes and try again, or use “Forgot your "
                "password?” to log in through your e-mail."
            ),
            code="throttled",
        )


class ThrottledLoginView(auth_views.LoginView):
    """Django's log-in, behind the counters of `throttle`."""

    template_name = "org/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # "Sign in with <provider>" when single sign-on is set up (twoway.identity.sso).
        sso_name = settings.OIDC_PROVIDER_NAME if settings.OIDC_ENABLED else ""
        return super().get_context_data(sso_name=sso_name, **kwargs)

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        attempt = LoginAttempt.of(request, username)
        if attempt.is_throttled():
            form = ThrottledForm(request, data=request.POST)
            form.is_valid()
            return self.render_to_response(self.get_context_data(form=form), status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            attempt.succeeded()
            remember_device(response, request.user.get_username())
        else:
            attempt.failed()
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "org/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session, ends the others
        messages.success(self.request, _("Your password is changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an e-mail address and mails a one-time link; the same answer whether or not an
    account has that address, and a few requests per client address only."""

    template_name = "org/password_reset.html"
    email_template_name = "org/email/password_reset.txt"
    subject_template_name = "org/email/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")
    extra_email_context = {"site_url": settings.SITE_URL}

    def post(self, request, *args, **kwargs):
        key = f"reset:{client_address(request)}"
        if not count_request(key, settings.PASSWORD_RESET_LIMIT):
            form = self.get_form()
            form.add_error(None, _("Too many requests. Wait 15 minutes and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "org/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the e-mail: a new password, checked by the validators, then logged in.
    Holding the mailbox is proof enough, so this browser becomes a trusted device."""

    template_name = "org/password_reset_confirm.html"
    post_reset_login = True
    # Named because single sign-on adds a second backend (twoway.identity.sso).
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        remember_device(response, form.user.get_username())
        messages.success(self.request, _("Your new password is set, and you are logged in."))
        return response


@login_required
def invitation(request, token):
    """An invitation to another organisation, for the account it was sent to and no other."""
    found = read_invitation(token)
    if found is None or found.account_id != request.user.pk:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            accept_invitation(found, request.user)
        except AccessRefused as refusal:
            error = refusal.message
        else:
            messages.success(
                request, _("You now have access to %(org)s.") % {"org": found.organisation.name}
            )
            return redirect("org_home", slug=found.organisation.slug)
    context = {"invitation": found, "error": error}
    return render(request, "org/invitation.html", context, status=400 if error else 200)
