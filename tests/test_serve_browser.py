"""The classroom server in a real browser (Playwright driving Debian's chromium): sign-in with a roster code,
an offline French page with its title, favicon and keyboard focus, foreign origins refused, and each learner
alone with their own sessions and settings.

chromium is installed by .ci/run; where it is missing these tests fail and say so (they never skip)."""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright import sync_api  # in the test extra: a missing install fails here rather than skipping
from serve_support import ROSTER, launch_chromium, plain_text, start_serve, stop, wait_for

CLASS = ROSTER + "ana;Ana Costa;AN4-77B-KL\nbob;Bob Marin;BB2-90X-TT\n"
CODES = {"ines.m": "K7Q-49P-XZ", "leo": "ZZ8-1AA-QW", "ana": "AN4-77B-KL", "bob": "BB2-90X-TT"}


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    """A server with a roster of four learners; yields (base URL, class folder)."""
    home = tmp_path_factory.mktemp("serve-home")
    roster = home / "classe.csv"
    roster.write_text(CLASS, encoding="utf-8")
    proc, base = start_serve(home, "--roster", str(roster))
    yield base, home / "classe"
    stop(proc)


class Tab:
    """A browser tab on the server, with everything the app sent it as text, and every URL it requested."""

    def __init__(self, context, base: str):
        self.base = base
        self.page = context.new_page()
        self.frames: list[bytes] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._received))

    def _received(self, payload: bytes | str) -> None:
        self.frames.append(payload if isinstance(payload, bytes) else payload.encode("utf-8"))

    def sign_in(self, learner_id: str, code: str | None = None) -> None:
        self.page.goto(self.base + "/")
        self.page.fill("#identifiant", learner_id)
        self.page.fill("#code", code or CODES[learner_id])
        self.page.click("button[type=submit]")

    def shows(self, text: str, since: int = 0, timeout: float = 20.0) -> str:
        """Wait until the app has drawn ``text`` (in frames from index ``since``); returns the screen text."""
        deadline = time.monotonic() + timeout
        while True:
            screen = plain_text(self.frames[since:])
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never shown; last output: {screen[-800:]!r}")
            self.page.wait_for_timeout(50)  # lets Playwright deliver the frames (time.sleep would not)

    def settle(self, quiet: float = 0.4, limit: float = 10.0) -> None:
        """Wait until the app has stopped drawing (no frame for ``quiet`` s): a key sent while a screen is being
        rebuilt (after a language switch) may reach a widget that is about to be replaced."""
        deadline = time.monotonic() + limit
        count, since = len(self.frames), time.monotonic()
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
            if len(self.frames) != count:
                count, since = len(self.frames), time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    def press(self, key: str, then_shows: str) -> str:
        self.settle()
        mark = len(self.frames)
        self.page.keyboard.press(key)
        return self.shows(then_shows, since=mark, timeout=40.0)


def new_tab(browser, base: str) -> Tab:
    return Tab(browser.new_context(viewport={"width": 1000, "height": 700}), base)


def test_sign_in_page_is_french_focused_and_refuses_a_wrong_code(browser, classroom):
    base, _ = classroom
    tab = new_tab(browser, base)
    page = tab.page
    page.goto(base + "/")
    assert urlsplit(page.url).path == "/connexion"  # nobody signed in: the app is not reachable
    assert page.title() == "Connexion — negosim" and page.evaluate("document.documentElement.lang") == "fr"
    assert page.evaluate("document.activeElement.id") == "identifiant"  # typing goes straight to the form
    assert page.inner_text("label[for=identifiant]") == "Identifiant" and page.inner_text("button") == "Se connecter"
    tab.sign_in("leo", "pas-le-bon-code")
    assert urlsplit(page.url).path == "/connexion"
    assert page.inner_text("[role=alert]") == "Identifiant ou code incorrect."
    assert page.evaluate("document.activeElement.id") == "code"  # the identifiant is kept: retype the code
    tab.sign_in("leo", CODES["ines.m"])  # another learner's code does not open this account
    assert page.inner_text("[role=alert]") == "Identifiant ou code incorrect."
    assert not tab.frames
    page.context.close()


def test_app_page_is_offline_titled_and_takes_the_keyboard(browser, classroom):
    base, _ = classroom
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    foreign: list[str] = []

    def outside_only(route):  # any request that would leave the server is recorded and cut
        foreign.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(base), outside_only)
    tab = Tab(context, base)
    tab.sign_in("ines.m")
    tab.shows("Bibliothèque de scénarios")
    page = tab.page
    assert page.title() == "negosim — entraînement à la négociation commerciale"
    assert page.inner_text(".bar .who") == "Connecté(e)\u00a0: Inès Martin"
    icon = page.get_attribute("link[rel=icon]", "href")
    response = page.request.get(f"{base}/{icon}")
    assert response.ok and response.headers["content-type"] == "image/svg+xml"
    focused = wait_for(page, "document.activeElement.closest('#terminal') ? document.activeElement.tagName : ''")
    assert focused == "TEXTAREA"  # the terminal has the keyboard: no click needed before playing
    assert foreign == [] and all(url.startswith(base) for url in tab.requests), tab.requests
    assert any(url.endswith(".ttf") for url in tab.requests)  # the terminal font is served here, not fetched
    assert tab.errors == []  # nothing blocked by the page's Content-Security-Policy
    context.close()


def test_a_page_from_another_origin_cannot_drive_an_app(browser, tmp_path):
    """The issue's attack: another page open on the same machine (here another local port) opens the app's
    WebSocket. The server refuses it; its own page, in the same browser, still works."""
    proc, base = start_serve(tmp_path)  # no roster: the single-user mode the attack was made on
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>autre site</title>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{other.server_port}/index.html")
        probe = """url => new Promise(done => {
            const ws = new WebSocket(url);
            ws.onopen = () => { ws.send(JSON.stringify(["stdin", "q"])); done("ouverte"); };
            ws.onerror = () => done("refusée");
        })"""
        assert page.evaluate(probe, base.replace("http", "ws") + "/ws?width=80&height=24") == "refusée"
        page.goto(f"{base}/negosim/favicon.svg")  # a page of the server itself, in the same browser, may
        assert page.evaluate(probe, base.replace("http", "ws") + "/ws?width=80&height=24") == "ouverte"
        context.close()
    finally:
        other.shutdown()
        log = stop(proc)
    assert f"WebSocket refusé : origine 'http://127.0.0.1:{other.server_port}'" in log


@pytest.mark.slow  # three app processes in a browser: ~5 s on an idle 2-core machine
def test_each_learner_sees_only_their_own_sessions_and_settings(browser, classroom):
    base, class_dir = classroom
    ines = new_tab(browser, base)
    ines.sign_in("ines.m")
    ines.shows("Bibliothèque de scénarios")
    ines.press("Enter", "Fiche de préparation")  # the first scenario
    ines.page.keyboard.press("Enter")  # start the interview: its journal is written at once
    journals = _wait_for_files(class_dir / "ines.m" / "sessions", "*.jsonl")
    ines.settle()
    ines.page.keyboard.press("F2")  # Inès switches to English, in the middle of her interview
    _wait_for_setting(class_dir / "ines.m" / "settings.json", "lang", "en")
    header = json.loads(journals[0].read_text(encoding="utf-8").splitlines()[0])
    assert header["learner"] == "Inès Martin"
    played = header["scenario_title"][:15]  # the history table may cut a long title
    ines.page.context.close()

    leo = new_tab(browser, base)  # Léo's new tab: still French, and none of Inès's sessions
    leo.sign_in("leo")
    assert "Scenario library" not in leo.shows("Bibliothèque de scénarios")
    screen = leo.press("h", "Historique — Léo Dubois")
    assert "Aucune session pour l'instant" in leo.shows("Aucune session pour l'instant")
    assert "Inès" not in screen and "Inès" not in plain_text(leo.frames)
    assert not list((class_dir / "leo").glob("sessions/*.jsonl"))
    leo.page.context.close()

    again = new_tab(browser, base)  # Inès, in a new tab: her English, her session
    again.sign_in("ines.m")
    again.shows("Scenario library")
    mark = len(again.frames)
    again.page.keyboard.press("h")
    screen = again.shows("History — Inès Martin", since=mark)
    assert "No session yet" not in again.shows(played, since=mark)  # her session's row
    again.page.context.close()


def _wait_for_setting(path: Path, key: str, value: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if json.loads(path.read_text(encoding="utf-8")).get(key) == value:
                return
        except (OSError, ValueError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{path}: {key} never became {value!r}")
        time.sleep(0.05)


def _wait_for_files(folder: Path, pattern: str, timeout: float = 20.0) -> list[Path]:
    """Files matching ``pattern`` once each has at least one whole line written."""
    deadline = time.monotonic() + timeout
    while not (found := sorted(folder.glob(pattern))) or not all(b"\n" in path.read_bytes() for path in found):
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing matching {pattern} in {folder}")
        time.sleep(0.05)
    return found
