"""The conversation in free-text mode: a line to type instead of the menu (docs/free-text.md).

The same screen as ``PlayScreen`` (transcript, card, price form), with the options hidden and a text field.
Each line is decided by ``simulator.understanding.turns.FreeTextTurns``: a move shown with the learner's own
words and a discreet « compris : … », or the client asking what the learner means, or (second unsure line,
training only) the options shown to pick from. The move is journaled with the words and their reading."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from ...engine.session import Input as EngineInput
from ...engine.session import Turn
from ...i18n import get_lang, t
from ...report.free_text import journal_free_text
from ...understanding.turns import FreeTextTurns, before_carried
from ..widgets.moves import FreeTextInput, FreeTextSubmitted, PriceForm
from ..widgets.transcript import Entry, Transcript
from .play import ChoiceList, PlayScreen


class FreeTextPlayScreen(PlayScreen):
    menu_hidden = True  # the options come only after two unsure lines, in training

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.turns = FreeTextTurns(lambda: self.rec.session, practice=self.practice, lang=get_lang())
        self._words = journal_free_text(self.rec.path)  # a resumed session shows the learner's own words, not the options'
        self._pending: dict[str, Any] | None = None
        self._understood = ""
        self._decision: Any = None  # the line being played, until its move is on disk
        self._carried: Any = None   # the figure that line announced the price with: played right after it
        self._confirm: str | None = None  # an implausible offer typed once, sent when typed again

    def compose_below_choices(self) -> ComposeResult:
        yield FreeTextInput(placeholder=t("free.prompt", get_lang()).strip("()"), id="free-input")

    def on_mount(self) -> None:
        # Textual calls PlayScreen.on_mount itself (handlers run for each class of the MRO): calling it here
        # too showed the opening twice
        self.query_one("#free-input", Input).focus()

    def refresh_panels(self, before: dict | None = None) -> None:
        super().refresh_panels(before)
        choices = self.query_one(ChoiceList)
        free = self.query_one("#free-input", Input)
        if self.rec.session.ended:
            free.add_class("hidden")
            return
        if not self.turns.menu:  # the options only after two unsure lines, in training
            choices.add_class("hidden")
        if not self.query_one(PriceForm).typing:
            free.focus()

    def turn_extra(self) -> dict | None:
        return {"free_text": self._pending} if self._pending else None

    def _step(self, inp: EngineInput) -> Turn:
        turn = super()._step(inp)
        decision, self._decision = self._decision, None  # known before the turn is shown: see _turn_entries
        self._carried = self.turns.carried_offer(decision) if decision is not None else None
        return turn

    def _turn_entries(self, turn: Turn, phase_before: str) -> list[Entry]:
        # a turn a carried offer follows is shown without the line of the state it entered (« combien ? »): the
        # learner's line has answered it (the next turn's record says so in a resumed session)
        carried = self._carried is not None or bool(self._words.get(turn.number + 1, {}).get("carried"))
        out = super()._turn_entries(replace(turn, replies=before_carried(turn.replies)) if carried else turn,
                                    phase_before)
        if self._pending is None:
            said = self._words.get(turn.number, {}).get("text")
            if said and not self._words[turn.number].get("carried"):  # a turn played before the session was resumed
                out = [Entry("learner", self.text(said), e.name) if e.kind == "learner" else e for e in out]
            return out
        lang = get_lang()
        for i, entry in enumerate(out):
            if entry.kind == "learner":  # the learner's own words, then how they were understood
                note = t("free.understood", lang, what=self._understood)
                if self._pending.get("low_confidence"):
                    note += " — " + t("free.low", lang)
                if self._pending.get("carried"):  # the figure of the line just shown: its words are not repeated
                    out[i] = Entry("event", note)
                    break
                out[i] = Entry("learner", self.text(self._pending["text"]), entry.name)
                out.insert(i + 1, Entry("event", note))
                break
        return out

    def play(self, inp: EngineInput) -> None:
        self.turns.moved()  # before the panels refresh: the menu closes with the move
        super().play(inp)
        self._pending = self._decision = None

    @on(FreeTextSubmitted)
    def _free_submitted(self, event: FreeTextSubmitted) -> None:
        line = event.text.strip()
        if not line or self.rec.session.ended:
            return
        decision = self.turns.decide(line)
        transcript = self.query_one(Transcript)
        lang = get_lang()
        if decision.kind in ("clarify", "menu"):
            try:
                self.rec.journal.append_record(self.turns.unclear_record(decision))
            except OSError:
                pass  # only a clarification request; the move itself is journaled when made
            speaker = self.rec.session.current.spec.speaker
            entries = [Entry("learner", self.text(line), t("play.you")),
                       Entry(speaker, decision.ask or t("free.clarify", self.content_lang), self.speaker_name(speaker))]
            if decision.kind == "menu":
                entries.append(Entry("event", t("free.options_now", lang)))
                self.query_one(ChoiceList).remove_class("hidden")
            transcript.add(entries)
            transcript.scroll_end(animate=False)
            event.input.value = ""
            return
        if decision.kind != "move" or decision.input is None:
            return
        if decision.implausible and self._confirm != line:
            self._confirm = line
            self.notify(t("free.confirm_free", lang), severity="warning", timeout=6)
            return
        self._confirm = None
        self._pending, self._understood, self._decision = decision.record, decision.understood, decision
        event.input.value = ""
        self.play(decision.input)
        carried, self._carried = self._carried, None
        if carried is not None:  # the line announced the price with its figure: that figure is the first offer
            self._pending, self._understood = carried.record, carried.understood
            self.play(carried.input)

