from django.contrib.auth import views as auth_views
from django.urls import include, path

from twoway.api.api import api
from twoway.org import account_views
from twoway.org import views as org_views
from twoway.surveys.urls import answer_urlpatterns

urlpatterns = [
    path("", org_views.home, name="home"),
    path("login/", account_views.ThrottledLoginView.as_view(), name="login"),
    path("account/", include("twoway.org.account_urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("o/<slug:slug>/", include("twoway.org.urls")),
    path("o/<slug:slug>/cases/", include("twoway.cases.urls")),
    path("o/<slug:slug>/surveys/", include("twoway.surveys.urls")),
    path("o/<slug:slug>/pulse/", include("twoway.pulse.urls")),
    path("o/<slug:slug>/actions/", include("twoway.followups.urls")),
    path("o/<slug:slug>/", include("twoway.workspace.urls")),
    path("", include("twoway.voice.urls")),
    path("o/<slug:slug>/change/", include("twoway.change.urls")),
    path("", include("twoway.identity.urls")),
    path("", include(answer_urlpatterns)),
    path("", include("twoway.conversations.urls")),
]
