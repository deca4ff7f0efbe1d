from django.urls import path

from lapak.channels import views

app_name = "channels"
urlpatterns = [
    path("", views.channel_list, name="channel_list"),
    path("usaha/<int:pk>/", views.business_channels, name="business_channels"),
    path("usaha/<int:pk>/sambung/<slug:code>/", views.connect_start, name="connect_start"),
    path("usaha/<int:pk>/kirim/", views.sync_now, name="sync_now"),
    path("usaha/<int:pk>/penjualan/", views.sale_create, name="sale_create"),
    path("sambung/kembali/", views.connect_callback, name="connect_callback"),
    path("produk/<int:pk>/tayangkan/", views.product_publish, name="product_publish"),
    path("tayangan/<int:pk>/", views.listing_detail, name="listing_detail"),
    path("tayangan/<int:pk>/turunkan/", views.listing_delist, name="listing_delist"),
    path("<slug:code>/berkas-unggah/", views.bulk_file_request, name="bulk_file"),
    path("<slug:code>/kategori/", views.category_mapping, name="category_mapping"),
    path("usaha/<int:pk>/berkas-penjualan/", views.sales_file_upload, name="sales_file"),
    path("usaha/<int:pk>/templat-luring/", views.offline_template, name="offline_template"),
]
