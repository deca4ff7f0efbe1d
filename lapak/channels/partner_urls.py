from django.urls import path

from lapak.channels import partner_api

app_name = "partner_api"
urlpatterns = [
    path("pesanan/", partner_api.receive_orders, name="orders"),
    path("tayangan/", partner_api.receive_listings, name="listings"),
]
