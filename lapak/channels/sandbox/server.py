"""A threaded HTTP server on loopback that plays one marketplace, with a queue of faults to inject.

``with SandboxServer(TiktokPlatform(...)) as server:`` gives ``server.url``; ``server.inject(Fault.…)``
makes the next calls fail; ``server.platform`` holds what was created (products, orders) so tests can
check that nothing was lost or made twice.
"""

import html
import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

AUTHORIZE_PATHS = frozenset(
    {"/authorize", "/open/authorize", "/oauth/authorize", "/api/v2/shop/auth_partner"}
)
SANDBOX_SHOP_ID = "7788"


class Fault(StrEnum):
    TIMEOUT = "timeout"  # no answer in time, nothing done
    SLOW_SUCCESS = "slow_success"  # the work is done, but the answer comes too late
    THROTTLE = "throttle"  # HTTP 429 with Retry-After
    SERVER_ERROR = "server_error"  # HTTP 500 with an HTML page
    UNAVAILABLE = "unavailable"  # HTTP 503
    MALFORMED = "malformed"  # HTTP 200 with a cut-off JSON body
    EXPIRED_TOKEN = "expired_token"  # the platform's own expired-token error
    PARTIAL = "partial"  # a batch update where some rows fail


@dataclass
class SandboxRequest:
    method: str
    path: str
    query: dict[str, str]
    body: bytes
    headers: dict[str, str]

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode(), keep_blank_values=True))

    def json(self) -> dict:
        return json.loads(self.body or b"{}")


@dataclass
class SandboxAnswer:
    status: int
    body: dict | str
    headers: dict[str, str] = field(default_factory=dict)


class Platform:
    """One marketplace's rules; subclasses verify signatures, route calls and shape errors."""

    def __init__(self, *, app_key: str, app_secret: str, access_token: str) -> None:
        self.app_key = app_key
        self.app_secret = app_secret
        self.access_token = access_token
        self.products: dict[str, dict] = {}
        self.orders: list[dict] = []
        self.lock = threading.Lock()
        self.partial_next = False
        self.codes: set[str] = set()
        self.refresh_token = ""
        self._serial = itertools.count(1)

    def new_code(self) -> str:
        """A one-time authorisation code, as the consent page hands out."""
        with self.lock:
            code = f"code-{next(self._serial)}"
            self.codes.add(code)
        return code

    def grant(self, *, code: str = "", refresh_token: str = "") -> tuple[str, str] | None:
        """New (access, refresh) tokens for a valid unused code or the current refresh token; the old
        access token stops working, as on the real platforms."""
        with self.lock:
            if code and code in self.codes:
                self.codes.discard(code)
            elif not (refresh_token and refresh_token == self.refresh_token):
                return None
            serial = next(self._serial)
            self.access_token, self.refresh_token = f"access-{serial}", f"refresh-{serial}"
            return self.access_token, self.refresh_token

    def token(self, request: SandboxRequest) -> SandboxAnswer | None:
        """Answer a token call, or None when ``request`` is not one."""
        return None

    def verify(self, request: SandboxRequest) -> SandboxAnswer | None:
        raise NotImplementedError

    def route(self, request: SandboxRequest) -> SandboxAnswer:
        raise NotImplementedError

    def error(self, kind: str, message: str) -> SandboxAnswer:
        raise NotImplementedError

    def add_order(self, order: dict) -> None:
        with self.lock:
            self.orders.append(order)


class SandboxServer:
    """Serve ``platform`` on 127.0.0.1 (a free port) in a background thread."""

    def __init__(self, platform: Platform, *, retry_after_s: int = 1, slow_s: float = 1.5) -> None:
        self.platform = platform
        self.retry_after_s = retry_after_s
        self.slow_s = slow_s
        self.faults: deque[Fault] = deque()
        self.calls: list[tuple[str, str, str]] = []  # (method, path, outcome)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def inject(self, *faults: Fault) -> None:
        self.faults.extend(faults)

    def __enter__(self) -> "SandboxServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def handle(self, request: SandboxRequest) -> SandboxAnswer:
        fault = self.faults.popleft() if self.faults else None
        # Recorded on arrival, so that calls overlapping a slow one keep their order.
        self.calls.append((request.method, request.path, fault.value if fault else "ok"))
        return self._answer(request, fault)

    def _answer(self, request: SandboxRequest, fault: Fault | None) -> SandboxAnswer:
        if fault is Fault.TIMEOUT:
            time.sleep(self.slow_s)
            return SandboxAnswer(504, "<html>gateway timeout</html>")
        if fault is Fault.THROTTLE:
            return SandboxAnswer(
                429, {"message": "Too many requests"}, {"Retry-After": str(self.retry_after_s)}
            )
        if fault is Fault.SERVER_ERROR:
            return SandboxAnswer(500, "<html><body>Internal Server Error</body></html>")
        if fault is Fault.UNAVAILABLE:
            return SandboxAnswer(503, "<html><body>Service Unavailable</body></html>")
        if fault is Fault.EXPIRED_TOKEN:
            return self.platform.error("expired_token", "access token expired")
        if request.path in AUTHORIZE_PATHS:
            return self._consent_page(request)
        tokens = self.platform.token(request)
        if tokens is not None:
            return tokens
        refused = self.platform.verify(request)
        if refused is not None:
            return refused
        if fault is Fault.PARTIAL:
            self.platform.partial_next = True
        answer = self.platform.route(request)
        if fault is Fault.SLOW_SUCCESS:
            time.sleep(self.slow_s)
        if fault is Fault.MALFORMED:
            text = json.dumps(answer.body)
            return SandboxAnswer(200, text[: len(text) // 2])
        return answer

    def _consent_page(self, request: SandboxRequest) -> SandboxAnswer:
        """The platform's "allow this app" page: a button back to Lapak with a one-time code."""
        back = request.query.get("redirect_uri") or request.query.get("redirect", "")
        code = self.platform.new_code()
        params = {"code": code, "shop_id": SANDBOX_SHOP_ID}
        if "state" in request.query:
            params["state"] = request.query["state"]
        target = back + ("&" if "?" in back else "?") + urlencode(params)
        page = (
            "<!doctype html><html lang=id><meta charset=utf-8><title>Sandbox</title>"
            f"<h1>{html.escape(type(self.platform).__name__)}</h1>"
            "<p>Lapak meminta izin mengelola toko Anda.</p>"
            f'<a id="allow" href="{html.escape(target)}">Izinkan</a></html>'
        )
        return SandboxAnswer(200, page)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        sandbox = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = SandboxRequest(
                    method=self.command,
                    path=parts.path,
                    query=dict(parse_qsl(parts.query, keep_blank_values=True)),
                    body=self.rfile.read(length) if length else b"",
                    headers={key.lower(): value for key, value in self.headers.items()},
                )
                answer = sandbox.handle(request)
                payload = answer.body if isinstance(answer.body, str) else json.dumps(answer.body)
                data = payload.encode()
                try:
                    self.send_response(answer.status)
                    kind = "application/json" if isinstance(answer.body, dict) else "text/html"
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(data)))
                    for key, value in answer.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout fault)

            do_GET = _serve
            do_POST = _serve

            def log_message(self, format: str, *args: object) -> None:
                return

        return Handler
