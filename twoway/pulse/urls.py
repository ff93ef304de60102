from django.urls import path

from . import views

urlpatterns = [
    path("", views.pulse_home, name="pulse_home"),
    path("schedules/", views.schedule_list, name="pulse_schedules"),
    path(
        "schedules/<int:schedule_id>/toggle/", views.schedule_toggle, name="pulse_schedule_toggle"
    ),
    path("units/<int:unit_id>/", views.unit_trends, name="pulse_unit_trends"),
    path("units/<int:unit_id>/trend.<str:fmt>", views.trends_export, name="pulse_trend_export"),
    path("units/<int:unit_id>/themes/", views.unit_themes, name="pulse_themes"),
    path("units/<int:unit_id>/themes.<str:fmt>", views.themes_export, name="pulse_themes_export"),
    path("units/<int:unit_id>/comments/", views.unit_comments, name="pulse_comments"),
    path("units/<int:unit_id>/drivers/", views.pulse_drivers, name="pulse_drivers"),
    path("alerts/", views.alert_list, name="pulse_alerts"),
    path("alerts/<int:alert_id>/ack/", views.alert_acknowledge, name="pulse_alert_ack"),
    path("me/", views.manager_home, name="pulse_manager_home"),
]
