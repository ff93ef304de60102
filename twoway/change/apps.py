from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangeConfig(AppConfig):
    """Change initiatives: plan, communicate, pace, measure readiness and adoption, adapt."""

    name = "twoway.change"
    label = "change"
    verbose_name = _("Change initiatives")

    def ready(self) -> None:
        from twoway.followups.huddle import register_section
        from twoway.surveys.extra_questions import register

        from .huddle import changes_section, vision_section, wins_section
        from .readiness import ReadinessQuestions

        register(ReadinessQuestions())
        register_section(vision_section)
        register_section(changes_section)
        register_section(wins_section)
