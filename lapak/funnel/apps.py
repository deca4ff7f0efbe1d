from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FunnelConfig(AppConfig):
    name = "lapak.funnel"
    verbose_name = _("Corong go-digital, target dan sasaran pendampingan")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from lapak.funnel import jobs  # noqa: F401  (registers the refresh job)
        from lapak.funnel.models import BusinessSupply, Target

        auditlog.register(Target, exclude_fields=["id", "created_at", "updated_at"])
        self._follow_the_facts()
        auditlog.register(BusinessSupply, exclude_fields=["recorded_at"])

    @staticmethod
    def _follow_the_facts() -> None:
        from django.db.models.signals import post_delete, post_save

        from lapak.channels.models import Listing
        from lapak.curation.models import CurationStatus
        from lapak.funnel import signals
        from lapak.registry.models import Business, LegalityDocument

        for signal in (post_save, post_delete):
            signal.connect(
                signals.document_changed, sender=LegalityDocument, dispatch_uid=f"funnel.doc.{signal}"
            )
            signal.connect(signals.listing_changed, sender=Listing, dispatch_uid=f"funnel.listing.{signal}")
        post_save.connect(signals.kurasi_decided, sender=CurationStatus, dispatch_uid="funnel.kurasi")
        post_save.connect(signals.business_created, sender=Business, dispatch_uid="funnel.business")
