from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    name = "lapak.curation"
    verbose_name = _("Kurasi dan produk unggulan")

    def ready(self) -> None:
        # Reference data, like Django's own permissions: every database has the shipped rubrics after
        # ``migrate`` (and after a test flush), without a data migration tied to today's rubric file.
        post_migrate.connect(_install_rubrics, sender=self)


def _install_rubrics(sender: Any, using: str = "default", apps: Any = None, **kwargs: Any) -> None:
    from lapak.curation.services import rubrics_install_defaults

    if using != "default":
        return
    if apps is not None:  # ``migrate`` passes its historical apps; a test flush passes none (tables exist)
        try:
            apps.get_model("curation", "RubricAspect")
        except LookupError:  # migrated back past the rubric tables
            return
    rubrics_install_defaults()
