from django.urls import path

from . import views

urlpatterns = [
    path("", views.org_home, name="org_home"),
    path("units/", views.unit_tree, name="units"),
    path("people/", views.people_list, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("roster/import/", views.roster_import, name="roster_import"),
    path("roster/import/<int:upload_id>/", views.roster_preview, name="roster_preview"),
    path(
        "roster/import/<int:upload_id>/confirm/",
        views.roster_confirm,
        name="roster_confirm",
    ),
    path("roster/export/", views.roster_export, name="roster_export"),
    path("audit/", views.audit_log, name="audit"),
    path("access/", views.access_list, name="access"),
    path("access/<int:membership_id>/", views.access_change, name="access_change"),
    path("settings/roles/", views.role_mapping, name="role_mapping"),
]
