from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangeConfig(AppConfig):
    """Change initiatives: plan, communicate, pace, measure readiness and adoption, adapt."""

    name = "twoway.change"
    label = "change"
    verbose_name = _("Change initiatives")
