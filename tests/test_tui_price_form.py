"""The price form is a widget of its own: Enter (or « Proposer ») posts ``PriceProposed`` with the amount read
and the counterpart chosen, which any screen composing it handles with ``@on(PriceProposed, "#price-form")``;
an amount it cannot read, or an implausible one typed once, is refused under the field and nothing is posted."""

from __future__ import annotations

import pytest
from factories import MINIMAL_PRICE
from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Button, Select

from simulator.content.loader import load_scenario_text
from simulator.engine.price import plausible_range
from simulator.i18n import set_lang
from simulator.tui.widgets.moves import PriceForm, PriceProposed

pytestmark = pytest.mark.anyio

PRICE = load_scenario_text(MINIMAL_PRICE, "mini.yaml").spec.price


class FormApp(App[None]):
    """Only the form, as a screen composes it, and the messages it posts."""

    def __init__(self) -> None:
        super().__init__()
        self.proposed: list[tuple[object, str | None]] = []

    def compose(self) -> ComposeResult:
        assert PRICE is not None
        low, high = plausible_range(PRICE)
        yield PriceForm(PRICE, "fr", lambda amount: low <= amount <= high, classes="")

    @on(PriceProposed, "#price-form")
    def _proposed(self, event: PriceProposed) -> None:
        self.proposed.append((event.amount, event.counterpart))


@pytest.fixture(autouse=True)
def french():
    set_lang("fr")
    yield
    set_lang("fr")


def error_text(app: App) -> str:
    return str(app.query_one("#price-error").render()).replace("\u00a0", " ").replace("\u202f", " ")


async def type_amount(pilot, text: str) -> None:
    field = pilot.app.query_one("#price-input")
    field.value = text
    field.focus()
    await pilot.press("enter")
    await pilot.pause()


async def test_enter_posts_the_amount_read_and_the_counterpart_chosen():
    app = FormApp()
    async with app.run_test(size=(100, 12)) as pilot:
        form = app.query_one(PriceForm)
        select = app.query_one("#price-counterpart", Select)
        assert [str(prompt) for prompt, _ in select._options][1:] == ["1. Engagement 24 mois", "2. Paiement comptant"]
        await type_amount(pilot, "950 €")
        assert app.proposed == [(950, None)]
        select.value = "duree"
        await pilot.pause()
        assert form.typing  # a counterpart chosen: back to the amount, Enter proposes
        await type_amount(pilot, "1 250,50")  # French digits, as the scenario's language writes them
        assert app.proposed == [(950, None), (1250.5, "duree")]
        app.query_one("#price-submit", Button).press()  # « Proposer », as a click would
        await pilot.pause()
        assert app.proposed[-1] == (1250.5, "duree")


async def test_an_unreadable_or_empty_amount_is_refused_under_the_field_and_nothing_is_posted():
    app = FormApp()
    async with app.run_test(size=(100, 12)) as pilot:
        await type_amount(pilot, "1.2.3")
        assert "n'est pas un montant lisible" in error_text(app) and app.query_one("#price-error").has_class("error")
        await type_amount(pilot, "")
        assert "Tapez un montant" in error_text(app)
        assert app.proposed == [] and app.query_one(PriceForm).typing  # ready to correct


async def test_an_implausible_amount_is_sent_only_when_entered_a_second_time():
    app = FormApp()
    async with app.run_test(size=(100, 12)) as pilot:
        await type_amount(pilot, "99999999")
        assert "hors de toute plage plausible" in error_text(app) and "1 000 €" in error_text(app)
        assert app.proposed == []
        await type_amount(pilot, "99999999")
        assert app.proposed == [(99999999, None)]
        await type_amount(pilot, "99999999")  # confirmed once, not for ever
        assert app.proposed == [(99999999, None)]


async def test_the_form_speaks_english():
    set_lang("en")
    app = FormApp()
    async with app.run_test(size=(100, 12)) as pilot:
        await type_amount(pilot, "")
        assert "Type an amount" in error_text(app) and "Tapez" not in error_text(app)
