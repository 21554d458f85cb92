from django.urls import include, path

from site_app import views

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/login", views.api_login),
    path("", views.home),
]
