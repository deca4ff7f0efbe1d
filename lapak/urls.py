from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="registry:business_list", permanent=False), name="home"),
    path("akun/", include("lapak.accounts.urls")),
    path("usaha/", include("lapak.registry.urls")),
    path("wilayah/", include("lapak.regions.urls")),
    path("pekerjaan/", include("lapak.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
