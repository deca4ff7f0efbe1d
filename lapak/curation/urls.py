from django.urls import path

from lapak.curation import unggulan_views, views

app_name = "curation"
urlpatterns = [
    path("", views.home, name="home"),
    path("produk/<int:pk>/", views.product_detail, name="product_detail"),
    path("produk/<int:pk>/tugaskan/", views.assignment_create, name="assignment_create"),
    path("penugasan/<int:pk>/nilai/", views.assess, name="assess"),
    path("penugasan/<int:pk>/konflik/", views.conflict_declare, name="conflict_declare"),
    path("penugasan/<int:pk>/batalkan/", views.assignment_withdraw, name="assignment_withdraw"),
    path("foto/<int:pk>/", views.photo, name="photo"),
    path("rubrik/", views.rubric_list, name="rubric_list"),
    path("rubrik/<int:pk>/versi-baru/", views.rubric_version_create, name="rubric_version_create"),
    path("unggulan/", unggulan_views.unggulan, name="unggulan"),
    path("unggulan/bobot/", unggulan_views.unggulan_weights, name="unggulan_weights"),
    path("unggulan/tetapkan/", unggulan_views.unggulan_confirm, name="unggulan_confirm"),
    path("unggulan/<int:pk>/", unggulan_views.unggulan_list, name="unggulan_list"),
    path("unggulan/<int:pk>/unduh/", unggulan_views.unggulan_export, name="unggulan_export"),
]
