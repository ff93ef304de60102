from django.urls import path

from .views import initiative, messages, people, plan, portfolio, public

urlpatterns = [
    path("", portfolio.portfolio, name="change_portfolio"),
    path("new/", portfolio.initiative_new, name="change_new"),
    path("load/", portfolio.load_page, name="change_load"),
    path("load/pace/<int:unit_id>/", portfolio.pace_cell, name="change_pace"),
    path("settings/", portfolio.change_settings, name="change_settings"),
    path("vision/", people.vision_page, name="change_vision"),
    path("huddle/<int:unit_id>/", people.team_huddle, name="change_huddle"),
    # Answered without logging in: "s/" keeps personal tokens out of logs (twoway.logfilters).
    path("ack/<str:code>/", public.ack_team, name="change_ack_team"),
    path("ack/s/<str:token>/", public.ack_personal, name="change_ack_personal"),
    path("ack/teams/<str:token>/", public.ack_picker, name="change_ack_picker"),
    path("<slug:key>/", initiative.initiative_page, name="change_initiative"),
    path("<slug:key>/edit/", initiative.initiative_edit, name="change_edit"),
    path("<slug:key>/status/", initiative.initiative_status, name="change_status"),
    path("<slug:key>/phases/new/", plan.phase_edit, name="change_phase_new"),
    path("<slug:key>/phases/<int:phase_id>/", plan.phase_edit, name="change_phase_edit"),
    path("<slug:key>/decisions/new/", plan.decision_new, name="change_decision_new"),
    path("<slug:key>/adoption/", plan.adoption_upload, name="change_adoption"),
    path("<slug:key>/messages/new/", messages.message_new, name="change_message_new"),
    path("<slug:key>/coverage/", messages.coverage_page, name="change_coverage"),
    path(
        "<slug:key>/messages/<int:message_id>/posters/",
        messages.message_posters,
        name="change_posters",
    ),
    path("<slug:key>/messages/<int:message_id>/ack/", public.ack_signed_in, name="change_ack"),
    path("<slug:key>/champions/", people.champion_add, name="change_champion_add"),
    path(
        "<slug:key>/champions/<int:champion_id>/remove/",
        people.champion_remove,
        name="change_champion_remove",
    ),
    path("<slug:key>/wins/", people.win_new, name="change_win_new"),
    path(
        "<slug:key>/wins/<int:win_id>/broadcast/", people.win_broadcast, name="change_win_broadcast"
    ),
    path("<slug:key>/ratings/", people.ratings_edit, name="change_ratings"),
]
