"""``negosim serve``: a real server on localhost answers with the page that opens the app in a tab."""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from test_tui_support import make_app, open_first_scenario

pytest_plugins = ["test_tui_support"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_localhost_only_by_default(home):
    port = free_port()
    negosim = Path(sys.executable).with_name("negosim")
    proc = subprocess.Popen([str(negosim), "serve", "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "NEGOSIM_HOME": str(home)})
    try:
        page = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as response:
                    page = response.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.1)
        assert page is not None, proc.stderr.read1().decode() if proc.poll() is not None else "no answer"
        assert "negosim" in page and f"ws://127.0.0.1:{port}/ws" in page
        # bound to the loopback: the listening socket is not on every interface
        bound = listening_addresses(port)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    if bound is None:
        pytest.skip("the page answered, but the listening address was not checked: no /proc/net/tcp here and "
                    "psutil is not installed")
    assert bound and all(ipaddress.ip_address(a).is_loopback for a in bound), f"listening on {sorted(bound)}"


def listening_addresses(port: int) -> set[str] | None:
    """The addresses a TCP socket listens on at ``port``: from /proc/net/tcp{,6} (Linux), else psutil; None if
    neither is available (the caller says so rather than passing in silence)."""
    found: set[str] = set()
    readable = False
    for table in ("tcp", "tcp6"):
        try:
            rows = Path("/proc/net", table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        readable = True
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            address, _, port_hex = local.partition(":")
            if state != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)  # 32-bit words in the host's byte order
            if sys.byteorder == "little":
                raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(str(ipaddress.ip_address(raw)))
    if readable:
        return found
    try:
        import psutil
    except ImportError:
        return None
    return {c.laddr.ip for c in psutil.net_connections("tcp") if c.status == psutil.CONN_LISTEN and c.laddr.port == port}


def test_listening_addresses_reads_the_kernel_table():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        bound = listening_addresses(port)
        if bound is None:
            pytest.skip("no /proc/net/tcp and no psutil: listening addresses cannot be read here")
        assert bound == {"127.0.0.1"}
    with socket.socket() as everywhere:
        everywhere.bind(("0.0.0.0", 0))
        everywhere.listen()
        bound = listening_addresses(everywhere.getsockname()[1])
        assert bound == {"0.0.0.0"} and not ipaddress.ip_address("0.0.0.0").is_loopback


def test_served_app_command_is_this_python_and_package():
    from simulator.cli.cmd_serve import app_command

    cmd = app_command("en", (Path("/tmp/mes scénarios"),), True)
    assert cmd[:3] == [sys.executable, "-m", "simulator.tui"]
    assert cmd[3:] == ["--lang", "en", "--scenarios", "/tmp/mes scénarios", "--ask-name"]


def fake_server(monkeypatch) -> dict:
    """Replace the classroom server by a recorder of how the command would start it."""
    started: dict = {}

    class FakeServer:
        def __init__(self, argv, **kwargs):
            started.update(kwargs, argv=argv)

        def serve(self):
            started["served"] = True

    monkeypatch.setattr("simulator.tui.serve.ClassroomServer", FakeServer)
    return started


def test_a_public_host_needs_learners_to_sign_in(home, monkeypatch, tmp_path):
    from click.testing import CliRunner

    import simulator.cli.cmd_serve as serve_module
    from simulator.cli.main import cli

    started = fake_server(monkeypatch)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 2 and "--roster" in result.output and not started
    roster = tmp_path / "classe.csv"
    roster.write_text("identifiant;nom;code\nines;Inès;K7Q-49P-XZ\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8123", "--roster", str(roster)])
    assert result.exit_code == 2 and "--public-url" in result.output and not started  # which address do pages use?
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8123", "--roster", str(roster),
                                      "--public-url", "http://salle-b12:8123"])
    assert result.exit_code == 0, result.output
    assert started["host"] == "0.0.0.0" and started["port"] == 8123 and started["served"]
    assert "--ask-name" not in started["argv"]  # the learner is known: no name to type
    assert started["class_dir"] == (home / "classe").resolve() and len(started["roster"]) == 1
    assert {"127.0.0.1", "localhost"} <= serve_module.LOCAL_HOSTS


def test_a_trusted_user_header_off_the_loopback_gets_a_warning(home, monkeypatch):
    from click.testing import CliRunner

    from simulator.cli.main import cli

    started = fake_server(monkeypatch)
    result = CliRunner().invoke(cli, ["serve", "--host", "10.0.0.5", "--user-header", "X-Remote-User"])
    assert result.exit_code == 0, result.output
    assert "X-Remote-User est cru tel quel" in result.output and started["user_header"] == "X-Remote-User"


@pytest.mark.anyio
async def test_each_tab_says_who_is_playing(home, scenario_dir, only_test_scenarios):
    from test_tui_support import journal_lines, journals

    app = make_app(extra_dirs=[scenario_dir], ask_learner=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # an empty name is refused
        await pilot.pause()
        assert "Tapez un nom" in str(app.screen.query_one("#learner-error").render())
        for ch in "Inès":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
        assert app.learner == "Inès"
        await open_first_scenario(pilot)
        await pilot.press("1")
        await pilot.pause()
    [journal] = journals(home)
    assert journal_lines(journal)[0]["learner"] == "Inès"
