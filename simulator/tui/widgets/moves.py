"""What the learner does in a conversation, as messages: the answer widgets post them, the screen handles
them with ``@on(MoveChosen)``, ``@on(PriceProposed, "#price-form")``... and no widget calls the screen.

:class:`PriceForm` reads the amount (``simulator.learner_input``) and refuses, under the field, one that is not
a number or, once, one outside any plausible range (a second Enter sends it): what it posts is always a price
the learner meant. Whether the conversation accepts a price at all is the screen's to say (it shows the form)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Select, Static

from ...engine.price import Amount, format_money
from ...i18n import get_lang, t
from ...learner_input import InputProblem, parse_amount

if TYPE_CHECKING:
    from ...content.spec import Price

NO_COUNTERPART = "-"


class MoveChosen(Message):
    """The learner picked an answer from the list (by its choice id)."""

    def __init__(self, choice: str) -> None:
        super().__init__()
        self.choice = choice


class FreeTextSubmitted(Message):
    """The learner typed their own line (free-text mode); ``input`` is the line, to clear once understood."""

    def __init__(self, line: Input, text: str) -> None:
        super().__init__()
        self.input = line
        self.text = text


class FreeTextInput(Input):
    """The free-text line: Enter posts :class:`FreeTextSubmitted` with what was typed."""

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(FreeTextSubmitted(self, event.value))


class PriceProposed(Message):
    """The learner proposed a price: the amount as read, and the counterpart asked for (its id) or None."""

    def __init__(self, form: PriceForm, amount: Amount, counterpart: str | None) -> None:
        super().__init__()
        self.form = form
        self.amount = amount
        self.counterpart = counterpart

    @property
    def control(self) -> PriceForm:
        """The form that posted it, so a screen can handle it with ``@on(PriceProposed, "#price-form")``."""
        return self.form


class PriceForm(Vertical):
    """The price line: amount, counterpart, « Proposer »; Enter or the button posts :class:`PriceProposed`.

    ``plausible`` says whether an amount is one a negotiator could mean (the session's range); ``text``
    localises the scenario's words (its unit and counterparts) as the screen shows them."""

    def __init__(self, price: Price | None, content_lang: str, plausible: Callable[[Amount], bool],
                 text: Callable[[str], str] = str, *, id: str = "price-form", classes: str = "hidden") -> None:
        super().__init__(id=id, classes=classes)
        self.price = price
        self.content_lang = content_lang
        self.plausible = plausible
        self.text = text
        self._confirmed: Amount | None = None  # an implausible amount typed once, awaiting a second Enter

    def compose(self) -> ComposeResult:
        with Horizontal(id="price-row"):
            yield Static(t("price.label"), id="price-label", markup=False)
            unit = self.price.unit if self.price is not None else ""
            yield Input(placeholder=t("price.placeholder", unit=self.text(unit)), id="price-input")
            yield Select([(t("price.no_counterpart"), NO_COUNTERPART)], value=NO_COUNTERPART, allow_blank=False,
                         compact=True, id="price-counterpart")
            yield Button(t("price.submit"), id="price-submit", compact=True)
        yield Static("", id="price-error", markup=False)

    def on_mount(self) -> None:
        if self.price is None:
            return
        select: Select[str] = self.query_one("#price-counterpart", Select)
        options = [(t("price.no_counterpart"), NO_COUNTERPART)]
        options += [(f"{i}. {self.text(c.label)}", c.id) for i, c in enumerate(self.price.counterparts, 1)]
        select.set_options(options)
        select.value = NO_COUNTERPART

    @property
    def amount_input(self) -> Input:
        return self.query_one("#price-input", Input)

    @property
    def typing(self) -> bool:
        """Whether the learner is in the amount field (the screen then leaves the focus there)."""
        return self.amount_input.has_focus

    def focus_amount(self) -> None:
        self.amount_input.focus()

    def show_help(self) -> None:
        """The form shown afresh: how to use it, in place of an earlier refusal."""
        error = self.query_one("#price-error", Static)
        error.update(t("price.how"))
        error.remove_class("error")

    def clear(self) -> None:
        self.amount_input.value = ""

    def submit(self) -> None:
        """Read the form: post :class:`PriceProposed`, or say under the field why nothing was sent."""
        raw = self.amount_input.value.strip()
        try:
            amount = parse_amount(raw, self.content_lang)
        except InputProblem as problem:
            self.refuse(t("price.empty") if not raw else problem.message(get_lang()))
            return
        if not self.plausible(amount) and self._confirmed != amount:
            # an absurd figure is sent only when the learner submits it a second time
            self._confirmed = amount
            currency, listed = (self.price.currency, self.price.list_price) if self.price is not None else ("EUR", 0)
            self.refuse(t("price.implausible", amount=format_money(amount, currency, get_lang()),
                          list=format_money(listed, currency, get_lang())))
            return
        self._confirmed = None
        self.query_one("#price-error", Static).remove_class("error")
        value = self.query_one("#price-counterpart", Select).value
        counterpart = value if isinstance(value, str) and value != NO_COUNTERPART else None
        self.post_message(PriceProposed(self, amount, counterpart))

    def refuse(self, message: str) -> None:
        """Say under the field why the amount was not sent, and leave the field ready to correct."""
        error = self.query_one("#price-error", Static)
        error.update(Text(message, style="bold"))
        error.add_class("error")
        self.focus_amount()

    @on(Input.Submitted, "#price-input")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Button.Pressed, "#price-submit")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    @on(Select.Changed, "#price-counterpart")
    def _counterpart_chosen(self, event: Select.Changed) -> None:
        event.stop()
        if self.display and not self.has_class("hidden"):
            self.focus_amount()  # counterpart chosen: back to the amount, Enter proposes
