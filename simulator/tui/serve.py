"""Serving the app to browser tabs (UI side of ``negosim serve``): one app process per tab, run by
:mod:`simulator.serve.server` (Origin check, learner sign-in, one data folder per learner)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.serve.roster import Roster


def start_server(argv: list[str], *, host: str, port: int, public_url: str | None, origins: tuple[str, ...] = (),
                 roster: Roster | None = None, user_header: str | None = None, class_dir: Path | None = None) -> None:
    """Run the classroom server until interrupted (imported here: only this command needs aiohttp)."""
    from simulator.serve.server import ClassroomServer

    ClassroomServer(argv, host=host, port=port, public_url=public_url, origins=origins, roster=roster,
                    user_header=user_header, class_dir=class_dir).serve()
