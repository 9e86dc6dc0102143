"""The plain-text player: line-based, for any terminal, screen readers and scripts.

Numbered choices, ``p`` to propose a price in a negotiation, ``?`` for help, ``q`` to quit and resume
later. Reads stdin when piped, so whole playthroughs are scriptable; end of input or Ctrl+C saves and exits with
the command to resume. Every turn is on disk before the client's reply is printed. Whatever is typed (bytes
that are not UTF-8, control characters, a 10 MB line) gets a message, never a traceback.
"""

from __future__ import annotations

import re
import shlex
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from ..content.scenario import Scenario
from ..content.typography import localise
from ..engine.price import format_money
from ..engine.session import ChoiceInput, EngineError, Input, PriceInput, Turn
from ..i18n import nt, t
from ..learner_input import InputProblem, check_line, looks_like_number, parse_option_number, parse_price, quoted
from ..stdio import printable, tolerate_bad_bytes
from ..store.notice import shown
from ..store.recorder import RecordedSession
from ..written.forms import after_interview_forms, preparation_form
from ..written.model import Work
from .plain_forms import LATER, fill_form

ECHO = 500  # characters of a piped line echoed back (a transcript needs no more; a 10 MB line would flood it)


@dataclass
class PlainIO:
    read_line: Callable[[str], str | None]  # prompt -> line, or None at end of input
    write: Callable[[str], None]


def stream_io(inp: IO[str], out: IO[str], interactive: bool) -> PlainIO:
    tolerate_bad_bytes(inp, out)

    def read_line(prompt: str) -> str | None:
        if interactive:
            try:
                return input(prompt)
            except EOFError:
                out.write("\n")
                return None
        out.write(prompt)
        line = inp.readline()
        if not line:
            out.write("\n")
            return None
        shown = line.rstrip("\n")
        shown = shown if len(shown) <= ECHO else shown[:ECHO] + "…"
        out.write(shown + "\n")  # echo scripted answers so transcripts read well
        return line.rstrip("\n")

    def write(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    return PlainIO(read_line, write)


class PlainPlayer:
    def __init__(self, recorded: RecordedSession, io: PlainIO, lang: str = "fr", width: int = 88,
                 on_turn: Callable[[RecordedSession], RecordedSession] | None = None):
        self.rec = recorded
        self.io = io
        self.lang = lang
        self.width = width
        self.on_turn = on_turn  # e.g. live reload: may swap the session for a reloaded one
        self.input_ended = False  # the end of the input was met while a form was being filled in

    @property
    def scenario(self) -> Scenario:
        return self.rec.session.scenario

    def say(self, text: str = "") -> None:
        self.io.write(printable(text))

    def para(self, text: str, indent: str = "") -> None:
        # never broken inside a word: a file path cut at its hyphens could no longer be copied into `report`
        wrapped = textwrap.fill(localise(" ".join(text.split()), self.lang), self.width, initial_indent=indent,
                                subsequent_indent=indent, break_on_hyphens=False, break_long_words=False)
        self.say(wrapped)

    # -- screens
    def briefing(self) -> None:
        spec = self.scenario.spec
        b = spec.briefing.learner
        self.say("=" * min(self.width, 72))
        self.para(spec.title)
        self.say("=" * min(self.width, 72))
        self.para(t("player.context", self.lang) + " " + b.context)
        if b.company:
            self.para(t("player.company", self.lang) + " " + b.company)
        if b.offer:
            self.para(t("player.offer", self.lang) + " " + b.offer)
        client = spec.persona.client
        self.para(t("player.contact", self.lang) + f" {client.name}, {client.role}"
                  + (f" — {client.company}" if client.company else ""))
        if spec.price:
            p = spec.price
            money = lambda v: format_money(v, p.currency, self.lang)  # noqa: E731
            self.para(t("player.prices", self.lang).format(list=money(p.list_price), target=money(p.target),
                                                    floor=money(p.floor), unit=p.unit))
            if p.counterparts:
                self.para(t("player.counterparts", self.lang) + " " + "; ".join(c.label for c in p.counterparts))
        for note in b.notes:
            self.para("• " + note)
        self.para(t("player.objective", self.lang) + " " + b.objective)
        self.say("-" * min(self.width, 72))

    def show_replies(self, lines) -> None:
        spec = self.scenario.spec
        for line in lines:
            who = spec.persona.gatekeeper if line.speaker == "gatekeeper" and spec.persona.gatekeeper else spec.persona.client
            self.para(t("player.says", self.lang, who=who.name, text=line.text))

    def show_choices(self) -> list:
        choices = self.rec.session.offered()
        for i, c in enumerate(choices, 1):
            self.say(textwrap.fill(localise(self.rec.session.option_text(c), self.lang), self.width, initial_indent=f"  {i}. ",
                                   subsequent_indent="     ", break_on_hyphens=False))
        if self.rec.session.accepts_price:
            self.say("  " + t("player.price_option", self.lang))
        return choices

    # -- the loop
    def run(self, resumed: bool = False) -> int:
        try:
            return self._run(resumed)
        except KeyboardInterrupt:  # Ctrl+C: every confirmed turn is on disk; say how to go on
            if self.rec.session.ended:
                return 130  # nothing to resume: the journal is complete
            self.say("")
            self.para(t("player.interrupted", self.lang))
            self.suspend()
            return 130

    def _run(self, resumed: bool) -> int:
        session = self.rec.session
        if resumed:
            for notice in self.rec.notices:
                self.para("⚠ " + shown(notice, self.lang))
            self.para(nt("play.resumed", len(session.turns), self.lang))
            if session.turns:
                self.show_replies(session.turns[-1].replies)
        else:
            self.briefing()
            if self.writes:
                price = t("player.written.sheet_price", self.lang) if self.scenario.spec.price else ""
                self.para(t("player.written.sheet_offer", self.lang, price=price))
            self.show_replies(session.opening)
        while not self.rec.session.ended:
            action = self.follow_up()
            if action is None:
                self.say("")
                choices = self.show_choices()
                line = self.io.read_line("> ")
                if line is None:
                    return self.suspend()
                action = self.parse(line.strip(), choices)
            if action is None:
                continue
            if action == "quit":
                return self.suspend()
            try:
                extra = self.turn_extra()
                turn = self.rec.step(action, extra) if extra else self.rec.step(action)
            except EngineError as exc:
                self.para("✗ " + str(exc))
                continue
            self.show_turn(turn)
            if self.on_turn is not None:
                self.rec = self.on_turn(self.rec)
        self.ending()
        return 0

    def turn_extra(self) -> dict | None:
        """Fields journaled with the next move (the free-text player adds the learner's own words)."""
        return None

    def follow_up(self) -> Input | None:
        """A move the last one carries, played before the next line is asked for (the free-text player: the
        figure of a line that announced the price)."""
        return None

    def parse(self, line: str, choices: list) -> Input | str | None:
        lang = self.lang
        if not line:
            self.para(t("player.empty", lang).format(n=len(choices)))
            return None
        try:
            check_line(line)
        except InputProblem as problem:
            self.para("✗ " + problem.message(lang))
            return None
        low = line.lower()
        if low in ("q", "quit", "quitter"):
            return "quit"
        if low in ("?", "h", "aide", "help"):
            self.para(t("player.help", lang))
            return None
        if low in ("b", "fiche", "brief", "briefing"):
            self.briefing()
            return None
        if low in ("f", "préparation", "preparation") and self.writes:
            self.preparation_sheet()
            return None
        if low in ("i", "indice", "hint"):
            self.hint()
            return None
        if low.split()[0] in ("p", "prix", "price"):
            return self.parse_price(line)
        if looks_like_number(line):
            try:
                return ChoiceInput(choices[parse_option_number(line, len(choices)) - 1].id)
            except InputProblem:
                self.para(t("player.out_of_range", lang).format(n=len(choices)))
                return None
        # a choice id typed directly (handy in scripts)
        for c in choices:
            if c.id == line:
                return ChoiceInput(c.id)
        self.para(t("player.not_understood", lang).format(text=quoted(line), n=len(choices)))
        return None

    def hint(self) -> None:
        """Practice mode: the competency at stake now (not the answer), journaled before it is shown."""
        lang = self.lang
        if getattr(self.rec, "header", {}).get("mode", "practice") != "practice":
            self.para(t("player.no_hint_exam", lang))
            return
        from ..scoring.cues import hint_lines, session_hint

        found = session_hint(self.rec.session)
        if found is None:
            self.para(t("player.no_hint", lang))
            return
        try:
            self.rec.record_hint(found.criterion)
        except OSError as exc:
            self.para("✗ " + t("player.hint_not_saved", lang).format(reason=exc.strerror or exc))
            return
        self.para(t("hint.title", lang) + " — " + " ".join(hint_lines(found, lang)))

    def parse_price(self, line: str) -> Input | None:
        lang = self.lang
        session = self.rec.session
        if not session.accepts_price or session.negotiation is None:
            self.para(t("player.no_price_now", lang))
            return None
        price = session.negotiation.price
        text = line.split(None, 1)[1] if len(line.split(None, 1)) > 1 else ""
        asked = not text.strip()  # price asked interactively: then offer to ask a counterpart too
        if asked:
            answer = self.io.read_line(t("player.ask_price", lang).format(unit=price.unit))
            if answer is None:
                return None
            text = answer
        ids = [c.id for c in price.counterparts]
        try:
            amount, counterpart = parse_price(text, self.scenario.spec.language, ids)
        except InputProblem as problem:
            self.para("✗ " + problem.message(lang))
            return None
        if counterpart is None and price.counterparts and asked:
            for i, c in enumerate(price.counterparts, 1):
                self.say(f"  {i}. {c.label}")
            answer = self.io.read_line(t("player.ask_counterpart", lang))
            if answer is None:
                return None
            if answer.strip():
                chosen = self._counterpart(answer.strip())
                if chosen is False:
                    return None
                counterpart = chosen  # type: ignore[assignment]  # a counterpart id or None, as NegotiationRecord accepts
        if not session.plausible(amount):
            shown = format_money(amount, price.currency, lang)
            answer = self.io.read_line(t("player.confirm_implausible", lang).format(
                amount=shown, list=format_money(price.list_price, price.currency, lang)))
            if answer is None or answer.strip().lower() not in ("o", "oui", "y", "yes"):
                self.para(t("player.price_not_sent", lang))
                return None
        return PriceInput(amount, counterpart or None)

    def _counterpart(self, text: str) -> str | None | bool:
        assert self.rec.session.negotiation is not None
        cps = self.rec.session.negotiation.price.counterparts
        if re.fullmatch(r"[0-9]{1,2}", text) and 1 <= int(text) <= len(cps):
            return cps[int(text) - 1].id
        for c in cps:
            if c.id == text:
                return c.id
        self.para(t("player.bad_counterpart", self.lang).format(n=len(cps)))
        return False

    def show_turn(self, turn: Turn) -> None:
        self.say("")
        self.para(t("player.you_said", self.lang, text=turn.learner_text))
        self.show_replies(turn.replies)

    def ending(self) -> None:
        session = self.rec.session
        end = session.current.spec.end
        self.say("")
        self.say("=" * min(self.width, 72))
        label = t("report." + (session.outcome or "failure"), self.lang)
        self.para(t("player.outcome", self.lang) + " " + label + (f" — {end.summary}" if end else ""))
        if session.negotiation and session.negotiation.final is not None:
            p = session.negotiation.price
            # a price the client accepted before the interview went wrong is not a deal closed
            key = "player.deal_at_failure" if session.outcome == "failure" else "player.deal_at"
            self.para(t(key, self.lang).format(price=format_money(session.negotiation.final, p.currency, self.lang),
                                               unit=p.unit))
        if self.writes:
            self.after_interview()
        self.debrief()
        if self.rec.path is not None:  # a live preview (--watch) is not recorded
            self.para(t("player.journal_at", self.lang).format(path=self.rec.path))

    # -- written work (issue 18): the sheet before the interview, the self-assessment, CRM note and email after
    @property
    def writes(self) -> bool:
        """Written work is journaled with the session: a live preview (not recorded) has none."""
        return isinstance(self.rec, RecordedSession)

    def save_work(self, work: Work, final: bool) -> bool:
        try:
            self.rec.record_work(work, final=final)
        except OSError as exc:
            self.para("✗ " + t("player.written.not_saved", self.lang, reason=exc.strerror or exc))
            return False
        return True

    def preparation_sheet(self) -> None:
        """Practice: the sheet, before the first move (afterwards it would be written knowing the answers)."""
        if self.rec.session.turns:
            self.para(t("player.written.sheet_too_late", self.lang))
            return
        saved = self.rec.works.get("preparation")
        fill_form(self, preparation_form(self.scenario), self.read_form_line, self.save_work,
                  saved.work if saved else None)
        self.say("")
        self.para(t("player.written.back_to_interview", self.lang))

    def after_interview(self) -> None:
        """Before the grid: the self-assessment, then the CRM note and the follow-up email (each skippable;
        what is typed is saved as it goes, and a session resumed later comes back to what is not handed in)."""
        saved = self.rec.works
        forms = [f for f in after_interview_forms(self.scenario, self.interview_debrief(), len(self.rec.session.turns))
                 if not (f.kind in saved and saved[f.kind].final)]
        if not forms:
            return
        self.say("")
        self.para(t("player.written.after_offer", self.lang))
        answer = self.read_form_line("> ")
        if answer is None or answer.strip().lower() in LATER:
            self.para(t("player.written.after_later", self.lang, path=shlex.quote(str(self.rec.path))))
            return
        for form in forms:
            draft = saved[form.kind].work if form.kind in saved else None
            fill_form(self, form, self.read_form_line, self.save_work, draft)
            if self.input_ended:
                self.para(t("player.written.after_later", self.lang, path=shlex.quote(str(self.rec.path))))
                return

    def read_form_line(self, prompt: str) -> str | None:
        line = self.io.read_line(prompt)
        self.input_ended = self.input_ended or line is None
        return line

    def interview_debrief(self):  # noqa: ANN201 - a scoring Debrief
        """The interview's grid, without the written work: what the self-assessment rates."""
        from ..scoring import default_rubric, score

        return getattr(self.rec, "debrief", None) or score(self.scenario, default_rubric(), self.rec.session.turns,
                                                           hints=getattr(self.rec, "hint_turns", ()))

    def debrief(self) -> None:
        try:
            from ..report.text import render_debrief_text
            from ..scoring import default_rubric, score
        except ImportError:
            return
        works = self.rec.works if self.writes else {}
        if works:  # graded with the written work: its criteria and findings join the interview's
            debrief = score(self.scenario, default_rubric(), self.rec.session.turns, ending=self.rec.session.outcome,
                            hints=self.rec.hint_turns, works=works)
        else:  # the recorder graded the session when it ended; a preview (not recorded) is scored here
            debrief = self.interview_debrief()
        self.say("")
        self.say(render_debrief_text(debrief, lang=self.lang))

    def suspend(self) -> int:
        self.para(t("player.saved", self.lang).format(path=self.rec.path))
        self.say(f"  negosim play --plain --resume {shlex.quote(str(self.rec.path))}")
        return 0
