from django.urls import path

from lapak.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.home, name="home"),
    path("usaha/<int:pk>/", views.business_consent, name="business"),
    path("log-akses/", views.access_log, name="access_log"),
]

# Alerts on unusual access volume, for the data protection officer (alert_views).
from lapak.privacy import alert_views  # noqa: E402

urlpatterns += [
    path("log-akses/peringatan/", alert_views.access_alerts, name="access_alerts"),
    path(
        "log-akses/peringatan/<int:pk>/tanggapi/",
        alert_views.access_alert_acknowledge,
        name="access_alert_acknowledge",
    ),
]

# The data protection officer's desk: breach incidents, retention, record of processing (incident_views).
from lapak.privacy import incident_views  # noqa: E402

urlpatterns += [
    path("insiden/", incident_views.incident_list, name="incident_list"),
    path("insiden/baru/", incident_views.incident_create, name="incident_create"),
    path("insiden/<int:pk>/", incident_views.incident_detail, name="incident_detail"),
    path("insiden/<int:pk>/ubah/", incident_views.incident_update, name="incident_update"),
    path("insiden/<int:pk>/terdampak.xlsx", incident_views.incident_xlsx, name="incident_xlsx"),
    path("retensi/", incident_views.retention_page, name="retention"),
    path("pemrosesan/", incident_views.ropa_page, name="ropa"),
]

# Data subject requests: the owner's "Data saya" and the staff queue (dsr_views).
from lapak.privacy import dsr_views  # noqa: E402

urlpatterns += [
    path("data-saya/", dsr_views.my_data, name="my_data"),
    path("data-saya/unduh/", dsr_views.my_data_export, name="my_data_export"),
    path("data-saya/permintaan/", dsr_views.dsr_create, name="dsr_create"),
    path("permintaan/", dsr_views.dsr_queue, name="dsr_queue"),
    path("permintaan/<int:pk>/", dsr_views.dsr_detail, name="dsr_detail"),
    path("permintaan/<int:pk>/tangani/", dsr_views.dsr_handle, name="dsr_handle"),
    path("permintaan/<int:pk>/unduh/", dsr_views.dsr_export, name="dsr_export"),
]
