from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """Sign-on (OpenID Connect), provisioning (SCIM 2.0) and data care: erasure, a person's
    own export, comment retention."""

    name = "twoway.identity"
    label = "identity"
    verbose_name = _("Sign-on, provisioning and data care")
