from django.urls import path

from lapak.mentoring import views

app_name = "mentoring"
urlpatterns = [
    path("", views.home, name="home"),
    path("supervisi/", views.supervisor, name="supervisor"),
    path("kunjungan/baru/", views.visit_create, name="visit_create"),
    path("kunjungan/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("kunjungan/<int:pk>/selesai/", views.visit_complete, name="visit_complete"),
    path("kunjungan/<int:pk>/foto/", views.visit_photo, name="visit_photo"),
    path("tim/baru/", views.team_create, name="team_create"),
    path("tim/<int:pk>/", views.team_detail, name="team_detail"),
    path("tim/<int:pk>/ubah/", views.team_update, name="team_update"),
    path("kegiatan/baru/", views.training_create, name="training_create"),
    path("kegiatan/<int:pk>/", views.training_detail, name="training_detail"),
    path("kegiatan/<int:pk>/kehadiran/", views.training_attendance, name="training_attendance"),
    path("kegiatan/<int:pk>/materi/", views.material_add, name="material_add"),
    path("materi/<int:pk>/", views.material_file, name="material_file"),
]
