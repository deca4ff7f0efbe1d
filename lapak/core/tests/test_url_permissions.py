"""Walk every URL in the URLconf for every role, with a same-region and an other-region record.

A view added without an entry in ``RECORD_KINDS`` fails ``test_it_knows_every_url`` so nobody can add a
page that skips this matrix.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from lapak.catalog.models import Product, ProductPhoto, Sku
from lapak.channels.models import Channel, Listing, SalesOrder, ShopConnection
from lapak.conftest import PASSWORD
from lapak.core.models import Job
from lapak.curation.models import (
    Assessment,
    AssessmentPhoto,
    AssignmentStatus,
    CurationAssignment,
    CurationRound,
    Rubric,
    RubricVersion,
    UnggulanList,
    UnggulanWeights,
)
from lapak.funnel.models import BusinessSupply, Indicator, Target
from lapak.ingest.models import (
    ImportBatch,
    MatchCandidate,
    Merge,
    MergeKind,
    Source,
    SourceKind,
    SourceRecord,
)
from lapak.mentoring.models import (
    MemberRole,
    Team,
    TeamMembership,
    Training,
    TrainingMaterial,
    TrainingParticipant,
    Visit,
    VisitStatus,
)
from lapak.privacy.models import AccessAlert, DataSubjectRequest, DsrKind, Incident
from lapak.registry.models import DocumentKind, LegalityDocument
from lapak.reports.models import Report, ReportKind, ReportStatus, ShareLink

# What the <pk> in each URL refers to: a business, a job, an import batch, a review candidate, a merge,
# or nothing (list and form pages).
RECORD_KINDS: dict[str, str | None] = {
    "home": None,
    "set_language": None,
    "accounts:login": None,
    "accounts:logout": None,
    "accounts:password_reset": None,
    "accounts:password_reset_done": None,
    "accounts:password_reset_confirm": "token",
    "accounts:password_reset_complete": None,
    "accounts:totp_setup": None,
    "accounts:totp_verify": None,
    "accounts:two_factor_off": None,
    "accounts:security": None,
    "registry:business_list": None,
    "registry:business_create": None,
    "registry:business_export": None,
    "registry:business_detail": "business",
    "registry:business_update": "business",
    "registry:business_nik_reveal": "business",
    "registry:business_phone_reveal": "business",
    "registry:document_create": "business",
    "registry:document_update": "document",
    "registry:document_delete": "document",
    "registry:document_verify": "document",
    "registry:document_scan": "document",
    "regions:options": None,
    "regions:indicators": None,
    "core:job_list": None,
    "core:job_detail": "job",
    "core:job_download": "job",
    "ingest:home": None,
    "ingest:source_create": None,
    "ingest:review_list": None,
    "ingest:batch_detail": "batch",
    "ingest:batch_map": "batch",
    "ingest:batch_sheet": "batch",
    "ingest:batch_commit": "batch",
    "ingest:batch_cancel": "batch",
    "ingest:batch_report": "batch",
    "ingest:review_detail": "candidate",
    "ingest:merge_undo": "merge",
    "catalog:product_list": None,
    "catalog:local_content": None,
    "catalog:business_products": "business",
    "catalog:product_create": "business",
    "catalog:product_detail": "product",
    "catalog:product_update": "product",
    "catalog:product_delete": "product",
    "catalog:photo_add": "product",
    "catalog:photo_file": "photo",
    "catalog:photo_thumbnail": "photo",
    "catalog:photo_delete": "photo",
    "curation:home": None,
    "curation:rubric_list": None,
    "curation:unggulan": None,
    "curation:unggulan_weights": None,
    "curation:unggulan_confirm": None,
    "curation:product_detail": "kurasi_product",
    "curation:assignment_create": "kurasi_product",
    "curation:assess": "assignment",
    "curation:conflict_declare": "assignment",
    "curation:assignment_withdraw": "assignment",
    "curation:photo": "kurasi_photo",
    "curation:rubric_version_create": "rubric",
    "curation:unggulan_list": "unggulan",
    "curation:unggulan_export": "unggulan",
    "channels:channel_list": None,
    "channels:connect_callback": None,
    "channels:business_channels": "business",
    "channels:connect_start": "business_channel",
    "channels:sync_now": "business",
    "channels:sale_create": "business",
    "channels:product_publish": "product",
    "channels:listing_detail": "listing",
    "channels:listing_delist": "listing",
    "channels:bulk_file": "channel",
    "channels:category_mapping": "channel",
    "channels:sales_file": "business",
    "channels:offline_template": "business",
    "api_tokens:token_list": None,
    "api_tokens:token_revoke": None,
    "api_tokens:partner_keys": None,
    "api_tokens:partner_key_revoke": None,
    "api_tokens:partner_key_rotate": None,
    "api:orders_push": "partner",
    "api:listings_push": "partner",
    # The rest of the REST API answers tokens, not sessions: lapak/api/tests/test_permissions.py walks
    # every operation for every kind of token (none, partner, staff of each region and role).
    "api:api-root": "api",
    "api:openapi-json": "api",
    "api:openapi-view": "api",
    "api:unknown_path": "api",
    "api:public_products_list": "api",
    "api:public_product_detail": "api",
    "api:public_businesses_list": "api",
    "api:public_business_detail": "api",
    "api:open_business_counts": "api",
    "api:open_sales_totals": "api",
    "api:catalogue_changes": "api",
    "api:listings_list": "api",
    "api:orders_list": "api",
    "api:businesses_list": "api",
    "api:business_detail": "api",
    "api:products_list": "api",
    "api:product_detail": "api",
    "api:curation_list": "api",
    "mentoring:home": None,
    "mentoring:supervisor": None,
    "mentoring:visit_create": None,
    "mentoring:team_create": None,
    "mentoring:training_create": None,
    "mentoring:visit_detail": "visit",
    "mentoring:visit_complete": "visit",
    "mentoring:visit_photo": "visit",
    "mentoring:team_detail": "team",
    "mentoring:team_update": "team",
    "mentoring:training_detail": "training",
    "mentoring:training_attendance": "training",
    "mentoring:material_add": "training",
    "mentoring:material_file": "training_material",
    "funnel:dashboard": None,
    "funnel:stuck_export": None,
    "funnel:refresh": None,
    "funnel:targets": None,
    "funnel:target_create": None,
    "funnel:priority": None,
    "funnel:priority_export": None,
    "funnel:pairing": None,
    "funnel:supply": None,
    "funnel:target_update": "target",
    "funnel:target_delete": "target",
    "funnel:supply_set": "business",
    "insights:dashboard": None,
    "insights:map": None,
    "insights:download": None,
    "insights:boundary": None,
    "reports:archive": None,
    "reports:create": None,
    "reports:detail": "report",
    "reports:status": "report",
    "reports:pdf": "report",
    "reports:xlsx": "report",
    "reports:share_create": "report",
    "reports:share_revoke": "share",
    "reports:share_open": "share_token",
    "privacy:home": None,
    "privacy:business": "business",
    "privacy:access_log": None,
    "privacy:access_alerts": None,
    "privacy:access_alert_acknowledge": "alert",
    "privacy:incident_list": None,
    "privacy:incident_create": None,
    "privacy:incident_detail": "incident",
    "privacy:incident_update": "incident",
    "privacy:incident_xlsx": "incident",
    "privacy:retention": None,
    "privacy:ropa": None,
    "privacy:my_data": None,
    "privacy:my_data_export": None,
    "privacy:dsr_create": None,
    "privacy:dsr_queue": None,
    "privacy:dsr_detail": "dsr",
    "privacy:dsr_handle": "dsr",
    "privacy:dsr_export": "dsr",
    "storefront:home": None,
    "storefront:search": None,
    "storefront:sitemap": None,
    "storefront:sitemap_section": "public_args",
    "storefront:language": "public_args",
    "storefront:product": "storefront_product",
    "storefront:business": "storefront_business",
    "storefront:photo": "storefront_photo",
    "storefront:thumbnail": "storefront_photo",
    "storefront:profile": "business",
}
PUBLIC = {
    "set_language",
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:logout",
    "storefront:home",
    "storefront:search",
    "storefront:sitemap",
    "storefront:sitemap_section",
    "storefront:language",
    "storefront:product",
    "storefront:business",
    "storefront:photo",
    "storefront:thumbnail",
}
# Public URLs that take a fixed argument (not a record).
PUBLIC_ARGS = {"storefront:sitemap_section": {"page": 0}, "storefront:language": {"code": "en"}}

# The partner pushes authenticate marketplaces by key, never by a session: a logged-in staff user or an
# anonymous visitor gets 401 (the key scoping is tested in lapak/api/tests/test_partner_push.py).
PARTNER_KEY_ONLY = {name for name, kind in RECORD_KINDS.items() if kind == "partner"}
API_MATRIX = {name for name, kind in RECORD_KINDS.items() if kind == "api"}

ROLES = [
    "admin",
    "operator",
    "other_operator",
    "pendamping",
    "kurator",
    "dekranasda",
    "pemilik",
    "pimpinan",
    "mitra",
]
# Which of the two businesses each role must be able to open (written out, not derived from the code).
VISIBLE = {
    "admin": {"same", "other"},
    "operator": {"same"},
    "other_operator": {"other"},
    "pendamping": {"same"},
    "kurator": {"same"},
    "dekranasda": {"same"},
    "pemilik": {"same"},
    "pimpinan": {"same", "other"},
    "mitra": set(),
}
# Kinds whose visibility differs from the business's: a rubric is province-wide; a confirmed produk
# unggulan list is for staff of its kab/kota (not owners); a curator sees only products assigned to them
# (the same-region record is assigned to ``kurator``, the other-region one to another curator).
VISIBLE_BY_KIND = {
    "rubric": {role: {"same", "other"} for role in VISIBLE},
    "unggulan": VISIBLE | {"pemilik": set()},
}
CURATION_KINDS = ("kurasi_product", "assignment", "kurasi_photo", "rubric", "unggulan")
# Field work is seen by staff of the region where it happens and by the mentors of the team doing it;
# a pendamping of another area, curators, owners and partners see none of it.
MENTORING_KINDS = ("team", "visit", "training", "training_material")
MENTORING_VISIBLE = {
    "admin": {"same", "other"}, "operator": {"same"}, "other_operator": {"other"}, "pendamping": {"same"},
    "kurator": set(), "dekranasda": set(), "pemilik": set(), "pimpinan": {"same", "other"}, "mitra": set(),
}  # fmt: skip
VISIBLE_BY_KIND |= {kind: MENTORING_VISIBLE for kind in MENTORING_KINDS}
# A target is seen by those who see the funnel (not curators, owners or partners) in its region.
VISIBLE_BY_KIND["target"] = VISIBLE | {"kurator": set(), "pemilik": set()}
# A channel is no record of a region: every role reaches it, and the action decides.
VISIBLE_BY_KIND["channel"] = {role: {"same", "other"} for role in VISIBLE}
# A report (the fixture is a crafts report of the kab/kota) is read by the province, the kab/kota's
# operator and its Dekranasda; its share links open for the same people only.
REPORT_VISIBLE = {
    "admin": {"same", "other"}, "operator": {"same"}, "other_operator": {"other"}, "pendamping": set(),
    "kurator": set(), "dekranasda": {"same"}, "pemilik": set(), "pimpinan": {"same", "other"}, "mitra": set(),
}  # fmt: skip
VISIBLE_BY_KIND |= {kind: REPORT_VISIBLE for kind in ("report", "share", "share_token")}
# The storefront shows only curated, consented, live products: the fixture's product is none of these,
# so its public page, its business's page and its photo are 404 for every role, staff included.
STOREFRONT_KINDS = ("storefront_product", "storefront_business", "storefront_photo")
VISIBLE_BY_KIND |= {kind: {role: set() for role in VISIBLE} for kind in STOREFRONT_KINDS}


def all_url_names() -> list[str]:
    names: list[str] = []

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return sorted(set(names))


def test_it_knows_every_url() -> None:
    assert set(all_url_names()) == set(RECORD_KINDS), "add the new URL to RECORD_KINDS and the matrix"


def _url(name: str, kind: str | None, records: dict[str, Any]) -> str:
    if kind == "business":
        return reverse(name, kwargs={"pk": records["business"].pk})
    if kind == "document":
        return reverse(name, kwargs={"pk": records["business"].pk, "document_pk": records["document"].pk})
    if kind == "product":
        return reverse(name, kwargs={"pk": records["product"].pk})
    if kind == "photo":
        return reverse(name, kwargs={"pk": records["product"].pk, "photo_pk": records["photo"].pk})
    record_kinds = ("job", "batch", "candidate", "merge", "target", "report", "share", "dsr", "incident")
    record_kinds += ("alert",)
    if kind in (*record_kinds, *CURATION_KINDS, *MENTORING_KINDS):
        return reverse(name, kwargs={"pk": records[kind].pk})
    if kind == "channel":
        return reverse(name, kwargs={"code": "blibli"})
    if kind == "business_channel":
        return reverse(name, kwargs={"pk": records["business"].pk, "code": "tiktok"})
    if kind == "listing":
        return reverse(name, kwargs={"pk": records["listing"].pk})
    if kind == "token":
        return reverse(name, kwargs={"uidb64": "MQ", "token": "set-password"})
    if kind == "share_token":
        return reverse(name, kwargs={"token": records["share"].token})
    if kind == "public_args":
        return reverse(name, kwargs=PUBLIC_ARGS[name])
    if kind in STOREFRONT_KINDS:
        record = {"storefront_product": "product", "storefront_business": "business"}.get(kind, "photo")
        return reverse(name, kwargs={"pk": records[record].pk})
    return reverse(name)


# What each record URL needs, and what each role may do: written out here, not read from the code.
URL_ACTION = {
    "registry:business_detail": "view",
    "registry:business_update": "change",
    "registry:business_nik_reveal": "reveal_nik",
    "registry:business_phone_reveal": "view_personal",
    "registry:document_create": "change",
    "registry:document_update": "change",
    "registry:document_delete": "change",
    "registry:document_verify": "verify",
    "registry:document_scan": "view_personal",
    "ingest:batch_detail": "import",
    "ingest:batch_map": "import",
    "ingest:batch_sheet": "import",
    "ingest:batch_commit": "import",
    "ingest:batch_cancel": "import",
    "ingest:batch_report": "import",
    "ingest:review_detail": "merge",
    "ingest:merge_undo": "merge",
    "catalog:business_products": "view",
    "catalog:product_create": "change",
    "catalog:product_detail": "view",
    "catalog:product_update": "change",
    "catalog:product_delete": "change",
    "catalog:photo_add": "change",
    "catalog:photo_file": "view",
    "catalog:photo_thumbnail": "view",
    "catalog:photo_delete": "change",
    "curation:product_detail": "view",
    "curation:assignment_create": "curate",
    "curation:assess": "assess",
    "curation:conflict_declare": "assess",
    "curation:assignment_withdraw": "curate",
    "curation:photo": "view",
    "curation:rubric_version_create": "configure",
    "curation:unggulan_list": "view",
    "curation:unggulan_export": "export",
    "channels:business_channels": "view",
    "channels:connect_start": "change",
    "channels:sync_now": "change",
    "channels:sale_create": "change",
    "channels:product_publish": "change",
    "channels:listing_detail": "view",
    "channels:listing_delist": "change",
    "channels:bulk_file": "change",
    "channels:category_mapping": "view",
    "channels:sales_file": "change",
    "channels:offline_template": "change",
    "mentoring:visit_detail": "view",
    "mentoring:visit_complete": "change",
    "mentoring:visit_photo": "view_personal",
    "mentoring:team_detail": "view",
    "mentoring:team_update": "supervise",
    "mentoring:training_detail": "view",
    "mentoring:training_attendance": "change",
    "mentoring:material_add": "change",
    "mentoring:material_file": "view",
    "funnel:target_update": "configure",
    "funnel:target_delete": "configure",
    "funnel:supply_set": "change",
    "reports:detail": "view",
    "reports:status": "view",
    "reports:pdf": "export",
    "reports:xlsx": "export",
    "reports:share_create": "export",
    "reports:share_revoke": "export",
    "reports:share_open": "view",
    "privacy:business": "view",
    "privacy:incident_detail": "configure",
    "privacy:access_alert_acknowledge": "configure",
    "privacy:incident_update": "configure",
    "privacy:incident_xlsx": "configure",
    "privacy:dsr_detail": "handle_requests",
    "privacy:dsr_handle": "handle_requests",
    "privacy:dsr_export": "handle_requests",
    "storefront:profile": "view",
    "storefront:product": "view",
    "storefront:business": "view",
    "storefront:photo": "view",
    "storefront:thumbnail": "view",
}
EVERYTHING = {
    "view", "add", "change", "delete", "verify", "export", "view_personal", "import", "merge", "curate",
    "supervise", "reveal_nik", "handle_requests",
}  # fmt: skip
# Import pages refuse a role without the action before looking the record up: 403 whatever the pk, which
# says nothing about the record.
ACTION_FIRST = {"batch", "candidate", "merge", "dsr", "incident", "alert"}
ROLE_CAN = {
    "admin": EVERYTHING | {"configure"},
    "operator": EVERYTHING,
    "other_operator": EVERYTHING,
    "pendamping": {"view", "add", "change", "export", "view_personal"},
    "pemilik": {"view", "change", "view_personal", "reveal_nik"},  # the full NIK: Dinas roles and the owner
    "kurator": {"view", "assess"},
    "dekranasda": {"view", "export"},
    "pimpinan": {"view", "export"},
    "mitra": set(),
}


def _records(business: Any, job_owner: Any) -> dict[str, Any]:
    scan = ContentFile(b"%PDF-1.4", "nib.pdf")
    document = LegalityDocument.objects.create(
        business=business, kind=DocumentKind.NIB, number="1234567890123", scan=scan
    )
    job = Job.objects.create(kind="registry.export_xlsx", created_by=job_owner)
    return {
        "business": business, "document": document, "job": job,
        **_ingest_records(business), **_catalog_records(business), **_curation_records(business),
        **_mentoring_records(business), "target": _funnel_target(business), **_report_records(business),
        "dsr": _data_request(business), "incident": _incident(business), "alert": _access_alert(job_owner),
    }  # fmt: skip


def _catalog_records(business: Any) -> dict[str, Any]:
    """A product of the business with one SKU and one photo (files written as they are, unprocessed)."""
    product = Product.objects.create(business=business, name="Kerupuk Ikan", category="pangan.keripik")
    Sku.objects.create(product=product, code="KRP-1", price=25_000, stock=3)
    photo = ProductPhoto(product=product, width=600, height=600, original_width=600, original_height=600)
    photo.image.save("foto.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=False)
    photo.thumbnail.save("kecil.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=False)
    photo.save()
    listing = Listing.objects.create(product=product, channel=Channel.objects.get(code="tiktok"))
    return {"product": product, "photo": photo, "listing": listing}


def _curation_records(business: Any) -> dict[str, Any]:
    """A completed kurasi round of a product of the business, assessed (with a photo) by ``kurator`` for
    the Sampang business and by another curator otherwise; a confirmed unggulan list of its kab/kota."""
    from lapak.accounts.models import Role, User

    product = Product.objects.create(business=business, name="Keripik Kurasi", category="pangan.keripik")
    username = "kurator" if business.kabkota_id == "35.27" else "kurator.lain"
    curator, _ = User.objects.get_or_create(username=username, defaults={"role": Role.KURATOR})
    version = RubricVersion.objects.filter(rubric__code="umum").first()
    curation_round = CurationRound.objects.create(
        product=product, number=1, rubric_version=version, status="selesai", decision=1, total_score=60
    )
    assignment = CurationAssignment.objects.create(
        round=curation_round, curator=curator, status=AssignmentStatus.SUBMITTED
    )
    assessment = Assessment.objects.create(
        assignment=assignment, rubric_version=version, total_score=60, decision=1
    )
    photo = AssessmentPhoto(assessment=assessment)
    photo.image.save("foto.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=False)
    photo.save()
    weights, _ = UnggulanWeights.objects.get_or_create(
        version=1, defaults={"curation": 50, "market": 20, "local_content": 15, "capacity": 15}
    )
    unggulan = UnggulanList.objects.create(
        kabkota_id=business.kabkota_id, year=2026, title="Produk Unggulan", per_sector=3, weights=weights
    )
    return {
        "kurasi_product": product, "assignment": assignment, "kurasi_photo": photo,
        "rubric": Rubric.objects.get(code="umum"), "unggulan": unggulan,
    }  # fmt: skip


def _curation_snapshot() -> tuple[Any, ...]:
    return (
        list(CurationRound.objects.values_list("pk", "status")),
        list(CurationAssignment.objects.values_list("pk", "status")),
        Assessment.objects.count(), RubricVersion.objects.count(), UnggulanList.objects.count(),
        UnggulanWeights.objects.count(),
    )  # fmt: skip


def _mentoring_records(business: Any) -> dict[str, Any]:
    """A team of the business's kab/kota led by ``pendamping`` for the Sampang business and by another
    mentor otherwise, a done visit (with a photo) to the business, a started training with a material."""
    from lapak.accounts.models import Role, User

    username = "pendamping" if business.kabkota_id == "35.27" else "pendamping.lain"
    mentor, _ = User.objects.get_or_create(username=username, defaults={"role": Role.PENDAMPING})
    team = Team.objects.create(name="Tim Pendamping", organisation="Dinas", region_id=business.kabkota_id)
    team.areas.set([business.kabkota_id])
    TeamMembership.objects.create(team=team, user=mentor, role=MemberRole.LEAD)
    visit = Visit.objects.create(
        team=team, mentor=mentor, status=VisitStatus.DONE, visit_date=timezone.localdate(),
        place_id=business.desa_id, topics=["legalitas"],
    )  # fmt: skip
    visit.businesses.set([business])
    visit.photo.save("foto.jpg", ContentFile(b"\xff\xd8\xff\xd9"))
    start = timezone.now() - datetime.timedelta(hours=1)
    training = Training.objects.create(
        team=team, kind="pelatihan", title="Kelas Foto", starts_at=start, ends_at=start,
        place_id=business.kabkota_id,
    )  # fmt: skip
    TrainingParticipant.objects.create(training=training, business=business)
    material = TrainingMaterial(training=training, title="Modul", original_name="modul.pdf")
    material.file.save("modul.pdf", ContentFile(b"%PDF-1.4"), save=False)
    material.save()
    return {"team": team, "visit": visit, "training": training, "training_material": material}


def _mentoring_snapshot() -> tuple[Any, ...]:
    return (
        list(Team.objects.values_list("pk", "name", "is_active")), TeamMembership.objects.count(),
        list(Visit.objects.values_list("pk", "status", "topics", "outcome")),
        list(Training.objects.values_list("pk", "follow_up")),
        list(TrainingParticipant.objects.values_list("pk", "attended")), TrainingMaterial.objects.count(),
    )  # fmt: skip


def _data_request(business: Any) -> DataSubjectRequest:
    """A deletion request of the business's owner (an owner account is made for the one without)."""
    from lapak.accounts.models import Role, User

    owner = (
        business.owner_account
        or User.objects.get_or_create(
            username=f"pemilik.{business.pk}", defaults={"role": Role.PELAKU_USAHA}
        )[0]
    )
    now = timezone.now()
    return DataSubjectRequest.objects.create(
        requester=owner, business=business, kind=DsrKind.PENGHAPUSAN, received_at=now, due_at=now
    )


def _incident(business: Any) -> Incident:
    """A breach incident covering the business's kab/kota (incidents are province-wide records)."""
    now = timezone.now()
    incident = Incident.objects.create(
        title="Insiden", discovered_at=now, window_start=now - datetime.timedelta(days=1), window_end=now,
        province_id=business.province_id,
    )  # fmt: skip
    incident.kabkota.set([business.kabkota_id])
    return incident


def _access_alert(user: Any) -> AccessAlert:
    """An open alert on an account (alerts are province-wide, like the access log)."""
    now = timezone.now()
    return AccessAlert.objects.create(
        rule="bulk_reveals", user=user, username=user.username, window_start=now, window_end=now, count=60,
        first_at=now, last_at=now,
    )  # fmt: skip


def _funnel_target(business: Any) -> Target:
    """A target of the business's kab/kota."""
    return Target.objects.create(
        programme="Go Digital", indicator=Indicator.MARKETPLACE, region_id=business.kabkota_id, value=400,
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31),
    )  # fmt: skip


def _report_records(business: Any) -> dict[str, Any]:
    """A finished crafts report of the business's kab/kota with both files, and a link sharing it."""
    report = Report.objects.create(
        kind=ReportKind.CRAFTS, period=datetime.date(2026, 10, 1), region_id=business.kabkota_id,
        title="Laporan Kriya", status=ReportStatus.READY, pdf=ContentFile(b"%PDF-1.4", "laporan.pdf"),
        xlsx=ContentFile(b"PK", "laporan.xlsx"),
    )  # fmt: skip
    return {"report": report, "share": ShareLink.objects.create(report=report)}


def _ingest_records(business: Any) -> dict[str, Any]:
    """An uploaded batch of the business's kab/kota, a record of it, a review candidate and a merge."""
    kabkota = business.kabkota_id
    source = Source.objects.create(
        code=f"dinkop-{uuid.uuid4().hex[:8]}",
        name="Dinas Koperasi",
        kind=SourceKind.DINKOP,
        region_id=kabkota,
    )
    upload = ContentFile(b"Nama Usaha,Kabupaten/Kota\nKeripik Tette,Sampang\n", "daftar.csv")
    batch = ImportBatch.objects.create(
        source=source,
        file=upload,
        original_name="daftar.csv",
        file_sha256=uuid.uuid4().hex,
        region_id=kabkota,
    )
    record = SourceRecord.objects.create(
        source=source, batch=batch, record_key=uuid.uuid4().hex, row_number=2, name="Keripik Tette",
        kabkota_id=kabkota, created_at=timezone.now(),
    )  # fmt: skip
    candidate = MatchCandidate.objects.create(
        record=record, business=business, probability=0.8, kabkota_id=kabkota
    )
    merge = Merge.objects.create(business=business, record=record, kind=MergeKind.AUTO)
    return {"batch": batch, "candidate": candidate, "merge": merge}


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _snapshot(records: dict[str, Any]) -> tuple[Any, ...]:
    business = type(records["business"]).objects.get(pk=records["business"].pk)
    documents = list(business.documents.values_list("pk", "number", "status"))
    batch = ImportBatch.objects.values_list("status", "job_id", "sheet", "column_mapping").get(
        pk=records["batch"].pk
    )
    candidate = MatchCandidate.objects.values_list("status", "reviewed_by").get(pk=records["candidate"].pk)
    merge = Merge.objects.values_list("undone_at", flat=True).get(pk=records["merge"].pk)
    product = Product.objects.filter(pk=records["product"].pk).values_list("name", "updated_at").first()
    catalog = product, ProductPhoto.objects.count(), Sku.objects.count(), Job.objects.count()
    channels = (
        list(Listing.objects.values_list("pk", "state")),
        SalesOrder.objects.count(),
        ShopConnection.objects.count(),
    )
    curation = _curation_snapshot()
    mentoring = _mentoring_snapshot()
    funnel = list(Target.objects.values_list("pk", "value")), BusinessSupply.objects.count()
    reports = Report.objects.count(), list(ShareLink.objects.values_list("pk", "revoked_at"))
    reports += (list(DataSubjectRequest.objects.values_list("pk", "status")),)
    reports += (list(AccessAlert.objects.values_list("pk", "status")),)
    return (
        business.name, business.updated_at, documents, batch, candidate, merge, catalog, curation, channels,
        mentoring, funnel, reports,
    )  # fmt: skip


def _fetch(client: Client, url: str) -> int:
    status = client.get(url).status_code
    if status == 405:
        status = client.post(url, {}).status_code
    return status


def _cases() -> list[Any]:
    names = sorted(set(RECORD_KINDS) - API_MATRIX)
    return [pytest.param(role, name, id=f"{name}-{role}") for name in names for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name"), _cases())
def test_it_scopes_every_url(
    role: str, name: str, users: dict, sampang_business: Any, surabaya_business: Any
) -> None:
    user = users[role]
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    kind = RECORD_KINDS[name]
    if name in PARTNER_KEY_ONLY:
        assert client.post(reverse(name), {}).status_code == 401
        return
    if kind is None or kind in ("token", "public_args"):
        status = _fetch(client, _url(name, kind, {}))
        assert status in (200, 302, 403, 422), f"{role} {name}: {status}"
        return
    stranger = users["admin"] if role != "admin" else users["pimpinan"]
    for which, business in (("same", sampang_business), ("other", surabaya_business)):
        records = _records(business, job_owner=user if which == "same" else stranger)
        before = _snapshot(records)
        status = _fetch(client, _url(name, kind, records))
        visible = (which == "same") if kind == "job" else (which in VISIBLE_BY_KIND.get(kind, VISIBLE)[role])
        allowed = kind == "job" or URL_ACTION[name] in ROLE_CAN[role]
        if kind in ACTION_FIRST and not allowed:
            assert status == 403, f"{role} may not {URL_ACTION[name]} at {name} ({which}): {status}"
        elif not visible:
            assert status == 404, f"{role} must not reach the {which}-region record at {name}: {status}"
        elif not allowed:
            assert status == 403, f"{role} may not {URL_ACTION[name]} at {name}: {status}"
        else:
            # A download without a file yet is 404; a mapping posted empty lacks its required columns.
            # An action posted empty is refused as bad input (422, core.responses.refused_back); a reveal
            # posted without a reason is refused before anything is shown or logged.
            expected = {
                "core:job_download": (200, 302, 404),
                "ingest:batch_map": (200, 302, 400),
                "registry:business_nik_reveal": (422,),
                "registry:business_phone_reveal": (422,),
            }.get(name, (200, 302, 422))
            assert status in expected, f"{role} {name} {which}: {status}"
        if not (visible and allowed):
            assert _snapshot(records) == before, f"{role} changed a record through {name}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n in RECORD_KINDS if n not in PUBLIC | API_MATRIX))
def test_it_sends_anonymous_users_to_login(name: str, sampang_business: Any, users: dict) -> None:
    kind = RECORD_KINDS[name]
    if name in PARTNER_KEY_ONLY:
        assert Client().post(reverse(name), {}).status_code == 401
        return
    records = _records(sampang_business, job_owner=users["admin"]) if kind else {}
    response = Client().get(_url(name, kind, records))
    if name == "home":
        assert response.status_code == 302
        return
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
