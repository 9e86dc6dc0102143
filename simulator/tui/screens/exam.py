"""The exam flow in the terminal app: the jury's set-up, the timed preparation, the timed interview, the end.

The rules (times, refusal of late moves, sealing) live in :class:`simulator.exam.flow.ExamRun`; these
screens only show it. The interview reuses the conversation screen in exam mode (no hints, no undo,
no mood cues, no open objections) with a countdown on top. Time comes from the app's clock, which
tests replace by a manual one.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Select, SelectionList, Static

from ...content.typography import localise
from ...exam.clock import format_clock, format_duration
from ...exam.flow import ENDED, INTERVIEW, PREPARATION, WRITING, ExamError, ExamRun
from ...i18n import get_lang, t
from ...written.forms import preparation_form
from ..widgets.footer import Footer
from .play import PlayScreen
from .written import WrittenScreen, briefing_aside

if TYPE_CHECKING:
    from ..exam import ExamApp

DRAW = "__tirage__"
LOW_TIME = 60  # seconds: the countdown turns to a warning


def label_bindings(node: Any) -> None:
    """Footer labels of the exam's own bindings (ids ``exam.<name>``) in the current language."""
    import dataclasses

    table = node._bindings.key_to_bindings  # noqa: SLF001 - the per-node copy, as simulator/tui/bindings.py does
    for key, bindings in table.items():
        table[key] = [dataclasses.replace(b, description=t("exam.key." + b.id.removeprefix("exam.")))
                      if b.id and b.id.startswith("exam.") else b for b in bindings]


def parse_minutes(text: str) -> float | None:
    """'20', '7,5', '7.5' -> minutes; '' -> None (the scenario's); raises ValueError otherwise."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities
        raise ValueError(text)
    return value


class ExamClock(Static):
    """The countdown of the current phase, on top of the preparation and interview screens."""

    def show(self, run: ExamRun) -> None:
        phase = run.phase
        left = run.remaining
        if phase == PREPARATION:
            text = t("exam.clock.preparation", left=format_clock(left))
        elif phase == INTERVIEW:
            text = t("exam.clock.interview", left=format_clock(left))
        elif phase == WRITING:
            text = t("exam.clock.writing", left=format_clock(left))
        else:
            text = t("exam.clock.ended")
        self.update(Text(text, style="bold"))
        self.set_class(phase != ENDED and left <= LOW_TIME, "-low")


class ConfirmScreen(ModalScreen[bool]):
    CSS_PATH = "../modals.tcss"
    BINDINGS = [Binding("o,y", "answer(True)", "yes", id="exam.yes"), Binding("n,escape", "answer(False)", "no", id="exam.no")]

    def __init__(self, question: str):
        super().__init__(classes="message")
        label_bindings(self)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="message-box"):
            yield Static(self.question, classes="message-title", markup=False)
            yield Static(t("exam.confirm.keys"), classes="message-keys", markup=False)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


# ---------------------------------------------------------------- set-up

class ExamSetupScreen(Screen):
    BINDINGS = [Binding("ctrl+s", "begin", "begin", id="exam.begin")]

    def __init__(self) -> None:
        super().__init__(id="exam-setup")
        label_bindings(self)
        self.cards: list[Any] = []

    @property
    def eapp(self) -> ExamApp:
        return self.app  # type: ignore[return-value]  # the app running these screens is a NegosimApp

    def compose(self) -> ComposeResult:
        from ...store.scenario_index import scan_library

        opts = self.eapp.exam_options
        self.cards = sorted((c for c in scan_library(self.eapp.extra_dirs).cards if not c.error),
                            key=lambda c: c.title.casefold())
        refs = list(opts.get("pool") or ())
        resolved = {str(Path(r).resolve()) for r in refs if Path(r).is_file()}
        wanted_pool = {c.id for c in self.cards if c.id in refs or str(Path(c.path).resolve()) in resolved}
        scenario_ref = opts.get("scenario")
        chosen = next((c.path for c in self.cards if scenario_ref in (c.id, c.path)
                       or (scenario_ref and Path(scenario_ref).resolve() == Path(c.path).resolve())), None)
        # titles and ids are content: Text, so « [id] » is shown, not read as markup (it vanished before)
        options = [(Text(t("exam.setup.draw")), DRAW)] + [(Text(f"{c.title} [{c.id}]"), c.path) for c in self.cards]
        initial = DRAW if wanted_pool else (chosen or Select.NULL)
        yield Static(t("exam.setup.title"), classes="title-bar", markup=False)
        with VerticalScroll(id="setup-form"):
            yield Static(t("exam.setup.candidate"), classes="field-label", markup=False)
            yield Input(opts.get("candidate") or "", id="candidate")
            yield Static(t("exam.setup.examiner"), classes="field-label", markup=False)
            yield Input(opts.get("examiner") or "", id="examiner")
            yield Static(t("exam.setup.scenario"), classes="field-label", markup=False)
            yield Select(options, value=initial, id="scenario", prompt="—")
            yield Static(t("exam.setup.pool"), classes="field-label", markup=False)
            pooled = [(Text(f"{c.title} [{c.id}]"), c.id, c.id in wanted_pool) for c in self.cards]
            yield SelectionList[str](*pooled, id="pool")
            yield Static(t("exam.setup.seed"), classes="field-label", markup=False)
            seed = opts.get("seed")
            yield Input(str(seed if seed is not None else secrets.randbelow(100_000)), id="seed")
            with Horizontal(id="setup-times"):
                with Vertical():
                    yield Static(t("exam.setup.preparation"), classes="field-label", markup=False)
                    prep = opts.get("preparation")
                    yield Input("" if prep is None else f"{prep:g}", id="preparation")
                with Vertical():
                    yield Static(t("exam.setup.interview"), classes="field-label", markup=False)
                    inter = opts.get("interview")
                    yield Input("" if inter is None else f"{inter:g}", id="interview")
            with Horizontal(id="setup-writing"):
                with Vertical():
                    yield Static(t("exam.setup.after"), classes="field-label")
                    after = opts.get("after")
                    yield Input("" if after is None else f"{after:g}", id="after")
                with Vertical():
                    yield Static(t("exam.setup.questions"), classes="field-label")
                    questions = opts.get("questions")
                    yield Input("" if questions is None else str(questions), id="questions")
            key = self.eapp.key
            yield Static(t("exam.setup.key", key_id=key.key_id) if key else t("exam.setup.nokey"), id="setup-key",
                         classes="" if key else "warning", markup=False)
            yield Static("", id="setup-error", markup=False)
            yield Button(t("exam.setup.begin"), id="begin", variant="primary")
        yield Static(t("exam.setup.keys"), classes="keys-bar", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#candidate", Input).focus()

    def reset(self) -> None:
        """Ready for the next candidate: the name cleared, a fresh seed; the rest of the set-up is kept."""
        self.query_one("#candidate", Input).value = ""
        self.query_one("#seed", Input).value = str(secrets.randbelow(100_000))
        self.query_one("#setup-error", Static).update("")
        self.query_one("#candidate", Input).focus()

    @on(Button.Pressed, "#begin")
    def _begin_pressed(self) -> None:
        self.action_begin()

    def error(self, message: str) -> None:
        widget = self.query_one("#setup-error", Static)
        widget.update(Text(message, style="bold"))
        widget.add_class("error")

    def action_begin(self) -> None:
        """Check what the jury typed, draw if asked, open the record and start the preparation."""
        from ...content.diagnostics import ContentError
        from ...exam.flow import ExamSetup, draw_scenario
        from ...learner_input import InputProblem, learner_name

        candidate = self.query_one("#candidate", Input).value
        if not candidate.strip():
            self.error(t("exam.err.candidate"))
            return
        try:
            candidate = learner_name(candidate)  # shown in the record and the reports: no control characters
        except InputProblem as problem:
            self.error(problem.message(get_lang()))
            return
        seed_text = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(seed_text)
        except ValueError:
            self.error(t("exam.err.seed"))
            return
        minutes: dict[str, float | None] = {}
        for field in ("preparation", "interview", "after"):
            raw = self.query_one(f"#{field}", Input).value
            try:
                minutes[field] = parse_minutes(raw)
            except ValueError:
                self.error(t("exam.err.minutes", text=raw.strip()))
                return
        choice = self.query_one("#scenario", Select).value
        pool: list[str] = []
        if choice == DRAW:
            pool = list(self.query_one("#pool", SelectionList).selected)
            if not pool:
                self.error(t("exam.err.pool"))
                return
            drawn = draw_scenario(pool, seed)
            path = next(c.path for c in self.cards if c.id == drawn)
        elif isinstance(choice, str):
            path = choice
        else:
            self.error(t("exam.err.scenario"))
            return
        scenario = self.eapp.load_scenario_or_report(path)
        if scenario is None:
            return
        examiner = self.query_one("#examiner", Input).value.strip() or None
        questions_text = self.query_one("#questions", Input).value.strip()
        if questions_text and not questions_text.isdecimal():  # not isdigit: int() refuses « ² »
            self.error(t("exam.err.questions", text=questions_text))
            return
        try:
            setup = ExamSetup.create(scenario, candidate, seed=seed, preparation=minutes["preparation"],
                                     interview=minutes["interview"], pool=pool, examiner=examiner,
                                     after=minutes["after"], questions=int(questions_text) if questions_text else None)
        except (ExamError, ContentError) as exc:
            self.error("\n".join(exc.lines(get_lang())))
            return
        try:
            self.eapp.begin_exam(setup)
        except OSError as exc:
            self.error(t("exam.err.journal", error=exc.strerror or str(exc)))
            return
        if pool:
            self.app.notify(t("exam.setup.drawn", seed=seed, title=scenario.title), timeout=8, markup=False)


# ---------------------------------------------------------------- preparation

class ExamPreparationScreen(WrittenScreen):
    """The candidate's preparation: the sheet to fill in beside the briefing, the countdown on top. Drafts are
    journaled as typed (``ExamRun.save_work`` refuses them once the time is over); Ctrl+S hands the sheet in and
    asks whether to start the interview, F5 starts it without the sheet finished, Escape asks to stop the exam."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "hand_in", id="exam.hand_in"),
        Binding("f5", "start", "start", id="exam.start"),
        Binding("escape", "back", "stop", id="exam.stop"),
    ]

    def __init__(self, run: ExamRun):
        scenario = run.setup.scenario
        saved = run.rec.works.get("preparation")
        super().__init__(preparation_form(scenario), lambda work, final: run.save_work(work, final=final),
                         saved.work if saved is not None else None, aside=briefing_aside(scenario, "exam"),
                         top=lambda: [ExamClock(id="exam-clock")], can_put_aside=False, keys=t("exam.prep.keys"))
        label_bindings(self)
        self.run = run

    def on_mount(self) -> None:
        self.update_clock()  # WrittenScreen.on_mount runs too (Textual calls every class's handler)

    def update_clock(self) -> None:
        for clock in self.query(ExamClock):  # none yet while the screen is being composed
            clock.show(self.run)

    def action_submit(self) -> None:
        if self.hand_in():
            self.action_start()

    def action_start(self) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self.save_draft()  # what was typed since the last save, before the sheet closes
                self.run.start_interview()
                self.app.exam_tick()  # type: ignore[attr-defined]  # the exam screens run in an ExamApp

        self.app.push_screen(ConfirmScreen(t("exam.confirm.start")), answer)

    def action_back(self) -> None:
        self.app.confirm_abandon()  # type: ignore[attr-defined]  # the exam screens run in an ExamApp

    async def relabel(self) -> None:
        await super().relabel()
        label_bindings(self)
        self.update_clock()


# ---------------------------------------------------------------- writing phase

class ExamWritingScreen(WrittenScreen):
    """One form of the writing phase after an exam's interview, the countdown on top; Ctrl+S hands it in and
    goes on to the next, Escape goes on keeping the draft. After the last form the candidate is asked whether
    to hand everything in (the record is then sealed)."""

    def __init__(self, run: ExamRun, *args: Any, **kwargs: Any):
        super().__init__(*args, top=lambda: [ExamClock(id="exam-clock")], keys=t("exam.writing.keys"), **kwargs)
        self.run = run

    def on_mount(self) -> None:
        self.update_clock()

    def update_clock(self) -> None:
        for clock in self.query(ExamClock):
            clock.show(self.run)

    async def relabel(self) -> None:
        await super().relabel()
        self.update_clock()


# ---------------------------------------------------------------- interview

class ExamRecording:
    """What the conversation screen drives: the recorded session, with every move going through the exam's
    rules (a move after the time is up is refused and not recorded)."""

    def __init__(self, run: ExamRun):
        self.run = run

    def __getattr__(self, name: str) -> Any:
        return getattr(self.run.rec, name)

    def step(self, inp: Any) -> Any:
        try:
            return self.run.step(inp)
        except ExamError:
            raise  # a NegosimError: the play screen shows it like the engine's own refusals


class ExamPlayScreen(PlayScreen):
    """The conversation in exam mode with the countdown; Escape asks before stopping the exam."""

    def __init__(self, run: ExamRun):
        super().__init__(ExamRecording(run), mode="exam")  # type: ignore[arg-type]  # ExamRecording delegates to the run's RecordedSession (duck-typed)
        self.run = run

    def compose(self) -> ComposeResult:
        yield ExamClock(id="exam-clock")
        yield from super().compose()

    def on_mount(self) -> None:
        # Textual runs PlayScreen.on_mount by itself (handlers of every class in the MRO): calling it here
        # too would draw the client's opening line twice.
        self.update_clock()

    def update_clock(self) -> None:
        for clock in self.query(ExamClock):  # none yet while the screen is being composed
            clock.show(self.run)

    def refresh_panels(self, before: dict | None = None) -> None:
        super().refresh_panels(before)
        if self.rec.session.ended:
            key = "exam.play.to_writing" if self.run.phase == WRITING else "exam.play.ended_bar"
            self.query_one("#ended-bar", Static).update(t(key))
            self.update_clock()

    def action_leave(self) -> None:
        if self.run.ended:
            self.action_debrief()
        else:
            self.app.confirm_abandon()  # type: ignore[attr-defined]  # the exam screens run in an ExamApp

    def action_debrief(self) -> None:
        if self.run.phase == WRITING:
            self.app.open_writing()  # type: ignore[attr-defined]  # the exam screens run in an ExamApp
        elif self.run.ended:
            self.app.show_exam_end()  # type: ignore[attr-defined]  # the exam screens run in an ExamApp

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "debrief":
            return self.run.ended or self.run.phase == WRITING
        if action == "leave":
            return True
        return super().check_action(action, parameters)


# ---------------------------------------------------------------- end

class ExamEndScreen(Screen):
    BINDINGS = [
        Binding("r", "report", "report", id="exam.report"),
        Binding("d", "debrief", "debrief", id="exam.debrief"),
        Binding("n", "new", "new", id="exam.new"),
        Binding("q,escape", "quit_app", "quit", id="exam.quit"),
    ]

    def __init__(self, run: ExamRun):
        super().__init__(id="exam-end")
        label_bindings(self)
        self.run = run
        self.report_path: Path | None = None

    def compose(self) -> ComposeResult:
        yield Static(t("exam.end.title"), classes="title-bar", markup=False)
        with VerticalScroll(id="end-body"):
            yield Static(self.summary(), id="end-summary", markup=False)
        yield Static(t("exam.end.keys"), classes="keys-bar", markup=False)
        yield Footer()

    def summary(self) -> Text:
        from ...exam.record import outcome_label
        from ...exam.report import mark_label

        run, result = self.run, self.run.result
        assert result is not None
        lang = get_lang()
        setup = run.setup
        out = Text()
        out.append(t("exam.end.candidate", name=setup.candidate) + "\n", style="bold")
        out.append(t("exam.end.scenario", title=localise(setup.scenario.title, lang), seed=setup.seed) + "\n")
        out.append(t("exam.end.outcome", label=outcome_label(result.outcome, lang)) + "\n", style="bold")
        out.append(t("exam.end.durations",
                      prep=format_duration(result.preparation_seconds, lang) + f" / {setup.preparation_minutes:g} min",
                      interview=format_duration(result.interview_seconds, lang) + f" / {setup.interview_minutes:g} min")
                   + "\n")
        if setup.after_minutes:
            out.append(t("exam.end.writing", time=format_duration(result.writing_seconds, lang)
                         + f" / {setup.after_minutes:g} min") + "\n")
        out.append("\n")
        try:
            from ...scoring import default_rubric, score

            debrief = score(setup.scenario, default_rubric(), run.session.turns, ending=result.outcome,
                            works=run.rec.works or None, mode="exam")  # the written work counts in the marks
        except Exception:  # noqa: BLE001 - the record is sealed either way; the jury report will say why
            debrief = None
        if debrief is not None:
            out.append(t("exam.end.mark", mark=mark_label(debrief.mark, lang)) + "\n", style="bold")
            for b in debrief.block_results:
                if b.assessed:
                    out.append("  " + t("exam.end.block", number=b.number, title=b.title(lang), mark=mark_label(b.mark, lang))
                               + "\n")
            out.append("\n")
        if result.signed:
            out.append(t("exam.end.signed", key_id=result.seal.get("key_id")) + "\n")
        else:
            out.append(t("exam.end.unsigned") + "\n", style="bold")
        out.append(t("exam.end.record", path=str(result.path)) + "\n")
        if self.report_path is not None:
            out.append(t("exam.end.report", path=str(self.report_path)) + "\n")
        return out

    def action_report(self) -> None:
        from ...exam.record import load_exam
        from ...exam.report import render_html

        result = self.run.result
        assert result is not None
        target = result.path.with_suffix(".html")
        try:
            key = self.app.key  # type: ignore[attr-defined]  # the exam screens run in an ExamApp
            target.write_text(render_html(load_exam(result.path, key.public if key else None)), encoding="utf-8")
        except OSError as exc:
            self.app.notify(str(exc), severity="error", timeout=8, markup=False)
            return
        self.report_path = target
        self.query_one("#end-summary", Static).update(self.summary())
        self.app.notify(t("exam.end.written", path=str(target)), timeout=8, markup=False)

    def action_debrief(self) -> None:
        self.app.open_debrief(self.run.rec)  # type: ignore[attr-defined]  # the exam screens run in an ExamApp

    def action_new(self) -> None:
        self.app.new_exam()  # type: ignore[attr-defined]  # the exam screens run in an ExamApp

    def action_quit_app(self) -> None:
        self.app.exit(0)
