"""The conversation: transcript, client card, phase, open objections, choices and the price input.

Every move goes through ``RecordedSession.step``, which returns only once the input is on disk; the
client's reply is put on screen after that, so what the learner has seen is always resumable.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...content.typography import localise, squash
from ...engine.price import format_money
from ...engine.session import ChoiceInput, EngineError, PriceInput, Turn
from ...engine.session import Input as EngineInput
from ...errors import NegosimError
from ...i18n import get_lang, nt, section, t
from ...i18n.labels import outcome_label
from ...scoring.cues import cues, hint_lines, session_hint
from ..bindings import localise_bindings, localise_select_menus
from ..relabel import Relabels
from ..widgets.footer import Footer
from ..widgets.moves import MoveChosen, PriceForm, PriceProposed
from ..widgets.transcript import Entry, Palette, Transcript

if TYPE_CHECKING:
    from ...engine.session import ClientLine
    from ...store.recorder import RecordedSession
    from ..app import NegosimApp

def _phases_width(phases: list[str], labels: dict[str, str]) -> int:
    return sum(len(labels.get(p, p)) for p in phases) + 3 * max(0, len(phases) - 1) + 1 + 8  # marker, ellipses


class ChoiceList(OptionList):
    """The learner's possible answers; Enter posts :class:`MoveChosen`, digits are handled by the screen."""

    BINDINGS = [Binding("enter", "select", "choose", show=False, id="negosim.choose")]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        localise_bindings(self)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(MoveChosen(event.option.id))


class PlayScreen(Relabels, Screen):
    CSS_PATH = "../play.tcss"
    redraw_on_theme = True  # the transcript is drawn with the theme's colours
    menu_hidden = False  # free text: the answers are shown only when the learner's line is unclear
    BINDINGS = [
        *[Binding(str(n), f"choose({n})", "choose_n", show=n == 1, key_display="1-9" if n == 1 else None,
                  id=f"negosim.choose_{n}") for n in range(1, 10)],
        Binding("p", "price", "price", id="negosim.price"),
        Binding("i", "hint", "hint", id="negosim.hint"),
        Binding("ctrl+z,u", "undo", "undo", id="negosim.undo"),
        Binding("b", "briefing", "briefing", id="negosim.briefing"),
        Binding("d", "debrief", "debrief", id="negosim.debrief"),
        Binding("escape", "leave", "leave", id="negosim.leave"),
    ]

    def __init__(self, rec: RecordedSession, mode: str = "practice", resumed: bool = False):
        super().__init__(name="play")
        localise_bindings(self)
        self.rec = rec
        self.mode = mode
        self.resumed = resumed
        self.reply_times: list[float] = []  # key-to-reply timings, read by the benchmark
        self._shown: dict[str, str] = {}  # what each side panel shows (see _set); emptied when recomposed

    # -- helpers
    @property
    def napp(self) -> NegosimApp:
        return self.app  # type: ignore[return-value]  # the app running these screens is a NegosimApp

    @property
    def practice(self) -> bool:
        return self.mode != "exam"

    @property
    def scenario(self):
        return self.rec.session.scenario

    @property
    def content_lang(self) -> str:
        return self.scenario.spec.language

    def text(self, value: str) -> str:
        return localise(squash(value), self.content_lang)

    def speaker_name(self, speaker: str) -> str:
        persona = self.scenario.spec.persona
        who = persona.gatekeeper if speaker == "gatekeeper" and persona.gatekeeper else persona.client
        return who.name

    # -- layout
    def compose_title(self) -> ComposeResult:
        """The title bar (the live preview has its own)."""
        mode = t("mode.exam") if self.mode == "exam" else t("mode.practice")
        yield Static(Text.assemble((self.text(self.scenario.title), "bold"), "  ·  ", mode), classes="title-bar",
                     id="play-title", markup=False)

    def compose_above_choices(self) -> ComposeResult:
        """Panels between the conversation and the answers (the live preview's status)."""
        yield from ()

    def compose_below_choices(self) -> ComposeResult:
        """What comes after the list of answers (the free-text line)."""
        yield from ()

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        yield Static("", id="phases", markup=False)
        with Horizontal(id="play-main"):
            yield Transcript(id="transcript")
            with VerticalScroll(id="side"):
                yield Static("", id="card-who", markup=False)
                yield Static("", id="card-cues", markup=False)
                yield Static("", id="card-price", markup=False)
                yield Static("", id="card-objections", markup=False)
        yield from self.compose_above_choices()
        yield ChoiceList(id="choices", classes="hidden" if self.menu_hidden else "")
        yield from self.compose_below_choices()
        # the session is read when the form is used: the live preview swaps it on each reload
        yield PriceForm(self.scenario.spec.price, self.content_lang, lambda amount: self.rec.session.plausible(amount),
                        self.text)
        yield Static("", id="ended-bar", classes="hidden", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        localise_select_menus(self)
        self._shown: dict[str, str] = {}
        self._bindings_state = None
        transcript = self.query_one(Transcript)
        theme = self.app.current_theme
        transcript.palette = Palette(client=theme.primary, gatekeeper=theme.secondary or theme.primary,
                                     learner=theme.accent or theme.primary)
        session = self.rec.session
        entries = [Entry("event", t("play.start_tip"))]
        if self.resumed:
            entries.append(Entry("event", nt("play.resumed", len(session.turns))))
        entries += self._reply_entries(session.opening)
        phase = session.scenario.states[session.scenario.start].phase
        for turn in session.turns:
            entries += self._turn_entries(turn, phase)
            phase = turn.next_phase
        if session.ended:
            entries += self._ending_entries()
        transcript.add(entries)
        self.refresh_panels()
        transcript.scroll_end(animate=False)

    # -- transcript pieces
    def _reply_entries(self, replies: tuple[ClientLine, ...] | list[ClientLine]) -> list[Entry]:
        return [Entry(line.speaker, self.text(line.text), self.speaker_name(line.speaker)) for line in replies]

    def _turn_entries(self, turn: Turn, phase_before: str) -> list[Entry]:
        out: list[Entry] = []
        if turn.phase != phase_before:
            label = t("phase." + turn.phase)
            out.append(Entry("event", f"— {label} —"))
        out.append(Entry("learner", self.text(turn.learner_text), t("play.you")))
        out += self._reply_entries(turn.replies)
        if self.practice and turn.close_blocked_by:
            labels = ", ".join(self._objection_label(o) for o in turn.close_blocked_by)
            out.append(Entry("event", t("play.close_blocked", objections=labels)))
        return out

    def _ending_entries(self) -> list[Entry]:
        session = self.rec.session
        end = session.current.spec.end
        body = t("play.ending", outcome=outcome_label(session.outcome))
        if end is not None:
            body += "\n" + self.text(end.summary)
        if session.negotiation is not None and session.negotiation.final is not None:
            p = session.negotiation.price
            key = "play.deal_failure" if session.outcome == "failure" else "play.deal"  # accepted, then lost: no deal closed
            body += "\n" + t(key, price=format_money(session.negotiation.final, p.currency, self.content_lang),
                             unit=p.unit)
        return [Entry("ending", body)]

    def _objection_label(self, oid: str) -> str:
        objection = self.scenario.spec.objections.get(oid)
        return self.text(objection.label) if objection is not None else oid

    # -- panels
    def refresh_panels(self, before: dict | None = None) -> None:
        session = self.rec.session
        self._refresh_phases()
        self._refresh_card(before)
        choices = self.query_one(ChoiceList)
        price_form = self.query_one(PriceForm)
        ended_bar = self.query_one("#ended-bar", Static)
        if session.ended:
            choices.clear_options()
            choices.add_class("hidden")
            price_form.add_class("hidden")
            ended_bar.remove_class("hidden")
            ended_bar.update(t("play.ended_bar"))
            self._refresh_bindings_if_changed()
            return
        ended_bar.add_class("hidden")
        choices.remove_class("hidden")
        self._fill_choices()
        if session.accepts_price:
            price_form.remove_class("hidden")
            price_form.show_help()
        else:
            price_form.add_class("hidden")
        if not price_form.typing:
            choices.focus()
        self._refresh_bindings_if_changed()

    def _fill_choices(self) -> None:
        choices = self.query_one(ChoiceList)
        options = [Option(self._choice_prompt(n, self.rec.session.option_text(c)), id=c.id)
                   for n, c in enumerate(self.rec.session.offered(), 1)]
        choices.set_options(options)
        if options:
            choices.highlighted = 0

    def _refresh_bindings_if_changed(self) -> None:
        # the footer rebuilds its keys on every refresh: only when what is allowed has changed
        session = self.rec.session
        state = (session.ended, session.accepts_price, bool(session.turns))
        if state != getattr(self, "_bindings_state", None):
            self._bindings_state = state
            self.refresh_bindings()

    def _choice_prompt(self, n: int, text: str) -> Text:
        """The number, then the line wrapped with a hanging indent (a Rich table does this, ten times slower).

        ``textwrap`` breaks at ASCII spaces only, so French no-break spaces hold.
        """
        width = max(20, self.app.size.width - 5)
        lines = textwrap.wrap(self.text(text), width - 2) or [""]
        prompt = Text.assemble((f"{n} ", "bold"), lines[0])
        for line in lines[1:]:
            prompt.append("\n  " + line)
        return prompt

    def on_unmount(self) -> None:
        self.close_session()  # the app quit in the frame that drew the last reply

    def on_screen_suspend(self) -> None:
        from ..collector import release

        self.close_session()
        release()  # a reply that will not be drawn here must not leave the collector off

    def on_resize(self) -> None:
        if self.is_mounted:
            self._refresh_phases()
            if not self.rec.session.ended:
                self._fill_choices()

    def _refresh_phases(self) -> None:
        spec = self.scenario.spec
        order = [p for p in ("barrage", "contact", "decouverte", "reformulation", "argumentation", "objection", "prix",
                             "conclusion", "reclamation")
                 if any(s.phase == p for s in spec.states.values())]
        current = self.rec.session.current.phase
        if self.rec.session.accepts_price:
            current = "prix" if "prix" in order else current
        labels = section("phase.", get_lang())
        seen = {turn.phase for turn in self.rec.session.turns} | {current}
        room = max(20, self.app.size.width - 2)
        shown = order
        at = order.index(current) if current in order else 0
        # too long for the terminal: a window around the current phase, with … for the rest
        for reach in (3, 2, 1, 0):
            if _phases_width(shown, labels) <= room:
                break
            shown = order[max(0, at - reach): at + reach + 1]
        out = Text()
        if shown and shown[0] != order[0]:
            out.append("… › ", style="dim")
        for i, phase in enumerate(shown):
            if i:
                out.append(" › ", style="dim")
            label = labels.get(phase, phase)
            if phase == current:
                out.append(f"▸{label}", style="bold reverse")
            elif phase in seen:
                out.append(label)
            else:
                out.append(label, style="dim")
        if shown and shown[-1] != order[-1]:
            out.append(" › …", style="dim")
        self._set("#phases", out)

    def _set(self, selector: str, content: Text | str) -> bool:
        """Update a Static only when its text changed (an update costs a layout pass); say whether it did."""
        key = content.markup if isinstance(content, Text) else content
        if self._shown.get(selector) == key:
            return False
        found = self.query(selector).results(Static)
        target = next(found, None)
        if target is None:  # the screen is being recomposed (a reload, a language switch): drawn again after it
            self._shown.pop(selector, None)
            return False
        self._shown[selector] = key
        target.update(content)
        return True

    def _refresh_card(self, before: dict | None = None) -> None:
        session = self.rec.session
        spec = self.scenario.spec
        speaker = session.current.spec.speaker
        persona = spec.persona
        client = persona.client
        who = Text.assemble((client.name, "bold"), "\n", self.text(client.role))
        if client.company:
            who.append("\n" + self.text(client.company))
        if speaker == "gatekeeper" and persona.gatekeeper is not None and not session.ended:
            gate = persona.gatekeeper
            who.append("\n\n")
            who.append(t("play.on_the_line", who=f"{gate.name} ({self.text(gate.role)})"), style="italic")
        self._set("#card-who", who)
        cue_text = Text()
        if self.practice:
            items = cues(spec, session.env, before)
            for cue in items:
                arrow = {1: " ↑", -1: " ↓", 0: ""}[cue.trend]
                cue_text.append(f"{cue.label}\n", style="bold")
                cue_text.append(f"{cue.gauge} {t(cue.level_key)}{arrow}\n")
        self._set("#card-cues", cue_text)
        price_text = Text()
        if spec.price is not None and session.negotiation is not None and session.negotiation.offers:
            neg = session.negotiation
            p = neg.price
            last = neg.offers[-1]
            price_text.append(t("play.price_title") + "\n", style="bold")
            price_text.append(t("play.your_offer", amount=format_money(last.amount, p.currency, self.content_lang)) + "\n")
            if last.counter is not None:
                price_text.append(t("play.their_offer", amount=format_money(last.counter, p.currency,
                                                                             self.content_lang)) + "\n")
        self._set("#card-price", price_text)
        objections = Text()
        open_now = sorted(session.env.get("open_objections", ()))
        if self.practice:
            objections.append(t("play.objections") + "\n", style="bold")
            if open_now:
                for oid in open_now:
                    objections.append("• " + self._objection_label(oid) + "\n")
            else:
                objections.append(t("play.no_objection"), style="dim")
        self._set("#card-objections", objections)

    # -- moves
    def play(self, inp: EngineInput) -> None:
        import time

        from ..collector import after_reply, hold

        started = time.perf_counter()
        hold()  # no collector pause until the reply is on screen (see collector)
        self.app.call_after_refresh(after_reply)
        session = self.rec.session
        before = dict(session.env)
        phase_before = session.current.phase
        try:
            turn = self._step(inp)  # on disk when this returns
        except NegosimError as exc:  # a move the engine or the exam refuses: said in the UI's language
            self.napp.show_error(exc, toast=True)
            return
        transcript = self.query_one(Transcript)
        entries = self._turn_entries(turn, phase_before)
        if self.rec.session.ended:
            entries += self._ending_entries()
        with self.app.batch_update():  # one layout and one repaint for the whole turn
            # the panels first: a panel shown or hidden (the price form, the end bar) while the screen's layout
            # is still the one on screen is cheap; after new transcript lines are mounted, it would lay out the
            # whole screen once more just to find that panel's size
            self.query_one(PriceForm).clear()
            self.refresh_panels(before)
            transcript.add(entries)
            transcript.scroll_end(animate=False)
        self.reply_times.append(time.perf_counter() - started)

    def _step(self, inp: EngineInput) -> Turn:
        from ...store.recorder import RecordedSession

        extra = self.turn_extra()
        if not isinstance(self.rec, RecordedSession):  # an exam's or the live preview's own rules
            return self.rec.step(inp, extra) if extra else self.rec.step(inp)
        turn = self.rec.step(inp, extra, close=False)
        if self.rec.session.ended:
            # the last reply is drawn first; the end line and the debrief's grading follow while the learner
            # reads it (a kill in between leaves the last move on disk: the next start closes the session)
            self.app.call_after_refresh(self.close_session)
        return turn

    def close_session(self) -> None:
        """Write the end line and grade a session that has ended (once; before anything reads its debrief). An
        exam closes its own session; the live preview writes nothing."""
        from ...store.recorder import RecordedSession

        if isinstance(self.rec, RecordedSession):
            self.rec.close()

    def turn_extra(self) -> dict | None:
        """Fields journaled with the next move (the free-text screen adds the learner's own words)."""
        return None

    def action_choose(self, n: int) -> None:
        choices = self.rec.session.offered()
        if self.rec.session.ended:
            return
        if 1 <= n <= len(choices):
            self.play(ChoiceInput(choices[n - 1].id))
        else:
            self.notify(t("play.out_of_range", n=len(choices)), severity="warning", timeout=4)

    @on(MoveChosen)
    def _move_chosen(self, event: MoveChosen) -> None:
        self.play(ChoiceInput(event.choice))

    def action_price(self) -> None:
        if self.rec.session.accepts_price:
            self.query_one(PriceForm).focus_amount()

    @on(PriceProposed, "#price-form")
    def _price_proposed(self, event: PriceProposed) -> None:
        if not self.rec.session.accepts_price:
            return
        self.play(PriceInput(event.amount, event.counterpart))
        if not self.rec.session.accepts_price:
            self.query_one(ChoiceList).focus()

    def action_hint(self) -> None:
        if not self.practice or self.rec.session.ended:
            return
        hint = session_hint(self.rec.session)
        if hint is None:
            self.notify(t("hint.none"), timeout=6)
            return
        try:
            self.rec.record_hint(hint.criterion)  # on record before it is shown, like a move
        except OSError as exc:
            self.notify(t("hint.not_saved", reason=exc.strerror or str(exc)), severity="error", timeout=8, markup=False)
            return
        message = "\n".join(hint_lines(hint, get_lang()))
        # in the transcript, where the learner is looking, rather than a toast over the choices
        transcript = self.query_one(Transcript)
        transcript.add([Entry("hint", message, t("hint.title") + " — ")])
        transcript.scroll_end(animate=False)

    def action_undo(self) -> None:
        if not self.practice:
            return
        self.close_session()
        if not self.rec.session.turns:
            self.notify(t("undo.nothing"), timeout=4)
            return
        from ...store.branches import undo_last

        try:
            new = undo_last(self.rec)
        except OSError as exc:
            self.notify(t("error.journal", error=exc.strerror or str(exc)), severity="error", timeout=8)
            return
        except EngineError as exc:
            self.notify(t("error.journal", error=exc.message(get_lang())), severity="error", timeout=8)
            return
        self.napp.open_play(new, replace=True)
        self.napp.notify(t("undo.done"), timeout=4)

    def action_briefing(self) -> None:
        from .briefing import BriefingOverlay

        self.app.push_screen(BriefingOverlay(self.scenario, mode=self.mode))

    def action_debrief(self) -> None:
        if self.rec.session.ended:
            self.close_session()
            self.napp.after_interview(self.rec, replace=True)  # the written work first, then the grid

    def action_leave(self) -> None:
        # Escape in the price form goes back to the choices, as it leaves any field: a learner who has just made an
        # offer is still in the amount field, and Escape there must not end the interview
        form = self.query_one(PriceForm)
        choices = self.query_one(ChoiceList)
        focused = self.focused
        if focused is not None and form in focused.ancestors_with_self and choices.option_count:
            choices.focus()
            return
        self.close_session()
        if not self.rec.session.ended:
            self.napp.notify(t("play.saved"), timeout=6)
        self.napp.back_to_library()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.rec.session
        if action == "price":
            return session.accepts_price or False
        if action in ("hint", "undo"):
            if not self.practice:
                return False
            if action == "undo" and not session.turns:
                return None  # shown, disabled
            return not (action == "hint" and session.ended) or False
        if action == "debrief":
            return session.ended or False
        if action == "choose":
            return not session.ended or False
        return True

    def key_enter(self) -> None:
        if self.rec.session.ended:
            self.action_debrief()

    def palette_commands(self):
        if self.practice:
            yield SystemCommand(t("cmd.hint"), t("cmd.hint.help"), self.action_hint)
            yield SystemCommand(t("cmd.undo"), t("cmd.undo.help"), self.action_undo)
        yield SystemCommand(t("cmd.briefing"), t("cmd.briefing.help"), self.action_briefing)

    def after_relabel(self) -> None:
        self.on_mount()
