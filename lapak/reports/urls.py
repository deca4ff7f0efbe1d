from django.urls import path

from lapak.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.archive, name="archive"),
    path("buat/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/xlsx/", views.xlsx, name="xlsx"),
    path("<int:pk>/bagikan/", views.share_create, name="share_create"),
    path("tautan/<int:pk>/cabut/", views.share_revoke, name="share_revoke"),
    path("tautan/<str:token>/", views.share_open, name="share_open"),
]
