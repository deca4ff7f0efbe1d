"""Field-level protection of personal data: encryption at rest and a keyed hash for matching."""

import base64
import hashlib
import hmac
import os
from collections.abc import Iterable
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings


@cache
def _fernet(key_material: str) -> Fernet:
    derived = hashlib.sha256(f"lapak-fernet:{key_material}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


@cache
def _aesgcm(key_material: str) -> AESGCM:
    return AESGCM(hashlib.sha256(f"lapak-aesgcm:{key_material}".encode()).digest())


# AES-GCM tokens carry this prefix; older tokens are Fernet (they start with "gAAAA").
_GCM_PREFIX = "g2:"
_NONCE_BYTES = 12


@cache
def _hash_key(key_material: str) -> bytes:
    return hashlib.sha256(f"lapak-hmac:{key_material}".encode()).digest()


def encrypt_text(plain: str) -> str:
    """Encrypt a short secret (a NIK) for storage; empty stays empty."""
    if not plain:
        return ""
    return encrypt_many([plain])[0]


def encrypt_many(plains: Iterable[str]) -> list[str]:
    """Encrypt many short secrets at once (AES-256-GCM, a random nonce each); empty values stay empty.

    About 2 microseconds a value, so a million-row import can afford it (Fernet took 16).
    """
    values = list(plains)
    cipher = _aesgcm(settings.LAPAK_FIELD_KEY)
    nonces = os.urandom(_NONCE_BYTES * len(values))  # one system call for the whole list
    tokens = []
    for index, plain in enumerate(values):
        if not plain:
            tokens.append("")
            continue
        tokens.append(_sealed(cipher, nonces[index * _NONCE_BYTES : (index + 1) * _NONCE_BYTES], plain))
    return tokens


def _sealed(cipher: AESGCM, nonce: bytes, plain: str) -> str:
    """The stored form of one value: prefix, then nonce and ciphertext in URL-safe base64."""
    sealed = nonce + cipher.encrypt(nonce, plain.encode(), None)
    return _GCM_PREFIX + base64.urlsafe_b64encode(sealed).decode()


def field_keys() -> tuple[str, ...]:
    """The current field key, then the previous one while a rotation is under way (``field_key_rotate``)."""
    previous = settings.LAPAK_FIELD_KEY_PREVIOUS
    if previous and previous != settings.LAPAK_FIELD_KEY:
        return settings.LAPAK_FIELD_KEY, previous
    return (settings.LAPAK_FIELD_KEY,)


def decrypt_text(token: str) -> str:
    """Decrypt a value written by ``encrypt_text``; raises ``ValueError`` if neither field key fits."""
    return decrypt_with_key_age(token)[0]


def decrypt_with_key_age(token: str) -> tuple[str, bool]:
    """The plain text and whether it needed the previous key (the value is due for re-encryption)."""
    if not token:
        return "", False
    for index, key_material in enumerate(field_keys()):
        try:
            return _decrypt(token, key_material), index > 0
        except ValueError:
            continue
    raise ValueError("field key does not match the stored value")


def _decrypt(token: str, key_material: str) -> str:
    if token.startswith(_GCM_PREFIX):
        sealed = base64.urlsafe_b64decode(token[len(_GCM_PREFIX) :])
        try:
            nonce, ciphertext = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
            plain = _aesgcm(key_material).decrypt(nonce, ciphertext, None)
        except InvalidTag as exc:
            raise ValueError("field key does not match the stored value") from exc
        return plain.decode()
    try:
        return _fernet(key_material).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("field key does not match the stored value") from exc


@cache
def _rotation_nonce_key(key_material: str) -> bytes:
    return hashlib.sha256(f"lapak-rotation-nonce:{key_material}".encode()).digest()


def reencrypt(token: str, plain: str) -> str:
    """``plain`` (read from ``token``) encrypted under the current key, for a key rotation.

    The nonce is derived from the token it replaces, so equal old tokens become equal new tokens in every
    table and on every run: a merged business shares its NIK token with its source record, and undoing
    the merge compares the two (``ingest.services._restore_fields``). Equal old tokens hold equal plain
    text, so a nonce never repeats with a different plain text under one key.
    """
    if not plain:
        return ""
    key_material = settings.LAPAK_FIELD_KEY
    derived = hmac.new(_rotation_nonce_key(key_material), token.encode(), hashlib.sha256).digest()
    return _sealed(_aesgcm(key_material), derived[:_NONCE_BYTES], plain)


def keyed_hash_pads() -> tuple[bytes, bytes]:
    """The HMAC inner and outer padded keys, so SQL can compute ``keyed_hash`` set-based.

    HMAC(k, m) = SHA256(opad || SHA256(ipad || m)); DuckDB has SHA-256 but no HMAC.
    """
    key = _hash_key(settings.LAPAK_FIELD_KEY).ljust(64, b"\0")
    return bytes(byte ^ 0x36 for byte in key), bytes(byte ^ 0x5C for byte in key)


def keyed_hash(plain: str) -> str:
    """HMAC-SHA256 of a normalised identifier, so equal NIKs can be matched without decrypting them."""
    if not plain:
        return ""
    return _keyed_hash(settings.LAPAK_FIELD_KEY, plain)


def _keyed_hash(key_material: str, plain: str) -> str:
    return hmac.new(_hash_key(key_material), plain.encode(), hashlib.sha256).hexdigest()


def keyed_hash_candidates(plain: str) -> list[str]:
    """The keyed hashes a stored value may carry: under the current key, and the previous one in a rotation.

    For looking up a secret that is not stored (API token, partner key, recovery code): its hash cannot
    be recomputed by the rotation, so it keeps matching through the previous key until it is reissued.
    Stored NIKs need no such lookup: the rotation recomputes their hashes.
    """
    if not plain:
        return []
    return [_keyed_hash(key_material, plain) for key_material in field_keys()]
