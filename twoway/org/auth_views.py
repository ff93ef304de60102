"""Log-in with throttling against password guessing."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _

from .throttle import clear_failures, client_address, is_throttled, record_failure, throttle_key


class ThrottledLoginView(auth_views.LoginView):
    template_name = "org/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        key = throttle_key(request.POST.get("username", ""), client_address(request))
        if is_throttled(key):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Too many failed attempts. Wait 15 minutes and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            clear_failures(key)
        else:
            record_failure(key)
        return response
