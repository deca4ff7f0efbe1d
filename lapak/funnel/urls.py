from django.urls import path

from lapak.funnel import target_views, views

app_name = "funnel"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("macet/unduh/", views.stuck_export, name="stuck_export"),
    path("hitung-ulang/", views.refresh, name="refresh"),
    path("target/", target_views.targets, name="targets"),
    path("target/baru/", target_views.target_create, name="target_create"),
    path("target/<int:pk>/ubah/", target_views.target_update, name="target_update"),
    path("target/<int:pk>/hapus/", target_views.target_delete, name="target_delete"),
    path("prioritas/", views.priority, name="priority"),
    path("prioritas/unduh/", views.priority_export, name="priority_export"),
    path("pasangan-ekspor/", views.pairing, name="pairing"),
    path("kreator-reseller/", views.supply, name="supply"),
    path("usaha/<int:pk>/kreator-reseller/", views.supply_set, name="supply_set"),
]
