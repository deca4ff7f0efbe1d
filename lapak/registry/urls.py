from django.urls import path

from lapak.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.business_list, name="business_list"),
    path("baru/", views.business_create, name="business_create"),
    path("ekspor/", views.business_export, name="business_export"),
    path("<int:pk>/", views.business_detail, name="business_detail"),
    path("<int:pk>/ubah/", views.business_update, name="business_update"),
    path("<int:pk>/nik/", views.business_personal_reveal, {"field": "nik"}, name="business_nik_reveal"),
    path(
        "<int:pk>/telepon/", views.business_personal_reveal, {"field": "phone"}, name="business_phone_reveal"
    ),
    path("<int:pk>/dokumen/baru/", views.document_form, name="document_create"),
    path("<int:pk>/dokumen/<int:document_pk>/ubah/", views.document_form, name="document_update"),
    path("<int:pk>/dokumen/<int:document_pk>/hapus/", views.document_delete, name="document_delete"),
    path("<int:pk>/dokumen/<int:document_pk>/verifikasi/", views.document_verify, name="document_verify"),
    path("<int:pk>/dokumen/<int:document_pk>/pindaian/", views.document_scan, name="document_scan"),
]
