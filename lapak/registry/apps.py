from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "lapak.registry"
    label = "registry"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from lapak.registry import exports  # noqa: F401 - registers the export job handler
        from lapak.registry.models import Business, LegalityDocument

        # The encrypted NIK and its hash never enter the change log; the masked NIK shows that it changed.
        auditlog.register(
            Business,
            exclude_fields=[
                "id",
                "owner_nik_encrypted",
                "owner_nik_hash",
                "created_at",
                "updated_at",
                "documents",
            ],
        )
        auditlog.register(LegalityDocument, exclude_fields=["id", "created_at", "updated_at"])
