from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PulseConfig(AppConfig):
    name = "twoway.pulse"
    label = "pulse"
    verbose_name = _("Pulse")
