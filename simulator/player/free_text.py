"""Free-text mode of the plain player: the learner types their own line, negosim finds the option it means.

The options are not shown. Each line is read by ``simulator.understanding`` (acts, cues, amounts, the closest
option); the player shows discreetly how it understood it (« compris : question ouverte (82 %) »). When the
reading is unsure, the client first asks what the learner means (no move, no penalty); a second unsure line
shows the options in training (pick one by its number or rephrase), and in an exam the closest option is
taken and flagged. In a negotiation a line with a price (« 9 200 € si vous signez sur trois ans ») is an
offer, with the counterpart it names. Every move is journaled with the learner's own words, the acts and
their confidence, the option matched and why (``free_text`` on the input's journal line)."""

from __future__ import annotations

import re
from typing import Any

from ..engine.price import format_money
from ..engine.session import Input, Turn
from ..i18n import t
from ..understanding.turns import FreeTextTurns, before_carried
from .plain import PlainPlayer

_COMMANDS = {"q", "quit", "quitter", "?", "h", "aide", "help", "b", "fiche", "brief", "briefing", "i", "indice", "hint",
             "f", "préparation", "preparation"}  # f: the learner's own preparation sheet, before the first line
_PRICE_COMMAND = re.compile(r"^(p|prix|price)(\s+[0-9].*)?$", re.IGNORECASE)



class FreeTextPlayer(PlainPlayer):
    """The plain player with free text instead of a menu (``negosim play --plain --free``)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.turns = FreeTextTurns(lambda: self.rec.session, practice=not self.in_exam, lang=self.lang)
        self._pending: dict[str, Any] | None = None
        self._last_understood = ""
        self._decision: Any = None  # the last line's decision, until its move is shown
        self._carried: Any = None   # the figure that line announced the price with: played next

    @property
    def in_exam(self) -> bool:
        return getattr(self.rec, "header", {}).get("mode", "practice") != "practice"

    def turn_extra(self) -> dict[str, Any] | None:
        return {"free_text": self._pending} if self._pending else None

    def follow_up(self) -> Input | None:
        carried, self._carried = self._carried, None
        if carried is None or self.rec.session.ended:
            return None
        self._pending, self._last_understood = carried.record, carried.understood
        return carried.input

    # -- what the learner sees
    def show_choices(self) -> list:
        if self.turns.menu:
            return super().show_choices()
        self.say("  " + t("free.prompt", self.lang))
        return self.rec.session.offered()

    def show_turn(self, turn: Turn) -> None:
        record = self._pending
        self._pending = None
        self.turns.moved()
        if record is None:  # an option picked by its number, or a price typed with « p »
            super().show_turn(turn)
            return
        decision, self._decision = self._decision, None
        self._carried = self.turns.carried_offer(decision) if decision is not None else None
        if not record.get("carried"):  # (the figure of the line just shown: its words are not repeated)
            self.say("")
            self.para(t("player.you_said", self.lang, text=record["text"]))
        self.para("(" + t("free.understood", self.lang, what=self._last_understood) + ")", indent="  ")
        if record.get("low_confidence"):
            self.para("(" + t("free.low", self.lang) + ")", indent="  ")
        self.show_replies(before_carried(turn.replies) if self._carried is not None else turn.replies)

    # -- reading a line
    def parse(self, line: str, choices: list) -> Input | str | None:
        self._pending = None
        low = line.lower()
        if not line or low in _COMMANDS or _PRICE_COMMAND.match(line) or line in {c.id for c in choices}:
            if low in ("?", "h", "aide", "help"):
                self.para(t("free.help", self.lang))
                return None
            return super().parse(line, choices)
        if self.turns.menu and line.isdigit():
            return super().parse(line, choices)
        return self.understand_line(line)

    def understand_line(self, line: str) -> Input | None:
        decision = self.turns.decide(line)
        if decision.kind in ("clarify", "menu"):
            self._journal(self.turns.unclear_record(decision))
            if decision.kind == "clarify":
                self.show_replies_text(decision.ask or t("free.clarify", self.scenario.spec.language))  # the client's language
            else:
                self.para(t("free.options_now", self.lang))
            return None
        if decision.kind != "move" or decision.input is None:
            return None
        if decision.implausible and not self._confirm_implausible(decision.input):
            return None
        self._pending = decision.record
        self._last_understood = decision.understood
        self._decision = decision
        return decision.input

    def _confirm_implausible(self, offer: Any) -> bool:
        price = self.rec.session.negotiation.price  # type: ignore[union-attr]  # a price move is only read in a negotiation state
        answer = self.io.read_line(t("player.confirm_implausible", self.lang).format(
            amount=format_money(offer.amount, price.currency, self.lang),
            list=format_money(price.list_price, price.currency, self.lang)))
        if answer is None or answer.strip().lower() not in ("o", "oui", "y", "yes"):
            self.para(t("player.price_not_sent", self.lang))
            return False
        return True

    def debrief(self) -> None:
        """The usual debrief, then the learner's own words and how each was understood (uncertain ones flagged)."""
        super().debrief()
        path = getattr(self.rec, "path", None)
        if path is None:
            return
        from ..report.free_text import free_text_turns, section_text
        from ..store.journal import JournalError, read_journal

        try:
            turns = free_text_turns(read_journal(path).records)
        except JournalError:
            return
        if turns:
            self.say("")
            self.say(section_text(turns, self.lang).rstrip("\n"))

    def show_replies_text(self, text: str) -> None:
        spec = self.scenario.spec
        who = spec.persona.gatekeeper if self.rec.session.current.spec.speaker == "gatekeeper" and spec.persona.gatekeeper \
            else spec.persona.client
        self.para(t("player.says", self.lang, who=who.name, text=text))

    def _journal(self, record: dict[str, Any]) -> None:
        """An unsure line is kept in the journal too (not a move): nothing the learner typed is lost."""
        journal = getattr(self.rec, "journal", None)
        if journal is None:
            return
        try:
            journal.append_record(record)
        except OSError:
            pass  # only a clarification request; the move itself is journaled when it is made


class _ExamMoves:
    """The exam run, with each move journaled with the candidate's own words (and the interview clock)."""

    def __init__(self, exam: Any, player: FreeTextPlayer):
        self._exam, self._player = exam, player

    def __getattr__(self, name: str) -> Any:
        return getattr(self._exam, name)

    def step(self, inp: Input) -> Turn:
        return self._exam.step(inp, extra=self._player.turn_extra())


def _exam_player_class() -> type:
    from .plain_exam import ExamPlainPlayer

    class FreeTextExamPlayer(FreeTextPlayer, ExamPlainPlayer):
        """A timed mock exam where the jury requires free text: no menu, ever; an unsure line after the
        client's question is taken as the closest option and flagged in the jury report."""

        def __init__(self, exam: Any, io: Any, **kwargs: Any):
            super().__init__(exam, io, **kwargs)
            self.exam = _ExamMoves(exam, self)
            exam.rec.journal.append_record({"type": "free_text_mode", "required_by": "jury"})

    return FreeTextExamPlayer


def __getattr__(name: str) -> Any:  # FreeTextExamPlayer is built on first use: the exam player stays unimported
    if name == "FreeTextExamPlayer":
        return _exam_player_class()
    raise AttributeError(name)
