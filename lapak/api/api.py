"""The versioned REST API, ``/api/v1/``: one NinjaAPI with the endpoint routers, the error shape, the
request id and the rate-limit headers on every answer, and the OpenAPI document (``openapi.json`` beside
this module, checked against the code by ``tests/test_schema.py``)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from .auth import SECURITY_SCHEMES, Access
from .endpoints import catalogue, opendata, partner, staff
from .errors import ApiError, error_response, install_handlers, request_id

SCHEMA_FILE = Path(__file__).with_name("openapi.json")
DESCRIPTION = """\
API Lapak untuk mitra marketplace, integrasi kantor dinas, dan publik.

* **Token**: `Authorization: Bearer <token>`. Kunci mitra (`lpk_…`) hanya menjangkau kanalnya sendiri;
  token staf (`lpt_…`) hanya data yang dapat dilihat penggunanya di aplikasi. Tanpa token: katalog publik
  dan data terbuka. Token dibuat di halaman *Token API* aplikasi (staf) atau oleh admin provinsi (mitra).
* **Galat**: `{"error": {"code", "message", "details": [{"field", "message", "index"}]}, "request_id"}`.
  401: token tidak ada atau tidak berlaku; 403: token tidak berhak (jenis atau cakupan); 404: data tidak
  ada **atau di luar jangkauan token**, sengaja tidak dibedakan agar keberadaannya tidak bocor.
* **Request id**: kirim `X-Request-Id` (huruf, angka, `._:-`, paling panjang 100) atau Lapak membuatnya;
  selalu dikembalikan di header `X-Request-Id` dan di badan jawaban.
* **Batas permintaan** per token (per alamat IP tanpa token), jendela tetap: lihat `x-rate-limit` di tiap
  operasi. Lewat batas: 429 dengan header `Retry-After` (detik). Header `X-RateLimit-Limit` dan
  `X-RateLimit-Remaining` di setiap jawaban.
* **Halaman**: cursor buram (`next_cursor`), urutan tetap menurut id: baris yang ditambahkan selama
  membaca tidak menggeser halaman berikutnya (tanpa duplikat, tanpa lompatan).
"""


class LapakOpenAPISchema(OpenAPISchema):
    """Ninja's document, with each operation's token kinds and scopes and its rate limits."""

    def operation_security(self, operation: Any) -> list[dict[str, list[str]]] | None:
        requirements: list[dict[str, list[str]]] = []
        for auth in operation.auth_callbacks:
            if isinstance(auth, Access):
                self.securitySchemes.update(SECURITY_SCHEMES)
                requirements.extend(auth.security_requirements())
        return requirements or None

    def operation_details(self, operation: Any) -> dict[str, Any]:
        details = super().operation_details(operation)
        for auth in operation.auth_callbacks:
            if isinstance(auth, Access):
                details["x-rate-limit"] = auth.rate_limit_description()
        return details


class LapakAPI(NinjaAPI):
    def create_response(
        self, request: HttpRequest, data: Any, *, status: int | None = None, temporal_response: Any = None
    ) -> HttpResponse:
        if isinstance(data, dict) and "request_id" in data:
            data = {**data, "request_id": request_id(request)}
        return super().create_response(request, data, status=status, temporal_response=temporal_response)

    def get_openapi_operation_id(self, operation: Any) -> str:
        return str(operation.view_func.__name__)  # unique across the routers (checked by the schema test)

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return LapakOpenAPISchema(self, path_prefix)

    def _get_urls(self) -> list[Any]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _tracked(pattern.callback)
        # Unknown paths under /api/v1/ answer in the API's own shape, not with an HTML page.
        return [*patterns, re_path(r"^.*$", _tracked(_unknown_path), name="unknown_path")]


def _unknown_path(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    message = _("Alamat API tidak dikenal. Dokumentasi: /api/v1/docs")
    return error_response(request, ApiError(404, "not_found", message))


def _tracked(view: Any) -> Any:
    """Give every answer its request id and rate-limit headers; a wrong method answers in JSON too."""

    @functools.wraps(view)
    def tracked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request_id(request)
        try:
            response = view(request, *args, **kwargs)
        except Http404:  # ninja's bare /api/v1/ root
            response = _unknown_path(request)
        if response.status_code == 405 and not isinstance(response, JsonResponse):
            allowed = response.get("Allow", "")
            message = _("Metode %(method)s tidak dipakai di alamat ini.") % {"method": request.method}
            response = error_response(
                request, ApiError(405, "method_not_allowed", message, headers={"Allow": allowed})
            )
        response["X-Request-Id"] = request_id(request)
        state = getattr(request, "rate_state", None)
        if state is not None:
            response["X-RateLimit-Limit"] = str(state.limit)
            response["X-RateLimit-Remaining"] = str(state.remaining)
        return response

    tracked.csrf_exempt = True  # type: ignore[attr-defined]  # tokens, not cookies: no CSRF
    return tracked


api = LapakAPI(
    title="Lapak API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_handlers(api)
for router in (catalogue.router, opendata.router, partner.router, staff.router):
    api.add_router("", router)


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document as the code describes it now."""
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))


def openapi_text() -> str:
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"
