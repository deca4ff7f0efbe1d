from django.urls import path

from lapak.regions import views

app_name = "regions"
urlpatterns = [
    path("pilihan/", views.region_options, name="options"),
    path("indikator/", views.indicator_list, name="indicators"),
]
