from django.urls import path

from . import comment_views

urlpatterns: list = [
    path("units/<int:unit_id>/themes/", comment_views.unit_themes, name="pulse_themes"),
    path("units/<int:unit_id>/comments/", comment_views.unit_comments, name="pulse_comments"),
]
