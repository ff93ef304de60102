from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    """Conversations: statements and votes, opinion groups, shared ground; leader modelling."""

    name = "twoway.conversations"
    label = "conversations"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        from twoway.followups.huddle import register_section
        from twoway.surveys.extra_questions import register

        from .huddle import conversation_section
        from .modelling import ModellingProvider

        register(ModellingProvider())
        register_section(conversation_section)
