from django.apps import AppConfig


class CommandsConfig(AppConfig):
    """Every `twoway` console command: the pure ones run without Django (`twoway/commands/*.py`),
    the others are management commands (`management/commands/`)."""

    name = "twoway.commands"
    label = "commands"
    verbose_name = "Console commands"
