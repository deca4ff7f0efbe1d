from django.urls import path

from lapak.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("peta/", views.map_page, name="map"),
    path("unduh/", views.download, name="download"),
    path("batas-wilayah.geojson", views.boundary, name="boundary"),
]
