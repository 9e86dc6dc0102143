"""Plain text by default: what comes from content, learners or errors is shown as typed, never read as markup.

Textual reads ``[...]`` as markup in notifications, Statics and option prompts: the exam set-up lost the
scenario ids it shows as ``Title [id]``, and a ``[/x]`` in an error message crashed the screen showing it.
Each widget that shows dynamic text gets ``[bold]``, ``[/x]`` and a bracketed id here.
"""

from __future__ import annotations

import pytest
from exam_support import EXAM_SCENARIO, KEY
from test_tui_support import make_app, plain, write_scenario

from simulator.exam.clock import ManualClock
from simulator.tui.exam import ExamApp

pytest_plugins = ["test_tui_support"]  # fixtures: anyio_backend, only_test_scenarios
pytestmark = pytest.mark.anyio

SIZE = (120, 40)
HOSTILE = "[bold]Gras[/x] [id-entre-crochets]"


def lines(widget) -> str:
    """The widget's own rendered lines, as a reader sees them."""
    from textual.geometry import Region

    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return plain("\n".join("".join(segment.text for segment in strip) for strip in strips))


async def test_notifications_are_plain_text_whoever_sends_them(home, only_test_scenarios):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.notify(HOSTILE)
        app.screen.notify(HOSTILE + " (screen)")  # a widget's notify passes markup=True by default
        await pilot.pause()
        sent = list(app._notifications)
        assert [n.message for n in sent] == [HOSTILE, HOSTILE + " (screen)"]
        assert not any(n.markup for n in sent)


async def test_the_error_modal_shows_brackets_in_title_body_and_hint(home, only_test_scenarios):
    from textual.widgets import Static

    from simulator.tui.screens.message import MessageScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(MessageScreen("Titre " + HOSTILE, "/chemin/[x]/scénario.yaml:3:1 " + HOSTILE, "[/] indice"))
        await pilot.pause()
        shown = "\n".join(lines(w) for w in app.screen.query(Static))
        assert "Titre [bold]Gras[/x] [id-entre-crochets]" in shown
        assert "/chemin/[x]/scénario.yaml:3:1 [bold]Gras[/x]" in shown
        assert "[/] indice" in shown


async def test_the_library_shows_a_bracketed_title_in_its_detail(home, tmp_path, only_test_scenarios):
    from simulator.content.typography import squash

    folder = tmp_path / "crochets"
    write_scenario(folder, EXAM_SCENARIO.replace('title: "Examen"', f'title: "{HOSTILE}"'))
    app = make_app(extra_dirs=[folder])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        detail = lines(app.screen.query_one("#detail"))
        assert "[bold]Gras[/x] [id-entre-crochets]" in squash(detail)


async def test_the_exam_set_up_keeps_the_bracketed_scenario_id(home, tmp_path):
    """Regression: the set-up listed scenarios as ``Title [id]`` and Textual swallowed ``[id]``."""
    from textual.widgets import Select, SelectionList

    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "examen.yaml").write_text(EXAM_SCENARIO.replace('title: "Examen"', 'title: "[bold]Examen[/x]"'),
                                        encoding="utf-8")
    app = ExamApp(lang="fr", key=KEY, clock=ManualClock(), extra_dirs=[folder], tick_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        select = app.screen.query_one("#scenario", Select)
        select.value = str(folder / "examen.yaml")
        await pilot.pause()
        assert "[bold]Examen[/x] [examen]" in lines(select.query_one("#label"))
        assert "[bold]Examen[/x] [examen]" in lines(app.screen.query_one("#pool", SelectionList))
