"""What the endpoint modules share: the documented answers, the paging parameters, the caller."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ..auth import Principal
from ..schemas import ErrorOut

MAX_ID = 2**63 - 1  # a path id beyond a 64-bit column is simply not found
PAGE_SIZE, MAX_PAGE_SIZE = 100, 500
CURSOR_DOC = "Cursor dari `next_cursor` halaman sebelumnya; kosongkan untuk halaman pertama."


def answers(ok: Any, *more: int) -> dict[int, Any]:
    """The operation's documented statuses: ``ok`` for 200, the error shape for the rest."""
    return {200: ok, **{code: ErrorOut for code in sorted({400, 401, 429, *more})}}


def principal(request: HttpRequest) -> Principal:
    caller = request.auth  # type: ignore[attr-defined]
    assert isinstance(caller, Principal)
    return caller
