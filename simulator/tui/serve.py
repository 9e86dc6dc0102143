"""Serving the app to browser tabs with textual-serve: one process per tab (UI side of ``negosim serve``)."""

from __future__ import annotations


def start_server(command: str, *, host: str, port: int, public_url: str | None) -> None:
    """Run textual-serve until interrupted; each tab runs ``command`` in its own process."""
    from textual_serve.server import Server  # imported here: only this command needs it

    Server(command, host=host, port=port, title="negosim", public_url=public_url).serve()
