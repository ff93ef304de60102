"""Sign-on, provisioning and data care; included at the site root."""

from django.urls import path

from . import scim_views, sso, views

app_scim = [
    path("scim/v2/Users", scim_views.users, name="scim_users"),
    path("scim/v2/Users/<str:user_id>", scim_views.user, name="scim_user"),
    path("scim/v2/Groups", scim_views.groups, name="scim_groups"),
    path("scim/v2/Groups/<str:group_id>", scim_views.group, name="scim_group"),
    path("scim/v2/ServiceProviderConfig", scim_views.provider_config, name="scim_config"),
    path("scim/v2/ResourceTypes", scim_views.resource_types, name="scim_resource_types"),
    path("scim/v2/Schemas", scim_views.schemas, name="scim_schemas"),
]

urlpatterns = [
    *app_scim,
    path("oidc/authenticate/", sso.SignOnStart.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", sso.SignOnCallback.as_view(), name="oidc_authentication_callback"),
    path("account/data/", views.my_data, name="my_data"),
    path("o/<slug:slug>/identity/", views.identity_settings, name="identity_settings"),
    path("o/<slug:slug>/identity/people/<int:pk>/erase/", views.erase, name="person_erase"),
]
