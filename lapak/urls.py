from django.urls import include, path

from lapak.api.api import api
from lapak.insights import views as insights_views

urlpatterns = [
    path("", insights_views.dashboard, name="home"),  # the role dashboard; others go to the business list
    path("akun/", include("lapak.accounts.urls")),
    path("usaha/", include("lapak.registry.urls")),
    path("wilayah/", include("lapak.regions.urls")),
    path("impor/", include("lapak.ingest.urls")),
    path("produk/", include("lapak.catalog.urls")),
    path("kurasi/", include("lapak.curation.urls")),
    path("kanal/", include("lapak.channels.urls")),
    path("pendampingan/", include("lapak.mentoring.urls")),
    path("corong/", include("lapak.funnel.urls")),
    path("dasbor/", include("lapak.insights.urls")),
    path("laporan/", include("lapak.reports.urls")),
    path("privasi/", include("lapak.privacy.urls")),
    path("", include("lapak.storefront.urls")),  # the public catalogue under /etalase/, and /sitemap.xml
    path("api/v1/", api.urls),  # the REST API (lapak/api), partner pushes included
    path("api-token/", include("lapak.api.urls")),
    path("pekerjaan/", include("lapak.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
# No /media/ route, not even in DEBUG: scans and exports hold personal data and are served only by views
# that check the user's scope (registry:document_scan, core:job_download).
