from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.pulse_home, name="pulse_home"),
    path("schedules/", views.schedule_list, name="pulse_schedules"),
    path(
        "schedules/<int:schedule_id>/toggle/", views.schedule_toggle, name="pulse_schedule_toggle"
    ),
    path("units/<int:unit_id>/", views.unit_trends, name="pulse_unit_trends"),
    path("", include("twoway.pulse.alert_urls")),
    path("", include("twoway.pulse.comment_urls")),
    path("", include("twoway.pulse.driver_urls")),
]
