from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestConfig(AppConfig):
    name = "lapak.ingest"
    verbose_name = _("Impor data")

    def ready(self) -> None:
        from lapak.ingest import jobs  # noqa: F401  (registers the job handlers)
