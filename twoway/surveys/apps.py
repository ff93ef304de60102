from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "twoway.surveys"
    label = "surveys"
    verbose_name = _("Surveys and campaigns")

    def ready(self):
        from twoway.org.home import register_section

        from .home import open_in_organisation, waiting_for_you

        register_section(waiting_for_you)
        register_section(open_in_organisation)
