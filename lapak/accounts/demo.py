"""Demo accounts, one per role, for the demo database, the README and the login page."""

from __future__ import annotations

from typing import NamedTuple

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import Role, User
from lapak.regions.models import Region
from lapak.registry.models import Business

# Demo only: every demo account shares this password, which the README and the login page show.
DEMO_PASSWORD = "lapak-demo"
DEMO_OWNER = "pemilik"
DEMO_OWNER_KABKOTA = "35.27"  # Kab. Sampang
DEMO_OWNER_BUSINESSES = 2


class DemoLogin(NamedTuple):
    username: str
    role: str
    description: str


class _DemoUser(NamedTuple):
    username: str
    role: str
    first_name: str
    last_name: str
    region: str | None
    assigned: tuple[str, ...]
    description: Promise  # translated when read, in the language of the request


DEMO_USERS: tuple[_DemoUser, ...] = (
    _DemoUser(
        "admin", Role.ADMIN_PROVINSI, "Rina", "Kusumawardani", "35", (),
        _("Admin Dinas Koperasi dan UKM Provinsi: seluruh 38 kab/kota Jawa Timur."),
    ),
    _DemoUser(
        "operator.sampang", Role.OPERATOR_KABKOTA, "Moh.", "Syaiful Anam", "35.27", (),
        _("Operator Kab. Sampang: hanya data Kab. Sampang."),
    ),
    _DemoUser(
        "operator.surabaya", Role.OPERATOR_KABKOTA, "Dewi", "Anggraini", "35.78", (),
        _("Operator Kota Surabaya: hanya data Kota Surabaya."),
    ),
    _DemoUser(
        "pendamping", Role.PENDAMPING, "Siti", "Nurjanah", None, ("35.27", "35.26"),
        _("Pendamping lapangan: usaha di Kab. Sampang dan Kab. Bangkalan."),
    ),
    _DemoUser(
        "kurator", Role.KURATOR, "Bambang", "Hermanto", None, ("35.78",),
        _("Kurator produk: Kota Surabaya, hanya baca, tanpa data pribadi."),
    ),
    _DemoUser(
        DEMO_OWNER, Role.PELAKU_USAHA, "Siti", "Maimunah", None, (),
        _("Pelaku usaha di Kab. Sampang: dua usaha miliknya sendiri."),
    ),
    _DemoUser(
        "mitra", Role.MITRA, "Andika", "Pratama", None, (),
        _("Mitra marketplace: belum punya akses ke register (API menyusul)."),
    ),
    _DemoUser(
        "pimpinan", Role.PIMPINAN, "Hadi", "Sulistyo", "35", (),
        _("Pimpinan: seluruh provinsi, hanya baca, tanpa data pribadi."),
    ),
    _DemoUser(
        "dekranasda", Role.DEKRANASDA, "Lilik", "Handayani", None, ("35.28",),
        _("Dekranasda: usaha kerajinan Kab. Pamekasan, tanpa data pribadi."),
    ),
)  # fmt: skip


@transaction.atomic
def demo_users_create() -> list[DemoLogin]:
    """Create the demo accounts, or bring existing ones back to their demo role and region.

    Idempotent: a rerun changes no password and creates no duplicates. When demo businesses exist, the
    ``pemilik`` account is linked to its two Sampang businesses (see :func:`demo_owner_link`).
    """
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User.objects.create_user(
                username=spec.username,
                password=DEMO_PASSWORD,
                email=f"{spec.username}@lapak.example",
            )
        user.role = spec.role
        user.region_id = spec.region
        user.first_name, user.last_name = spec.first_name, spec.last_name
        user.save(update_fields=["role", "region", "first_name", "last_name"])
        user.assigned_regions.set(Region.objects.filter(code__in=spec.assigned))
        if spec.username == DEMO_OWNER:
            demo_owner_link(user)
    return demo_logins()


def demo_logins() -> list[DemoLogin]:
    """The demo accounts with a description in the active language; reads nothing, writes nothing."""
    return [DemoLogin(spec.username, spec.role, str(spec.description)) for spec in DEMO_USERS]


def demo_owner_link(user: User) -> int:
    """Make ``user`` the owner account of the first two Sampang businesses (lowest ids); returns how many."""
    ids = list(
        Business.objects.filter(kabkota_id=DEMO_OWNER_KABKOTA)
        .order_by("id")
        .values_list("id", flat=True)[:DEMO_OWNER_BUSINESSES]
    )
    return Business.objects.filter(id__in=ids).update(owner_account=user)
