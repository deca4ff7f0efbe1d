"""Demo pendampingan: teams, visits and trainings made through the services, once."""

from __future__ import annotations

import pytest

from lapak.accounts.demo import demo_users_create
from lapak.accounts.models import User
from lapak.mentoring.demo import DONE_VISITS, PLANNED_VISITS, demo_mentoring_create
from lapak.mentoring.models import Team, Training, TrainingParticipant, Visit, VisitStatus
from lapak.mentoring.selectors import supervisor_visits
from lapak.registry.demo import businesses_insert

pytestmark = pytest.mark.django_db


def test_the_demo_makes_teams_visits_and_a_training(regions: None) -> None:
    assert demo_mentoring_create(seed=3) is None  # no demo accounts or businesses yet
    demo_users_create()
    businesses_insert(size=40, seed=3, kabkota_codes=["35.27"])
    made = demo_mentoring_create(seed=3)
    assert made is not None and made.teams == 3 and made.trainings == 2
    assert Visit.objects.filter(status=VisitStatus.DONE).count() == DONE_VISITS
    assert Visit.objects.filter(status=VisitStatus.PLANNED).count() == PLANNED_VISITS
    kinds = set(Team.objects.values_list("organisation_kind", flat=True))
    assert kinds == {"dinas", "marketplace", "penggerak"}
    assert Team.objects.get(organisation_kind="penggerak").businesses.exists()
    attended = TrainingParticipant.objects.filter(attended=True).count()
    assert attended == 6 and Training.objects.filter(kind="pameran").exists()

    lead = User.objects.get(username="pendamping")
    assert supervisor_visits(user=lead).count() == DONE_VISITS + PLANNED_VISITS
    assert demo_mentoring_create(seed=3) is None  # idempotent
