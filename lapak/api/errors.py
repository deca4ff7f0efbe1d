"""One JSON shape for every error of the API, with an Indonesian message and the request id:

``{"error": {"code": "...", "message": "...", "details": [{"field", "message", "index"}]}, "request_id"}``

401 means no usable token; 403 a token that may not do this at all (wrong kind or scope); 404 a record
that does not exist *or* lies outside the token's reach: answering 403 there would tell a partner or an
operator of another kab/kota that the record exists.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from ninja.errors import AuthenticationError, HttpError, ValidationError

from lapak.channels.partner_api import PushRefused

from .cursors import CursorInvalid

logger = logging.getLogger(__name__)
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or []
        self.headers = headers or {}


def request_id(request: HttpRequest) -> str:
    """The client's ``X-Request-Id`` when it is a sane token, else a new one; the same for the whole
    request."""
    known = getattr(request, "request_id", None)
    if known is None:
        offered = request.headers.get("X-Request-Id", "")
        known = offered if REQUEST_ID.match(offered) else uuid.uuid4().hex
        request.request_id = known  # type: ignore[attr-defined]
    return known


def error_response(request: HttpRequest, error: ApiError) -> HttpResponse:
    body = {
        "error": {"code": error.code, "message": error.message, "details": error.details},
        "request_id": request_id(request),
    }
    response = JsonResponse(body, status=error.status, json_dumps_params={"ensure_ascii": False})
    for name, value in error.headers.items():
        response[name] = value
    return response


def unauthenticated(message: str | None = None) -> ApiError:
    return ApiError(
        401,
        "unauthenticated",
        message or _("Token tidak ada, tidak sah, kedaluwarsa atau sudah dicabut."),
        headers={"WWW-Authenticate": 'Bearer realm="lapak"'},
    )


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Data tidak ditemukan atau di luar jangkauan token Anda."))


def install_handlers(api: Any) -> None:
    """Route every exception an operation can raise to the one JSON error shape."""
    handlers: dict[type[Exception], Any] = {
        ApiError: lambda request, error: error,
        AuthenticationError: lambda request, error: unauthenticated(),
        ValidationError: lambda request, error: ApiError(
            400,
            "invalid",
            _("Permintaan tidak sah; lihat rinciannya."),
            details=_all_problems(request, error),
        ),
        PushRefused: lambda request, error: ApiError(
            400, "refused", error.message, details=[vars(p) for p in error.problems]
        ),
        CursorInvalid: lambda request, error: ApiError(
            400, "invalid_cursor", _("Cursor tidak sah; mulai lagi dari halaman pertama tanpa cursor.")
        ),
        HttpError: _http_error,
        Http404: lambda request, error: not_found(),
        PermissionDenied: lambda request, error: ApiError(
            403, "forbidden", _("Token Anda tidak berhak melakukan ini.")
        ),
        Exception: _server_error,
    }
    for exception, to_error in handlers.items():
        api.add_exception_handler(exception, _handler(to_error))


def _handler(to_error: Any) -> Any:
    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(request, to_error(request, exc))

    return handle


def _http_error(request: HttpRequest, error: HttpError) -> ApiError:
    if error.status_code == 400:  # ninja's only one: a body that is not JSON
        return ApiError(400, "invalid_json", _("Isi permintaan bukan JSON yang sah."))
    return ApiError(error.status_code, "error", str(error))


def _server_error(request: HttpRequest, error: Exception) -> ApiError:
    logger.exception("API error (request %s)", request_id(request), exc_info=error)
    return ApiError(500, "server_error", _("Terjadi galat di server. Sebutkan request_id ini saat melapor."))


# Pydantic's error types in Indonesian; the context (limits, choices) is filled in.
MESSAGES = {
    "missing": N_("Wajib diisi."),
    "int_parsing": N_("Harus bilangan bulat."),
    "int_type": N_("Harus bilangan bulat."),
    "int_from_float": N_("Harus bilangan bulat."),
    "greater_than": N_("Harus lebih dari %(gt)s."),
    "greater_than_equal": N_("Paling kecil %(ge)s."),
    "less_than": N_("Harus kurang dari %(lt)s."),
    "less_than_equal": N_("Paling besar %(le)s."),
    "string_type": N_("Harus teks."),
    "string_too_short": N_("Paling pendek %(min_length)s karakter."),
    "string_too_long": N_("Paling panjang %(max_length)s karakter."),
    "string_pattern_mismatch": N_("Formatnya tidak sesuai."),
    "too_short": N_("Paling sedikit %(min_length)s item."),
    "too_long": N_("Paling banyak %(max_length)s item."),
    "list_type": N_("Harus daftar (array) JSON."),
    "dict_type": N_("Harus objek JSON."),
    "model_type": N_("Harus objek JSON."),
    "model_attributes_type": N_("Harus objek JSON."),
    "bool_parsing": N_("Harus true atau false."),
    "bool_type": N_("Harus true atau false."),
    "datetime_parsing": N_("Waktu harus ISO 8601, misalnya 2026-11-20T10:15:00+07:00."),
    "datetime_type": N_("Waktu harus ISO 8601, misalnya 2026-11-20T10:15:00+07:00."),
    "datetime_from_date_parsing": N_("Waktu harus ISO 8601, misalnya 2026-11-20T10:15:00+07:00."),
    "timezone_aware": N_("Waktu harus memakai zona waktu, misalnya +07:00."),
    "literal_error": N_("Pilih salah satu: %(expected)s."),
    "enum": N_("Pilih salah satu: %(expected)s."),
    "extra_forbidden": N_("Kolom ini tidak dikenal."),
}


# Operations (by URL name) whose body has more rules than its schema: their checker reports, beside the
# schema's problems, what only the database knows (an unknown shop, a listing of another channel), so a
# partner gets every problem of a push in one answer.
MORE_PROBLEMS: dict[str, Callable[[HttpRequest], list[dict[str, Any]]]] = {}


def _all_problems(request: HttpRequest, error: ValidationError) -> list[dict[str, Any]]:
    problems = validation_details(error)
    match = getattr(request, "resolver_match", None)
    checker = MORE_PROBLEMS.get(match.url_name if match else "")
    if checker is not None:
        seen = {(p["index"], p["field"]) for p in problems}
        problems += [p for p in checker(request) if (p["index"], p["field"]) not in seen]
    return problems


def validation_details(error: ValidationError) -> list[dict[str, Any]]:
    """Ninja's validation errors as ``{"field", "message", "index"}``; ``index`` is the position of the
    item in a pushed list (``orders``, ``listings``), ``field`` the path inside it."""
    details = []
    for problem in error.errors:
        location = list(problem.get("loc", ()))
        source = location.pop(0) if location else ""
        if source == "body" and location:
            location.pop(0)  # the handler's parameter name
        index = None
        if len(location) >= 2 and isinstance(location[0], str) and isinstance(location[1], int):
            index = location[1]
            location = location[2:]
        details.append({"field": _field_path(location), "message": _message(problem), "index": index})
    return details


def _field_path(location: list[Any]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _message(problem: dict[str, Any]) -> str:
    template = MESSAGES.get(problem.get("type", ""))
    if template is None:
        message = str(problem.get("msg", ""))
        # Our own validators raise ValueError with a message already in the user's language.
        return (
            message.removeprefix("Value error, ")
            if problem.get("type") == "value_error"
            else _("Nilainya tidak sah.")
        )
    context = {key: str(value) for key, value in (problem.get("ctx") or {}).items()}
    try:
        return _(template) % context if "%(" in template else _(template)
    except KeyError:
        return _("Nilainya tidak sah.")
