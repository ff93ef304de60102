from django.urls import path

from . import alert_views

urlpatterns = [
    path("alerts/", alert_views.alert_list, name="pulse_alerts"),
    path("alerts/<int:alert_id>/ack/", alert_views.alert_acknowledge, name="pulse_alert_ack"),
    path("me/", alert_views.manager_home, name="pulse_manager_home"),
]
