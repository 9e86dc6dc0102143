"""Snapshots: the one error modal every screen uses (title, message, hint, code)."""

from __future__ import annotations

from test_tui_support import make_app

pytest_plugins = ["test_tui_support"]


def test_error_modal_for_a_scenario_that_does_not_load(snap_compare, only_test_scenarios):
    """A content error: each diagnostic as file:line:col, the hint, the error's code; [brackets] shown as typed."""
    from simulator.content.diagnostics import ContentError, Diagnostic

    async def run_before(pilot):
        pilot.app.show_error(ContentError([
            Diagnostic("NS101", "error", "état inconnu « transfer » [next]", "scenarios/[x]/appel.yaml", 12, 11, "",
                       "vouliez-vous dire 'transfert' ?"),
            Diagnostic("NS204", "error", "condition jamais vraie : patience > 12", "scenarios/[x]/appel.yaml", 30, 9)]))
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(90, 24), run_before=run_before)
