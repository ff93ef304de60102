from django.urls import path

from .views import answer, campaigns, results

urlpatterns = [
    path("", campaigns.survey_home, name="surveys"),
    path("templates/install/", campaigns.template_install, name="survey_template_install"),
    path("templates/<int:template_id>/", campaigns.template_detail, name="survey_template"),
    path(
        "templates/<int:template_id>/clone/", campaigns.template_clone, name="survey_template_clone"
    ),
    path(
        "templates/<int:template_id>/items/<int:item_id>/",
        campaigns.item_edit,
        name="survey_item_edit",
    ),
    path("campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("campaigns/<int:campaign_id>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/launch/", campaigns.campaign_launch, name="campaign_launch"),
    path("campaigns/<int:campaign_id>/remind/", campaigns.campaign_remind, name="campaign_remind"),
    path("campaigns/<int:campaign_id>/retry/", campaigns.campaign_retry, name="campaign_retry"),
    path("campaigns/<int:campaign_id>/resend/", campaigns.campaign_resend, name="campaign_resend"),
    path(
        "campaigns/<int:campaign_id>/posters/", campaigns.campaign_posters, name="campaign_posters"
    ),
    path("campaigns/<int:campaign_id>/results/", results.results_heatmap, name="results"),
    path(
        "campaigns/<int:campaign_id>/results/items/<slug:item_code>/",
        results.results_item,
        name="results_item",
    ),
    path("campaigns/<int:campaign_id>/report/", results.executive_report, name="report"),
    path(
        "campaigns/<int:campaign_id>/everyone/",
        results.results_for_everyone,
        name="results_everyone",
    ),
    path("campaigns/<int:campaign_id>/results.csv", results.results_csv, name="results_csv"),
    path(
        "campaigns/<int:campaign_id>/report.pdf",
        results.executive_report_pdf,
        name="report_pdf",
    ),
    path(
        "campaigns/<int:campaign_id>/results/comments/<int:unit_id>/",
        results.results_comments,
        name="results_comments",
    ),
]

# Answering needs no log-in, and lives at the site's root (short links for posters).
answer_urlpatterns = [
    path("s/<str:token>/", answer.answer_by_link, name="answer_by_link"),
    path("k/", answer.enter_code, name="enter_code"),
    path("k/<str:code>/", answer.answer_by_code, name="answer_by_code"),
    path("thanks/<str:signed>/", answer.answer_thanks, name="answer_thanks"),
]
