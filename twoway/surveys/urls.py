from django.urls import path

from . import results_views, views

urlpatterns = [
    path("", views.survey_home, name="surveys"),
    path("templates/install/", views.template_install, name="survey_template_install"),
    path("templates/<int:template_id>/", views.template_detail, name="survey_template"),
    path("templates/<int:template_id>/clone/", views.template_clone, name="survey_template_clone"),
    path(
        "templates/<int:template_id>/items/<int:item_id>/", views.item_edit, name="survey_item_edit"
    ),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/launch/", views.campaign_launch, name="campaign_launch"),
    path("campaigns/<int:campaign_id>/remind/", views.campaign_remind, name="campaign_remind"),
    path("campaigns/<int:campaign_id>/posters/", views.campaign_posters, name="campaign_posters"),
    path("campaigns/<int:campaign_id>/results/", results_views.results_heatmap, name="results"),
    path(
        "campaigns/<int:campaign_id>/results/items/<slug:item_code>/",
        results_views.results_item,
        name="results_item",
    ),
    path("campaigns/<int:campaign_id>/report/", results_views.executive_report, name="report"),
    path(
        "campaigns/<int:campaign_id>/everyone/",
        results_views.results_for_everyone,
        name="results_everyone",
    ),
    path("campaigns/<int:campaign_id>/results.csv", results_views.results_csv, name="results_csv"),
    path(
        "campaigns/<int:campaign_id>/report.pdf",
        results_views.executive_report_pdf,
        name="report_pdf",
    ),
    path(
        "campaigns/<int:campaign_id>/results/comments/<int:unit_id>/",
        results_views.results_comments,
        name="results_comments",
    ),
]
