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

from ..engine.price import amount_value, format_money
from ..engine.session import ChoiceInput, Input, PriceInput, Turn
from .plain import PlainPlayer
from .strings import t

FREE_STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "prompt": "(texte libre : tapez votre réplique ; « ? » pour l'aide)",
        "understood": "compris : {what}",
        "clarify": "Pardon, je ne suis pas sûr de vous suivre : qu'entendez-vous par là ?",
        "options_now": "Reformulez, ou choisissez la réplique la plus proche par son numéro :",
        "low": "interprétation incertaine, signalée au débriefing",
        "help": "Tapez votre réplique comme vous la diriez au client. Un prix se dit dans la phrase (« je peux "
                "vous la faire à 9 200 € si vous signez sur trois ans »). « b » relit la fiche, « i » donne un "
                "indice, « q » enregistre et quitte.",
        "offer": "offre de prix : {amount}{counterpart}",
        "with": " contre « {label} »",
    },
    "en": {
        "prompt": "(free text: type your line; \"?\" for help)",
        "understood": "understood: {what}",
        "clarify": "Sorry, I'm not sure I follow: what do you mean?",
        "options_now": "Rephrase, or pick the closest line by its number:",
        "low": "uncertain reading, flagged in the debrief",
        "help": "Type your line as you would say it to the client. Say a price in the sentence (\"I can do "
                "88,000 if you commit to three years\"). \"b\" shows the brief, \"i\" a hint, \"q\" saves and quits.",
        "offer": "price offer: {amount}{counterpart}",
        "with": " against \"{label}\"",
    },
}
_COMMANDS = {"q", "quit", "quitter", "?", "h", "aide", "help", "b", "fiche", "brief", "briefing", "i", "indice", "hint"}
_PRICE_COMMAND = re.compile(r"^(p|prix|price)(\s+[0-9].*)?$", re.IGNORECASE)


def ft(key: str, lang: str) -> str:
    return FREE_STRINGS.get(lang, FREE_STRINGS["fr"])[key]


class FreeTextPlayer(PlainPlayer):
    """The plain player with free text instead of a menu (``negosim play --plain --free``)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from ..understanding.explain import Reader

        spec = self.scenario.spec
        counterparts = tuple((c.id, c.label) for c in spec.price.counterparts) if spec.price else ()
        self.reader = Reader(spec.language, counterparts)
        self._pending: dict[str, Any] | None = None
        self._unsure = 0          # unsure readings in a row at this point of the interview
        self._menu = False        # options shown after unsure readings (training)
        self._last_understood = ""

    @property
    def in_exam(self) -> bool:
        return getattr(self.rec, "header", {}).get("mode", "practice") != "practice"

    def turn_extra(self) -> dict[str, Any] | None:
        return {"free_text": self._pending} if self._pending else None

    # -- what the learner sees
    def show_choices(self) -> list:
        if self._menu:
            return super().show_choices()
        self.say("  " + ft("prompt", self.lang))
        return self.rec.session.offered()

    def show_turn(self, turn: Turn) -> None:
        record = self._pending
        self._pending, self._unsure, self._menu = None, 0, False
        if record is None:  # an option picked by its number, or a price typed with « p »
            super().show_turn(turn)
            return
        self.say("")
        self.para(t("you", self.lang) + f" « {record['text']} »")
        self.para(f"({ft('understood', self.lang).format(what=self._last_understood)})", indent="  ")
        if record.get("low_confidence"):
            self.para(f"({ft('low', self.lang)})", indent="  ")
        self.show_replies(turn.replies)

    # -- reading a line
    def parse(self, line: str, choices: list) -> Input | str | None:
        self._pending = None
        low = line.lower()
        if not line or low in _COMMANDS or _PRICE_COMMAND.match(line) or line in {c.id for c in choices}:
            if low in ("?", "h", "aide", "help"):
                self.para(ft("help", self.lang))
                return None
            return super().parse(line, choices)
        if self._menu and line.isdigit():
            return super().parse(line, choices)
        return self.understand_line(line, choices)

    def understand_line(self, line: str, choices: list) -> Input | None:
        from ..understanding.matching import candidates_from

        session = self.rec.session
        reading = self.reader.read(line, self._client_line(), candidates_from(choices, session.option_text))
        u = reading.understanding
        record: dict[str, Any] = {
            "text": line, "acts": [a.as_dict() for a in u.acts], "family": u.family,
            "confidence": round(u.confidence, 3), "cues": [c.as_dict() for c in u.cues],
            "clarifications": self._unsure,
        }
        if session.accepts_price and session.negotiation is not None and u.price is not None:
            return self._offer(line, reading, record)
        if reading.match is None or reading.match.best is None:
            return None
        sure = reading.sure
        if not sure and not self._accept_unsure(line, record, reading):
            return None
        best = reading.match.best
        record.update({"option": best.id, "runner_up": reading.match.runner_up.id if reading.match.runner_up else None,
                       "why": best.as_dict(), "low_confidence": not sure})
        self._pending = record
        self._last_understood = reading.summary(self.lang)
        return ChoiceInput(best.id)

    def _accept_unsure(self, line: str, record: dict[str, Any], reading: Any) -> bool:
        """First unsure line: the client asks what the learner means. Then, in training, the options are
        offered; in an exam (or once they are shown) the closest option is taken, flagged."""
        self._journal_unclear(record, reading)
        self._unsure += 1
        if self._unsure == 1:
            self.show_replies_text(ft("clarify", self.lang))
            return False
        if not self.in_exam and not self._menu:
            self._menu = True
            self.para(ft("options_now", self.lang))
            return False
        return True

    def _offer(self, line: str, reading: Any, record: dict[str, Any]) -> Input | None:
        session = self.rec.session
        price = session.negotiation.price  # type: ignore[union-attr]
        amount = amount_value(reading.understanding.price.value)
        counterpart = reading.counterpart.id if reading.counterpart else None
        if not session.plausible(amount):
            answer = self.io.read_line(t("confirm_implausible", self.lang).format(
                amount=format_money(amount, price.currency, self.lang),
                list=format_money(price.list_price, price.currency, self.lang)))
            if answer is None or answer.strip().lower() not in ("o", "oui", "y", "yes"):
                self.para(t("price_not_sent", self.lang))
                return None
        label = next((c.label for c in price.counterparts if c.id == counterpart), None)
        record.update({"offer": amount, "counterpart": counterpart, "low_confidence": False})
        self._pending = record
        self._last_understood = ft("offer", self.lang).format(
            amount=format_money(amount, price.currency, self.lang),
            counterpart=ft("with", self.lang).format(label=label) if label else "")
        return PriceInput(amount, counterpart)

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

    def _client_line(self) -> str | None:
        session = self.rec.session
        replies = session.turns[-1].replies if session.turns else session.opening
        return replies[-1].text if replies else None

    def show_replies_text(self, text: str) -> None:
        spec = self.scenario.spec
        who = spec.persona.gatekeeper if self.rec.session.current.spec.speaker == "gatekeeper" and spec.persona.gatekeeper \
            else spec.persona.client
        self.para(f"{who.name} : « {text} »")

    def _journal_unclear(self, record: dict[str, Any], reading: Any) -> None:
        """An unsure line is kept in the journal too (not a move): nothing the learner typed is lost."""
        journal = getattr(self.rec, "journal", None)
        if journal is None:
            return
        best = reading.match.best if reading.match else None
        try:
            journal.append_record({"type": "free_text_unclear", "before_turn": len(self.rec.session.turns) + 1,
                                   **record, "closest": best.id if best else None})
        except OSError:
            pass  # the line is only a clarification request; the move itself is journaled when made


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
