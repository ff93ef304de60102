from django.urls import path

from . import answer_views

urlpatterns = [
    path("s/<str:token>/", answer_views.answer_by_link, name="answer_by_link"),
    path("k/", answer_views.enter_code, name="enter_code"),
    path("k/<str:code>/", answer_views.answer_by_code, name="answer_by_code"),
    path("thanks/<int:campaign_id>/", answer_views.answer_thanks, name="answer_thanks"),
]
