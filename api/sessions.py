"""The web app's sessions, CSRF tokens and sign-in throttle, all kept in this process's memory.

**The cookie.** Every browser gets one cookie, ``phakhee_session``: a random id
(``secrets.token_urlsafe(32)``) and its HMAC-SHA256 signature under the session secret
(``PHAKHEE_SESSION_SECRET``; unset, a random one per process, so a restart signs everyone out).
HttpOnly, SameSite=Lax, Path=/, and Secure when the browser spoke https (the request's own
scheme, or ``X-Forwarded-Proto`` when ``PHAKHEE_TRUST_PROXY`` says the proxy is trusted). A
cookie whose signature does not match is ignored: the visitor is anonymous.

**Signed in or not.** An id the server holds a ``Session`` for is signed in: the account's name,
its CSRF token (random), when it began and when it was last seen. It ends after 8 hours unused
or 7 days at most, at sign-out, or when the process ends. Any other id is a *pre-session*: the
anonymous visitor's, held nowhere, whose CSRF token is the id's HMAC under the secret — so the
sign-in form and every other form is protected before anyone signs in. Signing in always starts
a new id and drops the old one (a planted id never becomes a signed-in one); signing out drops
it and hands out a fresh pre-session.

**Why memory is enough now.** phakhee serves from one process (``phakhee serve``), so one dict
holds every session and every failure count, and losing them at a restart only asks people to
sign in again. Several processes would need both kept where all of them read: a sessions table
in the store (or Redis) with the same expiry, the throttle's counts beside it, and one
``PHAKHEE_SESSION_SECRET`` set for all.
"""

from __future__ import annotations

import base64
import collections
import dataclasses
import functools
import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response

from phakhee.api.settings import get_api_settings
from phakhee.graph.accounts import Account, accounts
from phakhee.graph.errors import NotFound

log = logging.getLogger(__name__)

COOKIE = "phakhee_session"
"""The one cookie that carries a browser's session or pre-session id, signed."""
IDLE_S = 8 * 3600
"""A session unused this long is over."""
MAX_S = 7 * 24 * 3600
"""A session is over this long after sign-in, however much it is used."""
CSRF_REFUSED = "the form's CSRF token is missing or wrong"
"""The detail of the 403 a form without its CSRF token gets (the error page says it in Thai)."""
_STATE = "phakhee_session_id"
"""Where a request keeps the id it answers with (``request.state``)."""
_FRESH = "phakhee_session_fresh"
"""Set on a request that handed out a new pre-session id, which its page must set as the cookie."""
_ACCOUNT = "phakhee_account"
"""Where a request keeps the account it is signed in as, once looked up."""


@functools.cache
def _process_secret() -> bytes:
    log.warning(
        "PHAKHEE_SESSION_SECRET is not set: sessions are signed with a random key of this process"
        " and end when it restarts"
    )
    return secrets.token_bytes(32)


def _secret() -> bytes:
    configured = get_api_settings().session_secret
    if configured is not None and configured.get_secret_value():
        return configured.get_secret_value().encode()
    return _process_secret()


def _mac(purpose: str, value: str) -> str:
    digest = hmac.new(_secret(), f"{purpose}:{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(session_id: str) -> str:
    """The cookie's value for ``session_id``: the id and its signature."""
    return f"{session_id}.{_mac('session', session_id)}"


def unsign(value: str | None) -> str | None:
    """The id in a cookie's ``value`` if its signature is right, else None (compared in constant
    time)."""
    if not value or len(value) > 200:
        return None
    session_id, _, mac = value.rpartition(".")
    if not session_id or not hmac.compare_digest(
        mac.encode(), _mac("session", session_id).encode()
    ):
        return None
    return session_id


@dataclass(frozen=True, slots=True)
class Session:
    """A signed-in browser: whose, its CSRF token, and when it began and was last seen (epoch s)."""

    id: str
    account: str
    csrf: str
    created: float
    seen: float


class Sessions:
    """The signed-in sessions of this process, by id, each ending ``idle_s`` after it was last
    seen or ``max_s`` after it began."""

    def __init__(
        self, clock: Callable[[], float] = time.time, idle_s: float = IDLE_S, max_s: float = MAX_S
    ) -> None:
        self.clock, self.idle_s, self.max_s = clock, idle_s, max_s
        self.live: dict[str, Session] = {}
        self._lock = threading.Lock()

    def start(self, account: str) -> Session:
        """A new session for ``account``, under a new random id."""
        now = self.clock()
        session = Session(secrets.token_urlsafe(32), account, secrets.token_urlsafe(32), now, now)
        with self._lock:
            self._sweep(now)
            self.live[session.id] = session
        return session

    def get(self, session_id: str | None) -> Session | None:
        """The live session of ``session_id``, now seen; None if there is none or it is over."""
        if not session_id:
            return None
        now = self.clock()
        with self._lock:
            session = self.live.get(session_id)
            if session is None:
                return None
            if self._over(session, now):
                del self.live[session_id]
                return None
            session = dataclasses.replace(session, seen=now)
            self.live[session_id] = session
            return session

    def end(self, session_id: str | None) -> None:
        """Forget ``session_id``'s session, if any."""
        with self._lock:
            self.live.pop(session_id or "", None)

    def _over(self, session: Session, now: float) -> bool:
        return now - session.seen > self.idle_s or now - session.created > self.max_s

    def _sweep(self, now: float) -> None:
        for session_id in [i for i, s in self.live.items() if self._over(s, now)]:
            del self.live[session_id]


SESSIONS = Sessions()
"""This process's sessions."""


def _cookie_id(request: Request) -> str | None:
    """The id the request answers with: the one it handed out already, else its cookie's."""
    if (known := getattr(request.state, _STATE, None)) is not None:
        return known
    return unsign(request.cookies.get(COOKIE))


def current(request: Request) -> Session | None:
    """The request's signed-in session; None for an anonymous visitor (no cookie, a forged one,
    a pre-session, or a session that is over)."""
    return SESSIONS.get(_cookie_id(request))


def account(request: Request) -> Account | None:
    """The account the request is signed in as; None for an anonymous visitor, and for a session
    whose account was removed since (which ends it). Looked up once per request."""
    if hasattr(request.state, _ACCOUNT):
        return getattr(request.state, _ACCOUNT)
    session, found = current(request), None
    if session is not None:
        try:
            found = accounts(request.app.state.store).get(session.account)
        except NotFound:
            SESSIONS.end(session.id)
    setattr(request.state, _ACCOUNT, found)
    return found


CurrentAccount = Annotated[Account | None, Depends(account)]
"""The account a page route's request is signed in as, or None (anonymous)."""


def csrf_token(request: Request) -> str:
    """The CSRF token the request's forms carry: its session's, or its pre-session's (a new
    pre-session is handed out, and set as the cookie by ``keep``, when it has neither)."""
    session = current(request)
    if session is not None:
        return session.csrf
    session_id = _cookie_id(request)
    if session_id is None:
        session_id = secrets.token_urlsafe(32)
        setattr(request.state, _STATE, session_id)
        setattr(request.state, _FRESH, True)
    return _mac("csrf", session_id)


def csrf_ok(request: Request, given: str | None) -> bool:
    """Whether ``given`` (a form's ``csrf`` field) is the request's CSRF token, compared in
    constant time; never for a request without a signed cookie."""
    if not given or _cookie_id(request) is None:
        return False
    return hmac.compare_digest(given.encode(), csrf_token(request).encode())


def is_https(request: Request) -> bool:
    """Whether the browser spoke https: the request's scheme, or, behind a trusted proxy, what
    its ``X-Forwarded-Proto`` says."""
    if request.url.scheme == "https":
        return True
    if get_api_settings().trust_proxy:
        forwarded = request.headers.get("x-forwarded-proto", "")
        return forwarded.split(",")[0].strip().lower() == "https"
    return False


def _set_cookie(request: Request, response: Response, session_id: str) -> None:
    response.set_cookie(
        COOKIE,
        sign(session_id),
        path="/",
        httponly=True,
        samesite="lax",
        secure=is_https(request),
    )


def keep(request: Request, response: Response) -> Response:
    """Set the pre-session the request handed out as ``response``'s cookie, if it did."""
    if getattr(request.state, _FRESH, False):
        _set_cookie(request, response, getattr(request.state, _STATE))
    return response


def sign_in(request: Request, response: Response, account: str) -> Session:
    """Start a session for ``account`` under a new id, set as ``response``'s cookie; the
    request's old session, if any, ends."""
    SESSIONS.end(_cookie_id(request))
    session = SESSIONS.start(account)
    _set_cookie(request, response, session.id)
    return session


def sign_out(request: Request, response: Response) -> None:
    """End the request's session and give ``response`` a fresh pre-session cookie."""
    SESSIONS.end(_cookie_id(request))
    _set_cookie(request, response, secrets.token_urlsafe(32))


class Throttle:
    """Failures per key within a sliding window: a key with ``limit`` of them in the last
    ``window_s`` seconds must wait until the oldest of those leaves the window."""

    def __init__(
        self,
        limit: int,
        window_s: float,
        clock: Callable[[], float] = time.monotonic,
        most_keys: int = 100_000,
    ) -> None:
        self.limit, self.window_s, self.clock, self.most_keys = limit, window_s, clock, most_keys
        self._failures: dict[str, collections.deque[float]] = {}
        self._lock = threading.Lock()

    def wait_s(self, key: str) -> float:
        """How long ``key`` must wait before it may try again (0: it may now)."""
        now = self.clock()
        with self._lock:
            failures = self._recent(key, now) if key in self._failures else ()
            if len(failures) < self.limit:
                return 0.0
            return failures[-self.limit] + self.window_s - now

    def failed(self, key: str) -> None:
        """Count a failure of ``key`` now."""
        now = self.clock()
        with self._lock:
            if key not in self._failures and len(self._failures) >= self.most_keys:
                self._sweep(now)
            self._recent(key, now).append(now)

    def reset(self, key: str) -> None:
        """Forget ``key``'s failures."""
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> collections.deque[float]:
        failures = self._failures.setdefault(key, collections.deque(maxlen=self.limit))
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        return failures

    def _sweep(self, now: float) -> None:
        """Drop the keys whose failures have all left the window; the oldest half if none has."""
        stale = [k for k, f in self._failures.items() if not f or f[-1] <= now - self.window_s]
        if not stale:
            by_age = sorted(self._failures, key=lambda k: self._failures[k][-1])
            stale = by_age[: len(by_age) // 2]
        for key in stale:
            del self._failures[key]


ACCOUNT_FAILURES, ADDRESS_FAILURES, FAILURE_WINDOW_S = 5, 20, 15 * 60
"""Sign-in is refused for a while after 5 failures for an account or 20 from an address within
15 minutes."""


class SignInThrottle:
    """The sign-in's two throttles: per account name (case-folded) and per client address."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.accounts = Throttle(ACCOUNT_FAILURES, FAILURE_WINDOW_S, clock)
        self.addresses = Throttle(ADDRESS_FAILURES, FAILURE_WINDOW_S, clock)

    def wait_s(self, name: str, address: str) -> int:
        """Whole seconds before ``name`` may try to sign in from ``address`` again (0: now)."""
        wait = max(self.accounts.wait_s(name.casefold()), self.addresses.wait_s(address))
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, name: str, address: str) -> None:
        self.accounts.failed(name.casefold())
        self.addresses.failed(address)

    def succeeded(self, name: str) -> None:
        """A right password resets the account's count (not the address's)."""
        self.accounts.reset(name.casefold())


SIGN_IN = SignInThrottle()
"""This process's sign-in throttle."""
