from django.urls import path

urlpatterns: list = [path("", lambda request, slug: None, name="cases")]
