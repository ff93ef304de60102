from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    """Frontline voice: workarounds, ideas and blockers, priced, voted, answered; and kudos."""

    name = "twoway.voice"
    label = "voice"
    verbose_name = _("Frontline voice")

    def ready(self) -> None:
        from twoway.followups.huddle import register_section

        from .huddle import top_workaround_section

        register_section(top_workaround_section)
