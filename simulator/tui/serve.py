"""The classroom web server: textual-serve's one-process-per-tab model, with an Origin check, learner
sign-in (roster codes or a trusted proxy header), one data folder per learner and an offline French page.

Each signed-in learner's app runs with ``NEGOSIM_HOME`` set to their own folder under the class folder, so
their sessions, history, reports and settings are theirs alone: no screen of the app can reach another's.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from ..content.typography import french
from ..serve.access import SessionSigner, Throttle, allowed_origins, origin_allowed
from ..serve.roster import Roster, valid_learner_id
from ..store.paths import data_dir

log = logging.getLogger("negosim.serve")

HERE = Path(__file__).resolve().parent.parent / "serve"  # the page: templates and static files
COOKIE = "negosim_session"
TEXTUAL_STATIC = Path(textual_serve.__file__).parent / "static"


@dataclass(frozen=True)
class Identity:
    """A signed-in learner: ``id`` names their data folder, ``name`` labels their sessions."""

    id: str
    name: str


class LearnerAppService(AppService):
    """textual-serve's app process, started with the learner's own data folder and name."""

    def __init__(self, *args: Any, extra_env: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.extra_env = extra_env

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        return {**super()._build_environment(width=width, height=height), **self.extra_env}


class ClassroomServer(Server):
    """``negosim serve``. Without a roster or a user header it serves one person on this machine (each tab asks a
    name, nothing is private); with either, every request must carry a signed-in learner."""

    def __init__(self, argv: list[str], *, host: str, port: int, public_url: str | None = None,
                 origins: tuple[str, ...] = (), roster: Roster | None = None, user_header: str | None = None,
                 class_dir: Path | None = None):
        super().__init__(shlex.join(argv), host=host, port=port, title="negosim",
                         public_url=public_url, statics_path=TEXTUAL_STATIC, templates_path=HERE / "templates")
        self.roster = roster
        self.user_header = user_header
        if class_dir is None and self.private:
            class_dir = data_dir() / "classe"
        self.class_dir = class_dir
        self.origins = allowed_origins(host, port, self.public_url, origins)
        self.signer = SessionSigner()
        self.throttle = Throttle()
        self.learner_of_service: dict[str, str] = {}  # app_service_id -> learner id, for downloads

    @property
    def private(self) -> bool:
        return self.roster is not None or self.user_header is not None

    # -- the aiohttp application
    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.security_headers])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.get("/connexion", self.handle_login_page, name="login"),
            web.post("/connexion", self.handle_login, name="login_post"),
            web.post("/deconnexion", self.handle_logout, name="logout"),
            web.get("/favicon.ico", self.handle_favicon),
            web.static("/static", self.statics_path, name="static"),
            web.static("/negosim", HERE / "static", name="negosim"),
        ])
        app.on_startup.append(self.on_startup)
        return app

    @web.middleware
    async def security_headers(self, request: web.Request, handler: Any) -> web.StreamResponse:
        response = await handler(request)
        # "same-origin", not "no-referrer": with no referrer chromium sends "Origin: null" on the sign-in form.
        # The page loads nothing from elsewhere; xterm.js adds <style> elements, hence 'unsafe-inline' for styles
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                    "connect-src 'self' ws: wss:; frame-ancestors 'none'; form-action 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    async def on_startup(self, app: web.Application) -> None:
        if self.roster is not None:
            how = f"connexion par code ({len(self.roster)} apprenants)"
        elif self.user_header:
            how = f"apprenant donné par le proxy (en-tête {self.user_header})"
        else:
            how = "sans connexion : un seul utilisateur, sur cette machine"
        self.console.print(f"negosim servi sur {self.public_url} — {how}. Ctrl+C pour arrêter.", highlight=False)

    # -- who is asking
    def identity(self, request: web.Request) -> Identity | None:
        """The signed-in learner of this request (None when nobody is, or in the open single-user mode)."""
        if self.user_header:
            value = request.headers.get(self.user_header, "").strip()
            return Identity(value, value) if valid_learner_id(value) else None
        if self.roster is not None:
            learner_id = self.signer.read(request.cookies.get(COOKIE))
            learner = self.roster.learners.get(learner_id.casefold()) if learner_id else None
            return Identity(learner.id, learner.name) if learner else None
        return None

    def refuse_anonymous(self) -> NoReturn:
        if self.roster is not None:
            raise web.HTTPSeeOther("connexion")
        raise web.HTTPForbidden(text=f"Accès refusé : le proxy n'a pas transmis d'apprenant reconnu "
                                     f"(en-tête {self.user_header}). Voyez votre formateur.")

    def learner_env(self, who: Identity) -> dict[str, str]:
        assert self.class_dir is not None  # set whenever learners sign in (private mode)
        home = self.class_dir / who.id
        home.mkdir(parents=True, exist_ok=True)
        return {"NEGOSIM_HOME": str(home), "NEGOSIM_LEARNER": who.name}

    # -- pages
    def page_context(self, request: web.Request) -> dict[str, Any]:
        path = str(request.app.router["websocket"].url_for())
        scheme = "wss" if self.public_url.startswith("https") else "ws"
        return {"font_size": to_int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": f"{scheme}:{self.public_url.split(':', 1)[1]}{path}"}

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        who = self.identity(request)
        if self.private and who is None:
            self.refuse_anonymous()
        context = {**self.page_context(request), "learner": who.name if who else None,
                   "can_logout": self.roster is not None}
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_login_page(self, request: web.Request, error: str | None = None, learner_id: str = "",
                                status: int = 200) -> web.StreamResponse:
        if self.roster is None:
            raise web.HTTPSeeOther("./")
        response = aiohttp_jinja2.render_template("login.html", request,
                                                  {"error": french(error) if error else None, "learner_id": learner_id})
        response.set_status(status)
        return response

    async def handle_login(self, request: web.Request) -> web.StreamResponse:
        if self.roster is None:
            raise web.HTTPSeeOther("./")
        if not origin_allowed(request.headers.get("Origin"), self.origins):
            raise web.HTTPForbidden(text="Origine refusée : connectez-vous depuis la page de negosim.")
        form = await request.post()
        learner_id, code = str(form.get("identifiant", "")).strip(), str(form.get("code", ""))
        known = learner_id.casefold() in self.roster.learners  # only real accounts are counted: bounded memory
        if known and self.throttle.blocked(learner_id):
            return await self.handle_login_page(request, "Trop d'essais pour cet identifiant : attendez une minute.",
                                                learner_id, status=429)
        learner = self.roster.check(learner_id, code)
        if learner is None:
            if known:
                self.throttle.failed(learner_id)
            await asyncio.sleep(0.5)  # slows guessing without a lock-out for the whole class
            return await self.handle_login_page(request, "Identifiant ou code incorrect.", learner_id, status=401)
        self.throttle.succeeded(learner_id)
        response = web.HTTPSeeOther("./")
        response.set_cookie(COOKIE, self.signer.issue(learner.id), max_age=self.signer.lifetime, httponly=True,
                            samesite="Strict", secure=self.public_url.startswith("https"), path="/")
        raise response

    async def handle_logout(self, request: web.Request) -> web.StreamResponse:
        if not origin_allowed(request.headers.get("Origin"), self.origins):
            raise web.HTTPForbidden(text="Origine refusée.")
        response = web.HTTPSeeOther("connexion" if self.roster is not None else "./")
        response.del_cookie(COOKIE, path="/")
        raise response

    async def handle_favicon(self, request: web.Request) -> web.StreamResponse:
        return web.FileResponse(HERE / "static" / "favicon.svg", headers={"Content-Type": "image/svg+xml"})

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        who = self.identity(request)
        if self.private:
            if who is None:
                self.refuse_anonymous()
            try:
                download = await self.download_manager.get_download_metadata(request.match_info["key"])
            except KeyError:
                raise web.HTTPNotFound(text="Ce téléchargement n'existe plus.") from None
            if self.learner_of_service.get(download.app_service.app_service_id) != who.id:
                raise web.HTTPNotFound(text="Ce téléchargement n'existe plus.")
        return await super().handle_download(request)

    # -- the app itself
    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        """Start this tab's app, after checking the page it comes from and who is signed in."""
        if not origin_allowed(request.headers.get("Origin"), self.origins):
            log.warning("WebSocket refusé : origine %r", request.headers.get("Origin"))
            raise web.HTTPForbidden(text="Origine refusée.")
        who = self.identity(request)
        if self.private and who is None:
            raise web.HTTPForbidden(text="Connexion requise.")
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: LearnerAppService | None = None
        try:
            await websocket.prepare(request)
            app_service = LearnerAppService(
                self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str, close=websocket.close,
                download_manager=self.download_manager, debug=self.debug,
                extra_env=self.learner_env(who) if who else {})
            if who:
                self.learner_of_service[app_service.app_service_id] = who.id
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # noqa: BLE001 - one tab's failure is logged, the server goes on
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
                self.learner_of_service.pop(app_service.app_service_id, None)
        return websocket


def start_server(argv: list[str], *, host: str, port: int, public_url: str | None, origins: tuple[str, ...] = (),
                 roster: Roster | None = None, user_header: str | None = None, class_dir: Path | None = None) -> None:
    """Run the classroom server until interrupted."""
    ClassroomServer(argv, host=host, port=port, public_url=public_url, origins=origins, roster=roster,
                    user_header=user_header, class_dir=class_dir).serve()
