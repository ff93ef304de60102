from django.urls import path

from . import access_views, roster_views, views

urlpatterns = [
    path("", views.org_home, name="org_home"),
    path("units/", views.unit_tree, name="units"),
    path("people/", views.people_list, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("roster/import/", roster_views.roster_import, name="roster_import"),
    path("roster/import/<int:upload_id>/", roster_views.roster_preview, name="roster_preview"),
    path(
        "roster/import/<int:upload_id>/confirm/",
        roster_views.roster_confirm,
        name="roster_confirm",
    ),
    path("roster/export/", roster_views.roster_export, name="roster_export"),
    path("audit/", views.audit_log, name="audit"),
    path("access/", access_views.access_list, name="access"),
    path("access/<int:membership_id>/", access_views.access_change, name="access_change"),
    path("settings/roles/", access_views.role_mapping, name="role_mapping"),
]
