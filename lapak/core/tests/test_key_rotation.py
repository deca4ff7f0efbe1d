from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lapak.accounts.models import TotpDevice, User
from lapak.api.scopes import BUSINESSES_READ
from lapak.api.selectors import token_for_secret
from lapak.api.services import api_token_create
from lapak.channels.models import Channel, ShopConnection
from lapak.conftest import SAMPANG, first_desa
from lapak.core.crypto import decrypt_text, encrypt_text, keyed_hash
from lapak.core.key_rotation import TableCount, field_key_check, field_key_rotate
from lapak.ingest.linking import merge_into
from lapak.ingest.models import ImportBatch, Merge, MergeKind, Source, SourceKind, SourceRecord
from lapak.ingest.services import merge_undo
from lapak.registry.models import Business
from lapak.registry.services import owner_nik_values

OLD, NEW = "old-field-key-for-tests", "new-field-key-for-tests"
NIKS = [f"35270145078500{number:02d}" for number in range(1, 8)]
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SHOP_TOKENS = ("access_token_encrypted", "refresh_token_encrypted")


class _Interrupted(Exception):
    pass


@pytest.fixture
def sealed_data(
    settings: Any, make_business: Callable[..., Business], users: dict[str, User]
) -> dict[str, Any]:
    """Businesses, source records, a reviewed merge, an authenticator and a shop, all under the old key."""
    settings.LAPAK_FIELD_KEY, settings.LAPAK_FIELD_KEY_PREVIOUS = OLD, ""
    businesses = [make_business(name=f"Usaha {nik}", owner_nik=nik) for nik in NIKS]
    no_nik = make_business(name="Usaha tanpa NIK", owner_nik="")
    source = Source.objects.create(code="dinkop", name="Dinkop", kind=SourceKind.DINKOP, region_id=SAMPANG)
    batch = ImportBatch.objects.create(
        source=source, file="x.csv", original_name="x.csv", file_sha256="1", region_id=SAMPANG
    )
    desa = first_desa(SAMPANG)
    record = SourceRecord.objects.create(
        source=source, batch=batch, record_key="k1", row_number=1, name="Usaha baru",
        created_at=timezone.now(), desa_id=desa.code, kecamatan_id=desa.code[:8], kabkota_id=SAMPANG,
        **owner_nik_values("3527014507859999"),
    )  # fmt: skip
    # A reviewer chose the record's NIK: the merge keeps the business's old NIK token for the undo.
    merge = merge_into(
        businesses[0], record, kind=MergeKind.REVIEW, probability=0.9, actor=None,
        chosen=["owner_nik_encrypted", "owner_nik_hash", "owner_nik_masked"],
    )  # fmt: skip
    TotpDevice.objects.create(user=users["admin"], secret_encrypted=encrypt_text(TOTP_SECRET))
    channel = Channel.objects.create(code="toko-uji", name="Toko Uji", kind="api", adapter="tiktok")
    ShopConnection.objects.create(
        business=businesses[1], channel=channel, shop_id="1", access_token_encrypted=encrypt_text("akses-1"),
        refresh_token_encrypted=encrypt_text("pembaru-1"),
    )  # fmt: skip
    return {"businesses": businesses, "no_nik": no_nik, "record": record, "merge": merge}


def _start_rotation(settings: Any) -> None:
    settings.LAPAK_FIELD_KEY, settings.LAPAK_FIELD_KEY_PREVIOUS = NEW, OLD


def _stored_values() -> dict[str, Any]:
    """Every sealed value in the database, to compare runs."""
    nik = ("owner_nik_encrypted", "owner_nik_hash")
    return {
        "businesses": list(Business.objects.order_by("pk").values_list(*nik)),
        "records": list(SourceRecord.objects.order_by("pk").values_list(*nik)),
        "merges": list(Merge.objects.order_by("pk").values_list("previous_values", flat=True)),
        "totp": list(TotpDevice.objects.values_list("secret_encrypted", flat=True)),
        "shops": list(ShopConnection.objects.values_list(*SHOP_TOKENS)),
    }


def _assert_readable_with_the_new_key_only(settings: Any) -> None:
    settings.LAPAK_FIELD_KEY, settings.LAPAK_FIELD_KEY_PREVIOUS = NEW, ""
    business_niks = {b.name: decrypt_text(b.owner_nik_encrypted) for b in Business.objects.all()}
    assert (
        business_niks
        == {
            "Usaha 352701450785000" + NIKS[0][-1]: "3527014507859999",  # chosen from the record in the merge
            **{f"Usaha {nik}": nik for nik in NIKS[1:]},
            "Usaha tanpa NIK": "",
        }
    )
    for business in Business.objects.all():
        assert business.owner_nik_hash == keyed_hash(decrypt_text(business.owner_nik_encrypted))
    record = SourceRecord.objects.get()
    assert decrypt_text(record.owner_nik_encrypted) == "3527014507859999"
    assert record.owner_nik_hash == keyed_hash("3527014507859999")
    previous = Merge.objects.get().previous_values
    assert decrypt_text(previous["owner_nik_encrypted"]["value"]) == NIKS[0]
    assert previous["owner_nik_hash"]["value"] == keyed_hash(NIKS[0])
    assert decrypt_text(TotpDevice.objects.get().secret_encrypted) == TOTP_SECRET
    shop = ShopConnection.objects.get()
    assert (decrypt_text(shop.access_token_encrypted), decrypt_text(shop.refresh_token_encrypted)) == (
        "akses-1",
        "pembaru-1",
    )


def test_it_moves_every_sealed_value_to_the_new_key(settings: Any, sealed_data: dict[str, Any]) -> None:
    _start_rotation(settings)
    report = field_key_rotate(batch_rows=3)
    due = {table.label: table.due for table in report.tables}
    assert due == {
        "registry.Business": 7, "ingest.SourceRecord": 1, "accounts.TotpDevice": 1,
        "channels.ShopConnection": 1, "ingest.Merge.previous_values": 1,
    }  # fmt: skip
    assert report.unreadable == 0
    _assert_readable_with_the_new_key_only(settings)
    assert field_key_check().complete


def test_an_incoming_nik_still_finds_its_business_after_the_rotation(
    settings: Any, sealed_data: dict[str, Any]
) -> None:
    _start_rotation(settings)
    field_key_rotate()
    settings.LAPAK_FIELD_KEY_PREVIOUS = ""
    assert Business.objects.get(owner_nik_hash=keyed_hash(NIKS[3])).name == f"Usaha {NIKS[3]}"


def test_a_merge_can_still_be_undone_after_the_rotation(
    settings: Any, sealed_data: dict[str, Any], users: dict[str, User]
) -> None:
    """The business and its source record shared one NIK token; they still do, so the undo restores it."""
    _start_rotation(settings)
    field_key_rotate()
    settings.LAPAK_FIELD_KEY_PREVIOUS = ""
    business = Business.objects.get(pk=sealed_data["businesses"][0].pk)
    assert business.owner_nik_encrypted == SourceRecord.objects.get().owner_nik_encrypted
    merge_undo(actor=users["admin"], merge=Merge.objects.get())
    business.refresh_from_db()
    assert decrypt_text(business.owner_nik_encrypted) == NIKS[0]
    assert business.owner_nik_hash == keyed_hash(NIKS[0])


def test_a_second_run_changes_nothing(settings: Any, sealed_data: dict[str, Any]) -> None:
    _start_rotation(settings)
    field_key_rotate()
    after_first = _stored_values()
    report = field_key_rotate()
    assert report.due == 0
    assert report.tables[0].scanned == 7
    assert _stored_values() == after_first


def test_a_dry_run_counts_and_changes_nothing(settings: Any, sealed_data: dict[str, Any]) -> None:
    before = _stored_values()
    _start_rotation(settings)
    report = field_key_rotate(dry_run=True)
    assert (report.due, report.unreadable, report.complete) == (11, 0, False)
    assert _stored_values() == before


def test_an_interrupted_rotation_resumes_where_it_stopped(settings: Any, sealed_data: dict[str, Any]) -> None:
    _start_rotation(settings)

    def crash_after_first_batch(count: TableCount) -> None:
        raise _Interrupted

    with pytest.raises(_Interrupted):
        field_key_rotate(batch_rows=3, progress=crash_after_first_batch)
    halfway = field_key_check(batch_rows=3)
    assert halfway.tables[0].due == 4  # the first three businesses were committed
    assert halfway.due == 8

    resumed = field_key_rotate(batch_rows=3)
    assert resumed.due == 8
    _assert_readable_with_the_new_key_only(settings)
    assert field_key_check().complete


def test_the_check_fails_for_a_value_under_neither_key(settings: Any, sealed_data: dict[str, Any]) -> None:
    settings.LAPAK_FIELD_KEY = "a-third-key"
    Business.objects.filter(pk=sealed_data["no_nik"].pk).update(
        **{k: v for k, v in owner_nik_values("3527014507850077").items() if k != "owner_nik_masked"}
    )
    _start_rotation(settings)
    report = field_key_rotate()
    assert report.tables[0].unreadable == 1
    assert not field_key_check().complete
    with pytest.raises(CommandError, match="1 tidak terbaca"):
        call_command("field_key_rotate", stdout=StringIO())


def test_the_command_rotates_prints_progress_and_passes_its_check(
    settings: Any, sealed_data: dict[str, Any]
) -> None:
    _start_rotation(settings)
    out = StringIO()
    call_command("field_key_rotate", "--batch-rows", "5", stdout=out)
    printed = out.getvalue()
    assert "registry.Business: 5 dibaca, 5 perlu diputar" in printed
    assert "registry.Business: 7 baris, 7 diputar, 0 tidak terbaca" in printed
    assert "semua nilai terbaca dengan kunci sekarang" in printed
    _assert_readable_with_the_new_key_only(settings)


def test_the_command_dry_run_fails_while_values_are_due(settings: Any, sealed_data: dict[str, Any]) -> None:
    before = _stored_values()
    _start_rotation(settings)
    out = StringIO()
    with pytest.raises(CommandError, match="11 baris masih perlu kunci lama"):
        call_command("field_key_rotate", "--dry-run", stdout=out)
    assert "registry.Business: 7 baris, 7 perlu diputar" in out.getvalue()
    assert _stored_values() == before


def test_a_value_saved_during_the_batch_is_not_overwritten(
    settings: Any, sealed_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch writes only where the token is still the one it read."""
    from lapak.core import key_rotation

    _start_rotation(settings)
    edited = sealed_data["businesses"][2]
    original_write = key_rotation._write

    def save_first(table: Any, updates: Any) -> None:
        Business.objects.filter(pk=edited.pk).update(**owner_nik_values("3527014507850055"))
        original_write(table, updates)

    monkeypatch.setattr(key_rotation, "_write", save_first)
    field_key_rotate()
    settings.LAPAK_FIELD_KEY_PREVIOUS = ""
    edited.refresh_from_db()
    assert decrypt_text(edited.owner_nik_encrypted) == "3527014507850055"
    assert edited.owner_nik_hash == keyed_hash("3527014507850055")


def test_an_api_token_issued_before_the_rotation_works_until_the_previous_key_is_unset(
    settings: Any, users: dict[str, User]
) -> None:
    settings.LAPAK_FIELD_KEY, settings.LAPAK_FIELD_KEY_PREVIOUS = OLD, ""
    token, secret = api_token_create(user=users["admin"], name="integrasi", scopes=[BUSINESSES_READ])
    _start_rotation(settings)
    assert token_for_secret(secret) == token
    settings.LAPAK_FIELD_KEY_PREVIOUS = ""
    assert token_for_secret(secret) is None
