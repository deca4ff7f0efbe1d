from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "lapak.insights"
    verbose_name = _("Dasbor, peta dan grafik")

    def ready(self) -> None:
        from lapak.insights import jobs  # noqa: F401  (registers the periodic rollup refresh)
