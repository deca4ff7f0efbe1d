from __future__ import annotations

import pytest

from lapak.core.crypto import decrypt_text, encrypt_text, keyed_hash


def test_it_round_trips_and_does_not_store_plain_text() -> None:
    token = encrypt_text("3578014507850001")
    assert "3578014507850001" not in token
    assert decrypt_text(token) == "3578014507850001"


def test_it_hashes_equal_niks_equally_and_depends_on_the_key(settings) -> None:
    first = keyed_hash("3578014507850001")
    assert first == keyed_hash("3578014507850001") != keyed_hash("3578014507850002")
    settings.LAPAK_FIELD_KEY = "another-key"
    assert keyed_hash("3578014507850001") != first


def test_it_refuses_to_decrypt_with_another_key(settings) -> None:
    token = encrypt_text("3578014507850001")
    settings.LAPAK_FIELD_KEY = "another-key"
    with pytest.raises(ValueError):
        decrypt_text(token)
