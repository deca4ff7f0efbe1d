from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "lapak.mentoring"
    verbose_name = _("Pendampingan")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from lapak.mentoring.models import Team, TeamMembership, Training, Visit

        auditlog.register(Team, exclude_fields=["id", "created_at", "updated_at"], m2m_fields={"areas"})
        auditlog.register(TeamMembership, exclude_fields=["id"])
        auditlog.register(Visit, exclude_fields=["id", "created_at", "updated_at"])
        auditlog.register(Training, exclude_fields=["id", "created_at", "updated_at"])
