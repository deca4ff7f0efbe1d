"""Demo products for the demo database: a few products per business in some kab/kota (and the demo
owner's businesses), with SKUs, raw materials (local and imported), certifications linked to the
business's legality documents, and photos drawn with Pillow.

Products go through ``services.product_create``, so the demo exercises the same checks and photo
processing as the form. It is small (a few hundred products), so a loop over the services is fine here;
same seed, same products.
"""

from __future__ import annotations

import io
import random
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from auditlog.context import disable_auditlog
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from lapak.catalog.models import Product
from lapak.catalog.services import product_create
from lapak.catalog.taxonomy import ProductKind, category_get
from lapak.registry.models import Business, DocumentKind, VerificationStatus

DEMO_KABKOTA = ("35.27", "35.26", "35.28", "35.29", "35.78", "35.15", "35.07", "35.73")
PER_KABKOTA = 20

# (material name, origin, country, share of input in percent)
Material = tuple[str, str, str, int]


@dataclass(frozen=True)
class _Template:
    names: tuple[str, ...]
    category: str
    attributes: dict[str, str]
    materials: tuple[Material, ...]
    price: tuple[int, int]
    weight: int
    variants: tuple[str, ...] = ("",)
    hs_code: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


_FOOD = {"shelf_life_days": 120, "storage": "sejuk_kering", "capacity_unit": "pak"}
TEMPLATES: dict[str, _Template] = {
    "10794": _Template(
        ("Keripik Singkong Balado", "Kerupuk Ikan Tenggiri", "Keripik Tempe", "Rengginang Lorjuk"),
        "pangan.keripik",
        {"netto": "250 g", "komposisi": "singkong, minyak sawit, cabai, garam"},
        (
            ("Singkong", "kabkota", "", 55),
            ("Minyak goreng sawit", "provinsi_lain", "", 20),
            ("Tepung terigu", "impor", "AU", 10),
            ("Cabai dan bumbu", "kabkota", "", 10),
            ("Plastik kemasan", "provinsi", "", 5),
        ),
        (12_000, 35_000),
        280,
        ("Original", "Pedas"),
        extra=_FOOD,
    ),
    "10710": _Template(
        ("Kue Kering Nastar", "Wingko Babat", "Bolu Kukus Pandan", "Kue Spikoe"),
        "pangan.kue",
        {"netto": "500 g", "komposisi": "terigu, mentega, gula, telur"},
        (
            ("Tepung terigu", "impor", "AU", 35),
            ("Mentega", "provinsi_lain", "", 20),
            ("Gula pasir", "provinsi", "", 20),
            ("Telur ayam", "kabkota", "", 20),
            ("Kardus kemasan", "provinsi", "", 5),
        ),
        (35_000, 95_000),
        600,
        ("500 g", "1 kg"),
        extra={**_FOOD, "shelf_life_days": 30},
    ),
    "1079": _Template(
        ("Jenang Kudus Madura", "Dodol Nangka", "Brem Madiun"),
        "pangan.manisan",
        {"netto": "400 g", "komposisi": "tepung ketan, gula merah, santan"},
        (
            ("Tepung ketan", "provinsi", "", 35),
            ("Gula merah", "kabkota", "", 35),
            ("Kelapa", "kabkota", "", 30),
        ),
        (15_000, 40_000),
        450,
        extra=_FOOD,
    ),
    "10772": _Template(
        ("Sambal Bawang Bu Rudy", "Bumbu Pecel Madiun", "Sambal Cumi"),
        "pangan.sambal",
        {"netto": "150 ml", "komposisi": "cabai, bawang putih, minyak"},
        (
            ("Cabai rawit", "kabkota", "", 40),
            ("Bawang putih", "impor", "CN", 25),
            ("Minyak goreng", "provinsi_lain", "", 20),
            ("Botol kaca", "provinsi", "", 15),
        ),
        (20_000, 45_000),
        250,
        ("Pedas", "Ekstra pedas"),
        extra={**_FOOD, "shelf_life_days": 90},
    ),
    "102": _Template(
        ("Bandeng Presto Duri Lunak", "Otak-Otak Bandeng", "Abon Ikan Tongkol", "Petis Udang"),
        "pangan.olahan-laut",
        {"netto": "500 g", "komposisi": "ikan bandeng, bumbu, garam"},
        (
            ("Ikan bandeng", "kabkota", "", 70),
            ("Bumbu rempah", "provinsi", "", 20),
            ("Garam", "kabkota", "", 10),
        ),
        (30_000, 80_000),
        550,
        extra={**_FOOD, "storage": "beku", "shelf_life_days": 60},
    ),
    "10761": _Template(
        ("Kopi Robusta Dampit", "Kopi Arabika Ijen", "Kopi Osing"),
        "minuman.kopi",
        {"netto": "200 g", "komposisi": "kopi robusta sangrai"},
        (("Biji kopi robusta", "kabkota", "", 90), ("Kemasan aluminium foil", "provinsi_lain", "", 10)),
        (40_000, 120_000),
        250,
        ("Biji", "Bubuk"),
        hs_code="0901.21",
        extra={**_FOOD, "shelf_life_days": 365},
    ),
    "1039": _Template(
        ("Tempe Sagu", "Tahu Takwa Kediri", "Keripik Tempe Sanan"),
        "pangan.tempe-tahu",
        {"netto": "300 g", "komposisi": "kedelai, ragi"},
        (
            ("Kedelai", "impor", "US", 85),
            ("Ragi tempe", "provinsi_lain", "", 5),
            ("Daun pisang", "kabkota", "", 10),
        ),
        (8_000, 25_000),
        320,
        extra={**_FOOD, "storage": "dingin", "shelf_life_days": 5},
    ),
    "13134": _Template(
        ("Batik Tulis Tanjung Bumi", "Batik Gentongan", "Batik Tulis Klampar", "Batik Mangrove"),
        "fesyen.batik-tulis",
        {"bahan": "katun primisima", "ukuran": "200 x 115 cm", "motif": "sisik", "pewarna": "alam"},
        (
            ("Kain katun primisima", "provinsi_lain", "", 45),
            ("Malam batik", "provinsi", "", 15),
            ("Pewarna naptol", "impor", "CN", 15),
            ("Pewarna alam mangrove", "kabkota", "", 25),
        ),
        (250_000, 1_500_000),
        400,
        ("Katun", "Sutra"),
    ),
    "13122": _Template(
        ("Tenun Ikat Bandar Kidul", "Sarung Tenun Goyor"),
        "fesyen.tenun",
        {"bahan": "benang katun", "ukuran": "200 x 110 cm", "motif": "ikat", "pewarna": "sintetis"},
        (
            ("Benang katun", "impor", "IN", 60),
            ("Pewarna sintetis", "impor", "CN", 15),
            ("Benang emas", "provinsi_lain", "", 25),
        ),
        (300_000, 900_000),
        500,
    ),
    "14111": _Template(
        ("Mukena Bordir Bangil", "Hijab Segi Empat", "Kemeja Batik Pria", "Songkok Gresik"),
        "fesyen.muslim",
        {"bahan": "katun rayon", "ukuran": "S sampai XL"},
        (
            ("Kain rayon", "impor", "CN", 55),
            ("Benang bordir", "provinsi_lain", "", 15),
            ("Kancing dan aksesori", "provinsi", "", 10),
            ("Ongkos jahit lokal", "kabkota", "", 20),
        ),
        (75_000, 350_000),
        300,
        ("M", "L", "XL"),
    ),
    "152": _Template(
        ("Sandal Kulit Magetan", "Sepatu Kulit Mojokerto"),
        "fesyen.alas-kaki",
        {"bahan": "kulit sapi", "ukuran": "39 sampai 44"},
        (
            ("Kulit sapi samak", "provinsi", "", 60),
            ("Sol karet", "provinsi_lain", "", 25),
            ("Lem dan benang", "impor", "CN", 15),
        ),
        (90_000, 450_000),
        700,
        ("40", "42", "44"),
    ),
    "151": _Template(
        ("Tas Kulit Tanggulangin", "Dompet Kulit Pria"),
        "fesyen.tas",
        {"bahan": "kulit sapi", "ukuran": "30 x 25 x 10 cm"},
        (
            ("Kulit sapi samak", "provinsi", "", 65),
            ("Resleting dan aksesori logam", "impor", "CN", 20),
            ("Kain pelapis", "kabkota", "", 15),
        ),
        (150_000, 900_000),
        800,
        hs_code="4202.21",
    ),
    "1629": _Template(
        ("Tas Anyaman Pandan", "Keranjang Bambu", "Tikar Mendong", "Kap Lampu Rotan"),
        "kriya.anyaman",
        {"bahan": "pandan duri", "ukuran": "35 x 30 cm"},
        (
            ("Daun pandan duri", "kabkota", "", 70),
            ("Pewarna", "impor", "DE", 10),
            ("Tali dan pegangan", "provinsi", "", 20),
        ),
        (35_000, 250_000),
        350,
        hs_code="4602.19",
    ),
    "16293": _Template(
        ("Topeng Malangan", "Ukiran Kayu Jati"),
        "kriya.kayu",
        {"bahan": "kayu sengon", "ukuran": "20 x 15 cm"},
        (
            ("Kayu sengon", "kabkota", "", 70),
            ("Cat akrilik", "provinsi_lain", "", 20),
            ("Pernis", "impor", "MY", 10),
        ),
        (75_000, 600_000),
        500,
        hs_code="4420.10",
    ),
    "23939": _Template(
        ("Gerabah Hias", "Keramik Dinoyo"),
        "kriya.keramik",
        {"bahan": "tanah liat", "ukuran": "tinggi 30 cm"},
        (("Tanah liat", "kabkota", "", 70), ("Glasir", "impor", "CN", 20), ("Kayu bakar", "kabkota", "", 10)),
        (40_000, 300_000),
        1500,
    ),
    "32903": _Template(
        ("Miniatur Kapal Madura", "Suvenir Kerang", "Hiasan Perca"),
        "kriya.suvenir",
        {"bahan": "kayu dan kerang", "ukuran": "25 x 10 cm"},
        (("Kayu", "kabkota", "", 50), ("Kerang", "kabkota", "", 30), ("Lem", "impor", "CN", 20)),
        (25_000, 200_000),
        300,
    ),
    "21022": _Template(
        ("Jamu Kunyit Asam", "Beras Kencur", "Jamu Madura Sehat"),
        "herbal.jamu",
        {"netto": "250 ml", "komposisi": "kunyit, asam jawa, gula aren", "cara_pakai": "diminum dingin"},
        (
            ("Kunyit", "kabkota", "", 50),
            ("Asam jawa", "provinsi", "", 20),
            ("Gula aren", "provinsi", "", 20),
            ("Botol plastik", "provinsi_lain", "", 10),
        ),
        (10_000, 35_000),
        300,
    ),
    "2023": _Template(
        ("Lulur Tradisional Madura", "Sabun Herbal Sereh", "Bedak Dingin"),
        "herbal.kosmetik",
        {"netto": "100 g", "komposisi": "beras, kunyit, temu giring", "cara_pakai": "oleskan, bilas"},
        (
            ("Beras", "kabkota", "", 40),
            ("Rempah", "kabkota", "", 30),
            ("Pewangi", "impor", "FR", 15),
            ("Pot plastik", "provinsi", "", 15),
        ),
        (15_000, 60_000),
        150,
    ),
    "01": _Template(
        ("Bawang Merah Nganjuk", "Cabai Rawit Segar", "Buah Naga Merah", "Jeruk Siam"),
        "agro.buah-sayur",
        {"varietas": "lokal"},
        (("Bibit dan pupuk", "provinsi", "", 70), ("Pupuk kimia", "impor", "RU", 30)),
        (15_000, 60_000),
        1000,
        ("1 kg", "5 kg"),
    ),
}
SECTOR_FALLBACK = {"pangan": "10794", "fashion": "14111", "kriya": "32903", "herbal": "21022", "agro": "01"}
GROUP_COLOURS = {
    "pangan": (244, 180, 97),
    "minuman": (121, 85, 72),
    "fesyen": (63, 81, 181),
    "kriya": (139, 110, 78),
    "herbal": (104, 159, 56),
    "agro": (76, 175, 80),
}


def _template(business: Business) -> _Template | None:
    code = business.kbli_code or ""
    for length in (5, 4, 3, 2):
        if code[:length] in TEMPLATES:
            return TEMPLATES[code[:length]]
    fallback = SECTOR_FALLBACK.get(business.sector)
    return TEMPLATES[fallback] if fallback else None


def demo_photo(title: str, colour: tuple[int, int, int], index: int) -> bytes:
    """A simple drawn product shot: a coloured package with the product name on a light background."""
    image = Image.new("RGB", (900, 900), (246, 243, 236))
    draw = ImageDraw.Draw(image)
    inset = 120 + 40 * index
    draw.rounded_rectangle((inset, 150, 900 - inset, 780), radius=48, fill=colour)
    draw.ellipse((330, 210, 570, 450), fill=(255, 255, 255))
    font = ImageFont.load_default(size=48)
    for number, line in enumerate(textwrap.wrap(title, 14)[:3]):
        draw.text((450, 520 + 64 * number), line, fill=(255, 255, 255), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


def _certifications(business: Business, kind: ProductKind, rng: random.Random) -> list[dict[str, Any]]:
    """Link the business's own documents: the izin edar and halal for food, BPOM for jamu and cosmetics."""
    wanted = {ProductKind.FOOD: (DocumentKind.PIRT, DocumentKind.BPOM, DocumentKind.HALAL)}.get(
        kind, (DocumentKind.BPOM,) if kind in (ProductKind.HERBAL, ProductKind.COSMETIC) else ()
    )
    documents = business.documents.filter(kind__in=wanted).exclude(status=VerificationStatus.REJECTED)
    linked = {doc.kind: doc for doc in documents.order_by("kind", "-expires_on")}
    result = [{"kind": kind_, "document": doc} for kind_, doc in linked.items()]
    if kind == ProductKind.FOOD and DocumentKind.HALAL not in linked and rng.random() < 0.3:
        result.append({"kind": DocumentKind.HALAL, "document": None})  # declared, still being arranged
    return result


def _product_values(
    template: _Template, business: Business, rng: random.Random, number: int
) -> dict[str, Any]:
    name = template.names[(business.pk + number) % len(template.names)]
    category = category_get(template.category)
    low, high = template.price
    base_price = rng.randrange(low, high + 1, 500)
    complete = rng.random() < 0.6  # some products still lack dimensions, a description or a photo
    skus = [
        {
            "code": f"{business.pk}-{number}-{i + 1}",
            "variant": variant,
            "price": base_price + i * rng.choice((0, 2_000, 5_000)),
            "stock": rng.choice((0, 5, 12, 30, 80)),
            "weight_grams": template.weight,
            **({"length_cm": 20, "width_cm": 15, "height_cm": 8} if complete else {}),
        }
        for i, variant in enumerate(template.variants[: rng.randint(1, len(template.variants))])
    ]
    description = (
        f"{name} buatan {business.name}, {business.kabkota.name}. Dibuat dari bahan pilihan, "
        "dikerjakan tangan oleh perajin setempat dan dikemas rapi untuk dikirim ke seluruh Indonesia."
    )
    return {
        "data": {
            "name": f"{name} {business.brand}".strip() if business.brand else name,
            "description": description if complete or rng.random() < 0.5 else description[:60],
            "category": template.category,
            "brand": business.brand or ("Tanpa Merek" if complete else ""),
            "attributes": dict(template.attributes),
            "capacity_per_month": rng.choice((200, 500, 1000, 3000)),
            "is_exported": bool(template.hs_code) and rng.random() < 0.3,
            "hs_code": template.hs_code,
            **template.extra,
        },
        "skus": skus,
        "raw_materials": [
            {"name": n, "origin": origin, "origin_country": country, "share": Decimal(share)}
            for n, origin, country, share in template.materials
        ],
        "certifications": _certifications(business, category.kind, rng) if category else [],
        "photo_count": rng.choice((1, 2, 3, 3)) if complete else rng.choice((0, 1)),
    }


def _demo_businesses(owner_username: str, per_kabkota: int) -> list[Business]:
    owned = list(Business.objects.filter(owner_account__username=owner_username).order_by("id"))
    chosen = {b.pk: b for b in owned}
    for kabkota in DEMO_KABKOTA:
        rows = Business.objects.filter(kabkota_id=kabkota, sector__in=SECTOR_FALLBACK).order_by("id")
        for business in rows.select_related("kabkota")[:per_kabkota]:
            chosen.setdefault(business.pk, business)
    return list(chosen.values())


def demo_products_create(
    *,
    seed: int = 2026,
    per_kabkota: int = PER_KABKOTA,
    owner_username: str = "pemilik",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create demo products unless some exist; returns how many were created."""
    if Product.objects.exists():
        return 0
    rng = random.Random(seed)
    created = 0
    with disable_auditlog():
        for business in _demo_businesses(owner_username, per_kabkota):
            template = _template(business)
            if template is None:
                continue
            for number in range(2 if business.owner_account_id else 1):
                values = _product_values(template, business, rng, number)
                colour = GROUP_COLOURS.get(template.category.split(".")[0], (120, 120, 120))
                photos = [
                    SimpleUploadedFile(f"demo-{i}.jpg", demo_photo(values["data"]["name"], colour, i))
                    for i in range(values.pop("photo_count"))
                ]
                product_create(actor=None, business=business, photos=photos, **values)
                created += 1
            if progress and created % 50 == 0:
                progress(created)
    return created
