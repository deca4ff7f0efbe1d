from django.urls import path

from lapak.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.product_list, name="product_list"),
    path("kandungan-lokal/", views.local_content, name="local_content"),
    path("usaha/<int:pk>/", views.business_products, name="business_products"),
    path("usaha/<int:pk>/baru/", views.product_create, name="product_create"),
    path("<int:pk>/", views.product_detail, name="product_detail"),
    path("<int:pk>/ubah/", views.product_update, name="product_update"),
    path("<int:pk>/hapus/", views.product_delete, name="product_delete"),
    path("<int:pk>/foto/", views.photo_add, name="photo_add"),
    path("<int:pk>/foto/<int:photo_pk>/", views.photo_file, name="photo_file"),
    path("<int:pk>/foto/<int:photo_pk>/kecil/", views.photo_thumbnail, name="photo_thumbnail"),
    path("<int:pk>/foto/<int:photo_pk>/hapus/", views.photo_delete, name="photo_delete"),
]
