from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lapak.reports"
    verbose_name = _("Laporan")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from lapak.reports import jobs  # noqa: F401  (registers the report jobs and the monthly schedule)
        from lapak.reports.models import ShareLink

        # Who shared or revoked what, and when; the token itself stays out of the change log.
        auditlog.register(ShareLink, exclude_fields=["token"])
