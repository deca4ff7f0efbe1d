from __future__ import annotations

import pytest

from lapak.core.crypto import (
    decrypt_text,
    decrypt_with_key_age,
    encrypt_text,
    keyed_hash,
    keyed_hash_candidates,
    reencrypt,
)


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


def test_it_reads_a_value_under_the_previous_key_during_a_rotation(settings) -> None:
    settings.LAPAK_FIELD_KEY = "old-key"
    old_token = encrypt_text("3578014507850001")
    settings.LAPAK_FIELD_KEY, settings.LAPAK_FIELD_KEY_PREVIOUS = "new-key", "old-key"
    new_token = encrypt_text("3578014507850001")
    assert decrypt_with_key_age(old_token) == ("3578014507850001", True)
    assert decrypt_with_key_age(new_token) == ("3578014507850001", False)
    settings.LAPAK_FIELD_KEY_PREVIOUS = ""
    with pytest.raises(ValueError):
        decrypt_text(old_token)


def test_it_matches_a_secret_hashed_under_either_key_during_a_rotation(settings) -> None:
    settings.LAPAK_FIELD_KEY = "old-key"
    old_hash = keyed_hash("lpt_secret")
    settings.LAPAK_FIELD_KEY, settings.LAPAK_FIELD_KEY_PREVIOUS = "new-key", "old-key"
    assert keyed_hash_candidates("lpt_secret") == [keyed_hash("lpt_secret"), old_hash]
    settings.LAPAK_FIELD_KEY_PREVIOUS = ""
    assert keyed_hash_candidates("lpt_secret") == [keyed_hash("lpt_secret")]


def test_reencrypting_keeps_equal_tokens_equal_and_different_ones_different(settings) -> None:
    settings.LAPAK_FIELD_KEY = "old-key"
    first, second = encrypt_text("3578014507850001"), encrypt_text("3578014507850001")
    settings.LAPAK_FIELD_KEY = "new-key"
    assert reencrypt(first, "3578014507850001") == reencrypt(first, "3578014507850001")
    assert reencrypt(first, "3578014507850001") != reencrypt(second, "3578014507850001")
    assert decrypt_text(reencrypt(first, "3578014507850001")) == "3578014507850001"
