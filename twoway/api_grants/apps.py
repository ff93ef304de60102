from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiGrantsConfig(AppConfig):
    name = "twoway.api_grants"
    label = "api_grants"
    verbose_name = _("API token grants")
