from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("report-emails/", views.subscriptions, name="report_subscriptions"),
    path(
        "report-emails/<int:subscription_id>/cancel/",
        views.unsubscribe,
        name="report_unsubscribe",
    ),
]
