"""Who may drive an app: the page's origin, the learner's signed session cookie, a brake on code guessing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import time
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def normalise_origin(url: str) -> str | None:
    """``scheme://host[:port]`` in lower case without the scheme's default port; None if not an http(s) origin."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is None or port == DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_origins(host: str, port: int, public_url: str, extra: tuple[str, ...] = ()) -> set[str]:
    """The pages allowed to open a learner's app: the served address, its public (proxy) address, the
    loopback names when serving on the loopback, and the origins the trainer lists (``--origin``)."""
    served = f"[{host}]" if ":" in host else host
    candidates = [f"http://{served}:{port}", public_url, *extra]
    if is_loopback(host):
        candidates += [f"http://{name}:{port}" for name in LOOPBACK_NAMES]
    return {origin for origin in map(normalise_origin, candidates) if origin}


def origin_allowed(origin: str | None, allowed: set[str]) -> bool:
    """A browser always sends Origin with a WebSocket or a form; a missing or foreign one is refused."""
    return bool(origin) and normalise_origin(origin or "") in allowed


class SessionSigner:
    """Signed, expiring session cookies (HMAC-SHA256 with a secret drawn at server start)."""

    def __init__(self, secret: bytes | None = None, lifetime: int = 12 * 3600):
        self.secret = secret or secrets.token_bytes(32)
        self.lifetime = lifetime

    def _mac(self, payload: str) -> str:
        return hmac.new(self.secret, payload.encode("ascii"), hashlib.sha256).hexdigest()

    def issue(self, learner_id: str, now: float | None = None) -> str:
        expires = int((now if now is not None else time.time()) + self.lifetime)
        ident = base64.urlsafe_b64encode(learner_id.encode("utf-8")).decode("ascii").rstrip("=")
        payload = f"{ident}.{expires}"
        return f"{payload}.{self._mac(payload)}"

    def read(self, token: str | None, now: float | None = None) -> str | None:
        """The learner id in a genuine, unexpired token, else None."""
        if not token or not token.isascii() or token.count(".") != 2:  # a browser may send any bytes
            return None
        ident, expires, mac = token.split(".")
        if not hmac.compare_digest(mac, self._mac(f"{ident}.{expires}")):
            return None
        if not expires.isdecimal() or int(expires) < (now if now is not None else time.time()):
            return None
        try:
            return base64.urlsafe_b64decode(ident + "=" * (-len(ident) % 4)).decode("utf-8")
        except ValueError:
            return None


class Throttle:
    """After ``limit`` wrong codes for one identifiant within ``window`` seconds, refuse it for ``pause`` seconds."""

    def __init__(self, limit: int = 5, window: float = 600.0, pause: float = 60.0):
        self.limit, self.window, self.pause = limit, window, pause
        self.failures: dict[str, list[float]] = {}

    def blocked(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        recent = [t for t in self.failures.get(key.casefold(), []) if now - t < self.window]
        self.failures[key.casefold()] = recent
        return len(recent) >= self.limit and now - recent[-1] < self.pause

    def failed(self, key: str, now: float | None = None) -> None:
        self.failures.setdefault(key.casefold(), []).append(time.monotonic() if now is None else now)

    def succeeded(self, key: str) -> None:
        self.failures.pop(key.casefold(), None)
