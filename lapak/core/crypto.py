"""Field-level protection of personal data: encryption at rest and a keyed hash for matching."""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@cache
def _fernet(key_material: str) -> Fernet:
    derived = hashlib.sha256(f"lapak-fernet:{key_material}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


@cache
def _hash_key(key_material: str) -> bytes:
    return hashlib.sha256(f"lapak-hmac:{key_material}".encode()).digest()


def encrypt_text(plain: str) -> str:
    """Encrypt a short secret (a NIK) for storage; empty stays empty."""
    if not plain:
        return ""
    return _fernet(settings.LAPAK_FIELD_KEY).encrypt(plain.encode()).decode()


def decrypt_text(token: str) -> str:
    """Decrypt a value written by ``encrypt_text``; raises ``ValueError`` if the key does not fit."""
    if not token:
        return ""
    try:
        return _fernet(settings.LAPAK_FIELD_KEY).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("field key does not match the stored value") from exc


def keyed_hash(plain: str) -> str:
    """HMAC-SHA256 of a normalised identifier, so equal NIKs can be matched without decrypting them."""
    if not plain:
        return ""
    return hmac.new(_hash_key(settings.LAPAK_FIELD_KEY), plain.encode(), hashlib.sha256).hexdigest()
