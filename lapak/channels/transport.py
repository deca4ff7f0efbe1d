"""Calling a marketplace API: fresh signature each attempt, retries with backoff and jitter, a call log.

What is retried, as the platforms fail in practice: timeouts and dropped connections, HTTP 429 (waiting
what ``Retry-After`` asks), 5xx, a body that is not JSON (a proxy's error page), and the platforms' own
"too many calls" and "service degraded" codes. What is not: a refused signature, a bad parameter, an
expired token (the caller refreshes it and calls again). The per-call log never holds query strings,
headers or bodies, so no token or signature reaches it.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx2
import stamina
from django.utils.translation import gettext as _

DEFAULT_ATTEMPTS = 5
DEFAULT_DEADLINE_S = 60.0
MAX_RETRY_AFTER_S = 120.0


class ChannelError(Exception):
    """A call the channel refused or could not answer."""

    retryable = False

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        status: int | None = None,
        request_id: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.request_id = request_id
        self.retry_after = retry_after


class Unavailable(ChannelError):
    """Timeout, connection lost, 5xx or an unreadable answer: trying again later may work."""

    retryable = True


class Unconfirmed(Unavailable):
    """A call that changes something failed in a way that leaves open whether the channel did it.

    Not retried blindly (that could list a product twice): the adapter looks first, then calls again.
    """

    retryable = False


class Throttled(Unavailable):
    """Too many calls (HTTP 429 or the platform's own code); ``retry_after`` seconds when it said."""


class TokenExpired(ChannelError):
    """The shop's access token is no longer accepted: refresh it, then call again."""


class Rejected(ChannelError):
    """The channel refused the request itself (signature, parameters, rules): retrying will not help."""


@dataclass(frozen=True)
class CallRecord:
    """One attempt, as the call log keeps it: no query string, header or body."""

    channel: str
    method: str
    path: str
    attempt: int
    status: int | None
    duration_ms: int
    outcome: str  # "ok" or the error class name
    code: str = ""
    request_id: str = ""


CallLog = Callable[[CallRecord], None]


@dataclass
class Endpoint:
    """What an adapter supplies for one call: how to build a freshly signed request and read the answer."""

    channel: str
    method: str
    path: str
    build: Callable[[], httpx2.Request]
    interpret: Callable[[httpx2.Response, dict], dict]
    log: CallLog | None = None
    # False for calls that create something and carry no idempotency key: only failures that prove the
    # request was not acted on (429, connection refused) are retried; others raise ``Unconfirmed``.
    idempotent: bool = True


def retry_wait(error: Exception) -> bool | float:
    """stamina's backoff hook: retry transient errors, waiting what a 429 asked for when it said."""
    if isinstance(error, ChannelError) and error.retryable:
        if error.retry_after is not None:
            return min(max(error.retry_after, 0.0), MAX_RETRY_AFTER_S)
        return True
    return False


def call(
    client: httpx2.Client,
    endpoint: Endpoint,
    *,
    attempts: int = DEFAULT_ATTEMPTS,
    deadline_s: float = DEFAULT_DEADLINE_S,
) -> dict:
    """Send the request until it succeeds, a non-transient error comes back, or attempts/deadline run out.

    The request is rebuilt (and so re-signed with a fresh timestamp) for every attempt.
    """
    number = 0
    for attempt in stamina.retry_context(
        on=retry_wait, attempts=attempts, timeout=deadline_s, wait_initial=0.5, wait_max=30.0, wait_jitter=1.0
    ):
        with attempt:
            number += 1
            try:
                return _attempt(client, endpoint, number)
            except Unavailable as error:
                if endpoint.idempotent or isinstance(error, Throttled) or error.code == "refused":
                    raise
                raise Unconfirmed(error.message, code=error.code, status=error.status) from error
    raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover


def _attempt(client: httpx2.Client, endpoint: Endpoint, number: int) -> dict:
    started = time.monotonic()
    status: int | None = None
    try:
        response = client.send(endpoint.build())
        status = response.status_code
        body = _json_body(response)
        result = endpoint.interpret(response, body)
    except httpx2.TimeoutException as error:
        _log(endpoint, number, started, status, Unavailable("timeout", code="timeout"))
        raise Unavailable(_("Kanal tidak menjawab tepat waktu."), code="timeout") from error
    except httpx2.ConnectError as error:
        _log(endpoint, number, started, status, Unavailable("refused", code="refused"))
        raise Unavailable(_("Kanal tidak dapat dihubungi."), code="refused") from error
    except httpx2.TransportError as error:
        _log(endpoint, number, started, status, Unavailable("network", code="network"))
        raise Unavailable(_("Sambungan ke kanal terputus."), code="network") from error
    except ChannelError as error:
        _log(endpoint, number, started, status, error)
        raise
    _log(endpoint, number, started, status, None)
    return result


def _json_body(response: httpx2.Response) -> dict:
    """The answer as JSON; status-only failures are classified before a non-JSON body is an error."""
    status = response.status_code
    if status == 429:
        raise Throttled(
            _("Terlalu banyak permintaan ke kanal."),
            code="429",
            status=status,
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
        )
    try:
        body = response.json()
    except ValueError:
        if status >= 500:
            raise Unavailable(
                _("Kanal sedang gangguan (HTTP %(status)s).") % {"status": status},
                code=str(status),
                status=status,
            ) from None
        raise Unavailable(_("Jawaban kanal tidak dapat dibaca."), code="malformed", status=status) from None
    if status >= 500:
        raise Unavailable(
            _("Kanal sedang gangguan (HTTP %(status)s).") % {"status": status},
            code=str(status),
            status=status,
        )
    if not isinstance(body, dict):
        raise Unavailable(_("Jawaban kanal tidak dapat dibaca."), code="malformed", status=status)
    return body


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds (the platforms send seconds; an HTTP date is read too)."""
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def _log(
    endpoint: Endpoint, number: int, started: float, status: int | None, error: ChannelError | None
) -> None:
    if endpoint.log is None:
        return
    endpoint.log(
        CallRecord(
            channel=endpoint.channel,
            method=endpoint.method,
            path=endpoint.path,
            attempt=number,
            status=status,
            duration_ms=int((time.monotonic() - started) * 1000),
            outcome="ok" if error is None else type(error).__name__,
            code="" if error is None else error.code,
            request_id="" if error is None else error.request_id,
        )
    )
