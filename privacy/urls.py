"""Personal-data rights: /account/my-data/... and /alerts/my-data/<token>/."""

from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("account/my-data/", views.my_data, name="my_data"),
    path("account/my-data/download/", views.my_data_download, name="my_data_download"),
    path("alerts/my-data/<str:token>/", views.subscriber_data_download, name="subscriber_data"),
]
