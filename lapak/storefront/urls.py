"""The public catalogue lives under /etalase/ (no login), with /sitemap.xml at the site root."""

from django.urls import path

from lapak.storefront import views

app_name = "storefront"
urlpatterns = [
    path("etalase/", views.home, name="home"),
    path("etalase/cari/", views.search, name="search"),
    path("etalase/produk/<int:pk>/", views.product, name="product"),
    path("etalase/usaha/<int:pk>/", views.business, name="business"),
    path("etalase/foto/<int:pk>/", views.photo, name="photo"),
    path("etalase/foto/<int:pk>/kecil/", views.thumbnail, name="thumbnail"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("etalase/sitemap-<int:page>.xml", views.sitemap_products, name="sitemap_section"),
    path("etalase/bahasa/<slug:code>/", views.language, name="language"),
    path("etalase/kelola/usaha/<int:pk>/", views.profile_edit, name="profile"),
]
