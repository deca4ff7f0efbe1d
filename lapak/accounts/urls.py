from django.contrib.auth import views as auth_views
from django.urls import path

from lapak.accounts import twofactor_views, views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("dua-langkah/siapkan/", twofactor_views.totp_setup, name="totp_setup"),
    path("dua-langkah/kode/", twofactor_views.totp_verify, name="totp_verify"),
    path("dua-langkah/matikan/", twofactor_views.two_factor_off, name="two_factor_off"),
    path("keamanan/", twofactor_views.security, name="security"),
    path("lupa-sandi/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "sandi-baru/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "sandi-baru/selesai/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
