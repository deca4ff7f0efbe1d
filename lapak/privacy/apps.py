from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "lapak.privacy"
    verbose_name = _("Persetujuan dan data pribadi")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from lapak.privacy import alerts, retention  # noqa: F401  (register the hourly and daily jobs)
        from lapak.privacy.models import Consent

        # Every grant and withdrawal is in the change log too, with the actor of the request.
        auditlog.register(Consent)
        # Like the rubrics: every database (and every test flush) has the shipped consent wordings.
        post_migrate.connect(_install_wordings, sender=self)


def _install_wordings(sender: Any, using: str = "default", apps: Any = None, **kwargs: Any) -> None:
    from lapak.privacy.services import wordings_install_defaults

    if using != "default":
        return
    if apps is not None:  # migrate passes its model state; a test flush passes none (the tables exist)
        try:
            apps.get_model("privacy", "ConsentWording")
        except LookupError:  # migrated back past the consent tables
            return
    wordings_install_defaults()
