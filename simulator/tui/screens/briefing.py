"""The preparation sheet: what the learner knows before the interview (never the jury's part).

Shown full screen from the library (Enter starts the interview), or over the conversation when the
learner presses ``b`` (Escape goes back to it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from ...content.typography import localise, squash
from ...engine.price import format_money
from ...i18n import t
from ...i18n.labels import block_label, difficulty_stars, sector_label
from ..bindings import localise_bindings
from ..relabel import Relabels
from ..widgets.footer import Footer

if TYPE_CHECKING:
    from ...content.scenario import Scenario
    from ..app import NegosimApp


def briefing_sheet(scenario: Scenario, mode: str = "practice") -> Iterator[Widget]:
    """The briefing's sections (context, company, offer, contact, prices, notes, objective), as widgets: the
    briefing screen shows them full width, the preparation form beside the learner's sheet."""
    spec = scenario.spec
    lang = spec.language

    def text(value: str) -> str:
        return localise(squash(value), lang)

    def section(key: str, body: str) -> Iterator[Widget]:
        yield Static(t(key), classes="sheet-section", markup=False)
        yield Static(Text(body), classes="sheet-text", markup=False)

    yield Static(Text(text(spec.title), style="bold"), classes="sheet-title", markup=False)
    facts = [" + ".join(block_label(b) for b in spec.blocks), (spec.sector_label or sector_label(spec.sector)),
             t("library.level", stars=difficulty_stars(spec.difficulty)), t("minutes", n=spec.duration_minutes)]
    yield Static(Text(" · ".join(facts)), classes="sheet-text", markup=False)
    b = spec.briefing.learner
    yield from section("briefing.context", text(b.context))
    if b.company:
        yield from section("briefing.company", text(b.company))
    if b.offer:
        yield from section("briefing.offer", text(b.offer))
    client = spec.persona.client
    who = f"{client.name}, {client.role}" + (f" — {client.company}" if client.company else "")
    lines = [who]
    gate = spec.persona.gatekeeper
    if gate is not None:
        lines.append(t("briefing.gatekeeper", who=f"{gate.name}, {gate.role}"))
    yield from section("briefing.contact", "\n".join(text(line) for line in lines))  # one per line
    if spec.price is not None:
        p = spec.price

        def money(v: int) -> str:
            return format_money(v, p.currency, lang)

        prices = t("briefing.prices", list=money(p.list_price), target=money(p.target), floor=money(p.floor),
                   unit=p.unit)
        yield from section("briefing.price", prices)
        if p.counterparts:
            yield from section("briefing.counterparts", "\n".join("• " + text(c.label) for c in p.counterparts))
    if b.notes:
        yield from section("briefing.notes", "\n".join("• " + text(n) for n in b.notes))
    yield from section("briefing.objective", text(b.objective))
    yield Static(t("briefing.mode.exam" if mode == "exam" else "briefing.mode.practice"), classes="sheet-mode",
                 markup=False)


class BriefingScreen(Relabels, Screen):
    CSS_PATH = "../briefing.tcss"
    BINDINGS = [
        Binding("enter,s", "start", "start", id="negosim.start"),
        Binding("escape", "back", "back", id="negosim.back"),
    ]

    def __init__(self, scenario: Scenario, mode: str = "practice", in_play: bool = False):
        super().__init__(name="briefing")
        localise_bindings(self)
        self.scenario = scenario
        self.mode = mode
        self.in_play = in_play  # opened over a running conversation: Enter/Escape just close it

    def compose(self) -> ComposeResult:
        yield Static(t("briefing.title"), classes="title-bar", markup=False)
        with VerticalScroll(id="briefing-body"):
            yield from briefing_sheet(self.scenario, self.mode)
        yield Static(t(self.closing_hint), id="briefing-start", markup=False)
        yield Footer()

    @property
    def closing_hint(self) -> str:
        return "briefing.back_to_play" if self.in_play else "briefing.start"

    @property
    def napp(self) -> NegosimApp:
        return self.app  # type: ignore[return-value]  # the app running these screens is a NegosimApp

    def action_start(self) -> None:
        if self.in_play:
            self.app.pop_screen()
            return
        self.napp.start_play(self.scenario, replace=True, prepare=True)

    def action_back(self) -> None:
        self.app.pop_screen()



class BriefingOverlay(BriefingScreen):
    """The same sheet over a running conversation: any of Enter, Escape or b goes back to it."""

    BINDINGS = [
        Binding("enter,escape,b", "back", "back_to_play", id="negosim.back_to_play"),
    ]

    def __init__(self, scenario: Scenario, mode: str = "practice"):
        super().__init__(scenario, mode=mode, in_play=True)

    def action_start(self) -> None:
        self.app.pop_screen()


class OpeningBriefing(BriefingOverlay):
    """The sheet shown over a conversation that has not started yet (``negosim play SCENARIO``): closing it
    starts the interview, it is not a return to it."""

    BINDINGS = [
        Binding("enter,escape,b", "back", "begin_play", id="negosim.begin_play"),
    ]

    @property
    def closing_hint(self) -> str:
        return "briefing.begin"
