from django.urls import path

from lapak.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.home, name="home"),
    path("usaha/<int:pk>/", views.business_consent, name="business"),
    path("log-akses/", views.access_log, name="access_log"),
]
