"""Opaque cursors for keyset pagination: the position after the last row a client has, signed so a
client cannot forge one, and bound to the list it came from (a cursor of one list is refused by another).

A page is "rows after the position, in a fixed order, up to the limit": rows inserted while a client
pages never shift what it has not read yet, so there are no duplicates and no gaps (unlike OFFSET).
"""

from __future__ import annotations

from typing import Any

from django.core import signing

SALT = "lapak.api.cursor"


class CursorInvalid(ValueError):
    pass


def cursor_dump(feed: str, position: dict[str, Any]) -> str:
    """An opaque, URL-safe cursor for ``position`` in the list ``feed``."""
    return signing.dumps({"f": feed, **position}, salt=SALT, compress=True)


def cursor_load(feed: str, cursor: str | None) -> dict[str, Any] | None:
    """The position a cursor of ``feed`` holds (``None`` for no cursor: the first page).

    Raises ``CursorInvalid`` for a cursor that was altered or belongs to another list.
    """
    if not cursor:
        return None
    try:
        position = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise CursorInvalid(cursor) from error
    if not isinstance(position, dict) or position.pop("f", None) != feed:
        raise CursorInvalid(cursor)
    return position


def position_int(position: dict[str, Any] | None, key: str, default: int = 0) -> int:
    """An integer of a loaded position (a signed cursor holds what we wrote, but check anyway)."""
    value = (position or {}).get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise CursorInvalid(key)
    return value
