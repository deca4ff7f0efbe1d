from django.urls import path

from lapak.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.token_list, name="token_list"),
    path("cabut/", views.token_revoke, name="token_revoke"),
    path("mitra/", views.partner_keys, name="partner_keys"),
    path("mitra/cabut/", views.partner_key_revoke, name="partner_key_revoke"),
    path("mitra/ganti/", views.partner_key_rotate, name="partner_key_rotate"),
]
