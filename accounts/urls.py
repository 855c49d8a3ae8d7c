"""Public URLs of joining the Pact, and the Wagtail admin URLs of logging in that we rate-limit."""

from django.urls import path

from accounts import email_change, views

app_name = "accounts"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/check-your-inbox/", views.join_sent, name="join_sent"),
    path("join/verify/<str:token>/", views.verify, name="verify"),
    path("account/", views.status, name="status"),
    path("account/login/", views.LoginView.as_view(), name="login"),
    path("account/logout/", views.LogoutView.as_view(), name="logout"),
    path("account/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/password-reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "account/email/confirm/<str:token>/",
        email_change.confirm_email_change,
        name="confirm_email_change",
    ),
    path("privacy/", views.privacy, name="privacy"),
]

# Mounted before Wagtail's admin URLs (pactsite/urls.py) so that these win.
admin_urlpatterns = [
    path("admin/login/", views.AdminLoginView.as_view(), name="wagtailadmin_login"),
    path(
        "admin/password_reset/",
        views.AdminPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path(
        "admin/password_reset/confirm/<uidb64>/<token>/",
        views.AdminPasswordResetConfirmView.as_view(),
        name="wagtailadmin_password_reset_confirm",
    ),
]
