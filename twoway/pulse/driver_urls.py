from django.urls import path

from . import driver_views

urlpatterns = [
    path("units/<int:unit_id>/drivers/", driver_views.pulse_drivers, name="pulse_drivers"),
]
