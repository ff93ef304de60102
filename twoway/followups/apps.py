from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    """Follow-ups: the actions leaders take on results, and "you said, we did"."""

    name = "twoway.followups"
    label = "followups"
    verbose_name = _("Follow-ups: you said, we did")

    def ready(self) -> None:
        from twoway.surveys.extra_questions import register

        from .feedback import FeedbackProvider

        register(FeedbackProvider())
