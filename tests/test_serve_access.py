"""The classroom server's gatekeeping without a browser: the roster file, the origin rule, signed session
cookies, the brake on code guessing, and what each route answers to whom (aiohttp test client in-process)."""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import given, settings
from hypothesis import strategies as st
from serve_support import ROSTER, free_port

from simulator.serve.access import SessionSigner, Throttle, allowed_origins, normalise_origin, origin_allowed
from simulator.serve.roster import RosterError, load_roster
from simulator.tui.serve import COOKIE, ClassroomServer, Identity


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "classe.csv"
    path.write_text(text, encoding=encoding)
    return path


# -- roster
def test_roster_reads_a_spreadsheet_export(tmp_path):
    roster = load_roster(write(tmp_path, "\ufeff" + ROSTER))  # Excel's "CSV UTF-8" starts with a BOM
    assert len(roster) == 2 and roster.learners["ines.m"].name == "Inès Martin"
    comma = load_roster(write(tmp_path, "Identifiant,Code\nleo,ZZ8-1AA-QW\n"))
    assert comma.check("LEO", " ZZ8-1AA-QW ").name == "leo"  # no name column: the id labels the sessions


def test_a_code_opens_only_its_own_learner(tmp_path):
    roster = load_roster(write(tmp_path, ROSTER))
    assert roster.check("ines.m", "K7Q-49P-XZ").id == "ines.m"
    assert roster.check("leo", "K7Q-49P-XZ") is None  # Inès's code is not Léo's
    assert roster.check("ines.m", "k7q-49p-xz") is None and roster.check("personne", "K7Q-49P-XZ") is None


@pytest.mark.parametrize(("text", "where", "what"), [
    ("nom;mot\nInès;abcdefgh\n", ":1 ", "« identifiant » et « code »"),
    ("identifiant;code\n../ines;abcdefgh\n", ":2 ", "identifiant « ../ines » refusé"),
    ("identifiant;code\nines;abcdefgh\nINES;zyxwvuts\n", ":3 ", "déjà ligne 2"),
    ("identifiant;code\nines;abc\n", ":2 ", "au moins 6 caractères"),
    ("identifiant;code\n\n", " ", "aucun apprenant"),
    ("", ":1 ", "fichier vide"),
])
def test_a_bad_roster_says_where_and_what_to_do(tmp_path, text, where, what):
    path = write(tmp_path, text)
    with pytest.raises(RosterError) as error:
        load_roster(path)
    assert f"{path}{where}" in str(error.value) and what in str(error.value)


def test_a_roster_not_in_utf8_is_explained_on_the_command_line(tmp_path, home):
    from click.testing import CliRunner

    from simulator.cli.main import cli

    path = write(tmp_path, "identifiant;nom;code\nines;Inès Martin;K7Q-49P-XZ\n", encoding="cp1252")
    result = CliRunner().invoke(cli, ["serve", "--roster", str(path)])
    assert result.exit_code == 1 and "CSV UTF-8" in result.output and "Traceback" not in result.output


# -- origins
def test_origins_are_compared_as_scheme_host_and_port():
    allowed = allowed_origins("127.0.0.1", 8000, "http://127.0.0.1:8000", ("https://negosim.lycee.fr:443",))
    for ok in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000", "https://NEGOSIM.lycee.fr"):
        assert origin_allowed(ok, allowed), ok
    for refused in (None, "", "null", "http://127.0.0.1:8001", "https://127.0.0.1:8000", "http://evil.fr",
                    "http://negosim.lycee.fr", "file://", "http://127.0.0.1:8000.evil.fr"):
        assert not origin_allowed(refused, allowed), refused
    assert normalise_origin("https://example.org:443/page?x") == "https://example.org"


def test_a_public_host_allows_its_own_name_only():
    allowed = allowed_origins("0.0.0.0", 8000, "https://negosim.lycee.fr")
    assert allowed == {"http://0.0.0.0:8000", "https://negosim.lycee.fr"}


# -- session cookies
@settings(deadline=None)  # timing is not the property; a loaded machine must not fail it
@given(learner_id=st.text(min_size=1, max_size=64), position=st.integers(min_value=0), flip=st.integers(1, 255))
def test_a_session_cookie_is_read_back_only_untouched(learner_id, position, flip):
    signer = SessionSigner(b"k" * 32)
    token = signer.issue(learner_id)
    assert signer.read(token) == learner_id
    raw = bytearray(token.encode("ascii"))
    raw[position % len(raw)] ^= flip
    assert signer.read(raw.decode("latin-1")) is None  # any changed byte, even a non-ASCII one: refused, no crash


def test_a_session_cookie_expires_and_belongs_to_one_server_start():
    signer = SessionSigner(lifetime=60)
    token = signer.issue("ines.m", now=1000)
    assert signer.read(token, now=1059) == "ines.m" and signer.read(token, now=1061) is None
    assert SessionSigner().read(signer.issue("ines.m")) is None  # another start, another secret
    forged = base64.urlsafe_b64encode(b"leo").decode().rstrip("=") + token[token.index("."):]
    assert signer.read(forged, now=1000) is None  # someone else's id under this MAC


def test_throttle_stops_code_guessing_for_one_learner_only():
    throttle = Throttle(limit=3, window=600, pause=60)
    for now in (0, 1, 2):
        assert not throttle.blocked("ines", now=now)
        throttle.failed("ines", now=now)
    assert throttle.blocked("INES", now=3) and not throttle.blocked("leo", now=3)
    assert not throttle.blocked("ines", now=63)


# -- the routes, in-process
def run(coroutine):
    return asyncio.run(coroutine)


async def client(server: ClassroomServer) -> TestClient:
    test_client = TestClient(TestServer(await server._make_app(), host="127.0.0.1", port=server.port))
    await test_client.start_server()
    return test_client


def roster_server(tmp_path: Path) -> ClassroomServer:
    roster = load_roster(write(tmp_path, ROSTER.replace("Léo Dubois", "<b>Léo</b>")))
    return ClassroomServer(["true"], host="127.0.0.1", port=free_port(), roster=roster, class_dir=tmp_path / "classe")


def test_routes_need_a_signed_in_learner_and_the_right_origin(tmp_path):
    server = roster_server(tmp_path)
    origin = {"Origin": f"http://127.0.0.1:{server.port}"}

    async def scenario():
        web = await client(server)
        try:
            first = await web.get("/", allow_redirects=False)
            assert first.status == 303 and first.headers["Location"] == "connexion"
            assert (await web.get("/download/abc", allow_redirects=False)).status == 303
            login = {"identifiant": "leo", "code": "ZZ8-1AA-QW"}
            assert (await web.post("/connexion", data=login, allow_redirects=False)).status == 403  # no Origin
            foreign = {"Origin": "http://evil.example"}
            assert (await web.post("/connexion", data=login, headers=foreign, allow_redirects=False)).status == 403
            signed = await web.post("/connexion", data=login, headers=origin, allow_redirects=False)
            assert signed.status == 303 and COOKIE in signed.cookies
            page = await web.get("/")
            body = await page.text()
            assert page.status == 200 and "&lt;b&gt;Léo&lt;/b&gt;" in body and "<b>Léo</b>" not in body
            assert "googleapis" not in body and "Content-Security-Policy" in page.headers
            # signed in, but the WebSocket still needs this server's page as its origin
            refused = await web.get("/ws", headers={**foreign, "Connection": "Upgrade", "Upgrade": "websocket",
                                                    "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "x" * 24})
            assert refused.status == 403
            web.session.cookie_jar.clear()
            anonymous = await web.get("/ws", headers={**origin, "Connection": "Upgrade", "Upgrade": "websocket",
                                                      "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "x" * 24})
            assert anonymous.status == 403
        finally:
            await web.close()

    run(scenario())


def test_each_learner_gets_a_data_folder_of_their_own(tmp_path):
    server = roster_server(tmp_path)
    env = server.learner_env(Identity("ines.m", "Inès Martin"))
    assert env == {"NEGOSIM_HOME": str(tmp_path / "classe" / "ines.m"), "NEGOSIM_LEARNER": "Inès Martin"}
    assert Path(env["NEGOSIM_HOME"]).is_dir()


def test_the_proxy_header_names_the_learner_only_when_configured(tmp_path):
    trusting = ClassroomServer(["true"], host="127.0.0.1", port=free_port(), user_header="X-Remote-User",
                               class_dir=tmp_path / "classe")
    open_server = ClassroomServer(["true"], host="127.0.0.1", port=free_port())

    async def scenario():
        web = await client(trusting)
        try:
            missing = await web.get("/")
            assert missing.status == 403 and "X-Remote-User" in await missing.text()
            assert (await web.get("/", headers={"X-Remote-User": "../ines"})).status == 403
            named = await web.get("/", headers={"X-Remote-User": "ana"})
            assert named.status == 200 and "Connecté(e)&nbsp;: <strong>ana</strong>" in await named.text()
        finally:
            await web.close()
        web = await client(open_server)  # not configured: the header means nothing, nobody is named
        try:
            page = await web.get("/", headers={"X-Remote-User": "ana"})
            assert page.status == 200 and "Connecté(e)" not in await page.text()
        finally:
            await web.close()

    run(scenario())


def test_a_report_download_goes_only_to_the_learner_whose_app_made_it(tmp_path):
    """The debrief export reaches the browser through /download/KEY: another learner holding the key gets
    nothing (the request stops before the app is asked for a byte)."""
    server = roster_server(tmp_path)
    origin = {"Origin": f"http://127.0.0.1:{server.port}"}

    class InesApp:  # stands for Inès's running app; only its id is read before the ownership check
        app_service_id = "service-ines"

    async def scenario():
        await server.download_manager.create_download(app_service=InesApp(), delivery_key="cle-rapport",
                                                      file_name="rapport.html", open_method="download",
                                                      mime_type="text/html", encoding="utf-8")
        server.learner_of_service["service-ines"] = "ines.m"
        web = await client(server)
        try:
            await web.post("/connexion", data={"identifiant": "leo", "code": "ZZ8-1AA-QW"}, headers=origin)
            stolen = await web.get("/download/cle-rapport")
            assert stolen.status == 404 and "rapport" not in stolen.headers.get("Content-Disposition", "")
            assert (await web.get("/download/inconnue")).status == 404
        finally:
            await web.close()

    run(scenario())


def test_wrong_codes_lock_that_identifiant_only_for_a_while(tmp_path):
    server = roster_server(tmp_path)
    server.throttle = Throttle(limit=2, window=600, pause=60)
    origin = {"Origin": f"http://127.0.0.1:{server.port}"}

    async def scenario():
        web = await client(server)
        try:
            for _ in range(2):
                wrong = await web.post("/connexion", data={"identifiant": "leo", "code": "mauvais!"}, headers=origin)
                assert wrong.status == 401
            right = await web.post("/connexion", data={"identifiant": "leo", "code": "ZZ8-1AA-QW"}, headers=origin,
                                   allow_redirects=False)
            assert right.status == 429 and "essais pour cet identifiant" in await right.text()  # even the right code, for now
            other = await web.post("/connexion", data={"identifiant": "ines.m", "code": "K7Q-49P-XZ"}, headers=origin,
                                   allow_redirects=False)
            assert other.status == 303  # the rest of the class signs in as usual
            assert server.throttle.failures.keys() == {"leo"}
            await web.post("/connexion", data={"identifiant": f"x{'y' * 60}", "code": "mauvais!"}, headers=origin)
            assert server.throttle.failures.keys() == {"leo"}  # unknown ids are not remembered
        finally:
            await web.close()

    run(scenario())
