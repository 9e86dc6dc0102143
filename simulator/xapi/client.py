"""Talking to a Learning Record Store over HTTP (xAPI 1.0.3 statements resource), with the standard library.

``post`` sends a batch; an LRS that already holds a statement with the same id and content keeps one
copy (xAPI 1.0.3, 2.1.3), which is what makes resending safe. ``query`` follows ``more`` links.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

from ..errors import NegosimError
from .config import XapiConfig

VERSION_HEADER = {"X-Experience-API-Version": "1.0.3"}
TIMEOUT = 10.0


class LrsError(NegosimError):
    """The LRS could not be reached or refused; ``retry`` says whether trying later may succeed."""

    code = "lrs"

    def __init__(self, message: str, retry: bool, status: int | None = None):
        super().__init__(message)
        self.retry = retry
        self.status = status


class LrsClient:
    def __init__(self, config: XapiConfig, timeout: float = TIMEOUT):
        if not config.sends:
            raise LrsError("aucun LRS configuré (NEGOSIM_LRS_ENDPOINT ou « xapi.endpoint » des réglages)", retry=False)
        self.config = config
        self.timeout = timeout

    def _headers(self) -> dict[str, str]:
        headers = {**VERSION_HEADER, "Content-Type": "application/json"}
        if self.config.username:
            token = f"{self.config.username}:{self.config.password or ''}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
        return headers

    def _request(self, method: str, url: str, body: Any = None) -> Any:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        req = urllib.request.Request(url, data=data, method=method, headers=self._headers())
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - the configured LRS URL
                text = resp.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:300]
            # 401/403: credentials to fix, 429/5xx: the LRS is busy or down - both worth trying later;
            # other 4xx (invalid statement, conflicting id) will never succeed as they are
            retry = exc.code in (401, 403, 408, 429) or exc.code >= 500
            raise LrsError(f"le LRS a répondu {exc.code} : {detail}", retry=retry, status=exc.code) from None
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            raise LrsError(f"LRS injoignable ({reason})", retry=True) from None
        return json.loads(text) if text.strip() else None

    def post(self, statements: list[dict[str, Any]]) -> list[str]:
        """Store a batch; returns the ids the LRS reports (an already stored statement is not stored again)."""
        answer = self._request("POST", self.config.statements_url, statements)
        return list(answer) if isinstance(answer, list) else []

    def query(self, **params: str) -> Iterator[dict[str, Any]]:
        """Every statement matching ``params`` (xAPI query parameters: agent, activity, since, until...)."""
        url = self.config.statements_url + "?" + urllib.parse.urlencode(params)
        while url:
            page = self._request("GET", url) or {}
            yield from page.get("statements", [])
            more = page.get("more")
            url = urllib.parse.urljoin(url, more) if more else ""
