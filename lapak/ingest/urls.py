from django.urls import path

from lapak.ingest import views

app_name = "ingest"
urlpatterns = [
    path("", views.ingest_home, name="home"),
    path("sumber/baru/", views.source_create, name="source_create"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("<int:pk>/pemetaan/", views.batch_map, name="batch_map"),
    path("<int:pk>/lembar/", views.batch_sheet, name="batch_sheet"),
    path("<int:pk>/impor/", views.batch_commit, name="batch_commit"),
    path("<int:pk>/batal/", views.batch_cancel, name="batch_cancel"),
    path("<int:pk>/laporan/", views.batch_report, name="batch_report"),
    path("tinjauan/", views.review_list, name="review_list"),
    path("tinjauan/<int:pk>/", views.review_detail, name="review_detail"),
    path("penggabungan/<int:pk>/batal/", views.merge_undo, name="merge_undo"),
]
