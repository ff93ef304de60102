from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "twoway.notify"
    verbose_name = "Notifications"
