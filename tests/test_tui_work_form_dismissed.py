"""A written-work form dismissed while it is still being mounted (Escape pressed at once on a loaded machine: the
screen goes, its fields are pruned before the form's own Mount is handled) has nothing to fill and must not
crash the app (it raised NoMatches looking for its first field)."""

from __future__ import annotations

import pytest
from test_tui_support import NEGO
from textual.app import App, ComposeResult

from simulator.content.loader import load_scenario_text
from simulator.tui.widgets.work_form import WorkForm
from simulator.written.forms import preparation_form


class FormApp(App[None]):
    def __init__(self, form: WorkForm) -> None:
        super().__init__()
        self.form = form

    def compose(self) -> ComposeResult:
        yield self.form


@pytest.mark.anyio
async def test_a_form_whose_fields_are_gone_fills_nothing_and_does_not_raise():
    form_spec = preparation_form(load_scenario_text(NEGO, "nego.yaml"))
    choice = next(f for f in form_spec.fields if f.options)  # a field its Mount fills (not a text)
    form = WorkForm(form_spec, {choice.name: choice.options[0].value})
    app = FormApp(form)
    async with app.run_test() as pilot:
        assert form.control_of(choice.name) is not None  # mounted whole, it found its fields
        await form.remove_children()
        await pilot.pause()
        form.on_mount()  # what a Mount handled after the prune does
        assert not form.query(".form-control")
