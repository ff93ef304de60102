from django.urls import path

from .views import initiative, plan, portfolio

urlpatterns = [
    path("", portfolio.portfolio, name="change_portfolio"),
    path("new/", portfolio.initiative_new, name="change_new"),
    path("load/", portfolio.load_page, name="change_load"),
    path("load/pace/<int:unit_id>/", portfolio.pace_cell, name="change_pace"),
    path("settings/", portfolio.change_settings, name="change_settings"),
    path("<slug:key>/", initiative.initiative_page, name="change_initiative"),
    path("<slug:key>/edit/", initiative.initiative_edit, name="change_edit"),
    path("<slug:key>/status/", initiative.initiative_status, name="change_status"),
    path("<slug:key>/phases/new/", plan.phase_edit, name="change_phase_new"),
    path("<slug:key>/phases/<int:phase_id>/", plan.phase_edit, name="change_phase_edit"),
    path("<slug:key>/decisions/new/", plan.decision_new, name="change_decision_new"),
    path("<slug:key>/adoption/", plan.adoption_upload, name="change_adoption"),
]
