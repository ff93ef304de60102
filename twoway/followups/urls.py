from django.urls import path

from . import views

urlpatterns = [
    path("", views.action_list, name="actions"),
    path("units/<int:unit_id>/new/", views.action_new, name="action_new"),
    path("<int:action_id>/done/", views.action_done, name="action_done"),
    path("<int:action_id>/feedback/", views.action_feedback, name="action_feedback"),
    path("team/", views.team_notes, name="actions_team"),
    path("huddle/<int:unit_id>.pdf", views.huddle_pdf, name="actions_huddle"),
]
