"""The conversations' addresses: the pages under an organisation, and the participant doors at
the site's root (short links for posters), both included from twoway/urls.py by one line."""

from django.urls import include, path

from .views import manage, results, vote

organisation_urlpatterns = [
    path("", manage.conversation_list, name="conversations"),
    path("new/", manage.conversation_new, name="conversation_new"),
    path("modelling/", results.leader_modelling, name="leader_modelling"),
    path("modelling/settings/", results.modelling_settings, name="modelling_settings"),
    path("<int:conversation_id>/", manage.conversation_detail, name="conversation"),
    path("<int:conversation_id>/invite/", manage.conversation_invite, name="conversation_invite"),
    path(
        "<int:conversation_id>/statements/<int:statement_id>/moderate/",
        manage.statement_moderate,
        name="statement_moderate",
    ),
    path(
        "<int:conversation_id>/results/", results.conversation_results, name="conversation_results"
    ),
    path(
        "<int:conversation_id>/results.pdf",
        results.conversation_results_pdf,
        name="conversation_results_pdf",
    ),
    path("<int:conversation_id>/vote/", vote.vote_signed_in, name="conversation_vote"),
    path(
        "<int:conversation_id>/vote/similar/",
        vote.similar_signed_in,
        name="conversation_vote_similar",
    ),
]

participant_urlpatterns = [
    path("<int:conversation_id>/s/<str:token>/", vote.vote_by_link, name="conversation_vote_link"),
    path(
        "<int:conversation_id>/s/<str:token>/similar/",
        vote.similar_by_link,
        name="conversation_similar_link",
    ),
    path("<int:conversation_id>/k/<str:code>/", vote.vote_by_code, name="conversation_vote_code"),
    path(
        "<int:conversation_id>/k/<str:code>/similar/",
        vote.similar_by_code,
        name="conversation_similar_code",
    ),
]

urlpatterns = [
    path("o/<slug:slug>/conversations/", include(organisation_urlpatterns)),
    path("c/", include(participant_urlpatterns)),
]
