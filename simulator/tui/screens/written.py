"""The written work around an interview in the terminal app: one screen per form, and the order they come in.

Before the interview, the preparation sheet is filled in with the briefing beside it; after it, the
self-assessment (before the grid is shown), the CRM note and the follow-up email, then the debrief. The
forms themselves are described in ``simulator.written.forms`` (shared with the plain player); a screen
draws one with :class:`~simulator.tui.widgets.work_form.WorkForm`, saves a draft a moment after each
edit (``final: false`` in the journal, so a killed process loses nothing typed) and the final version on
Ctrl+S once ``Form.read`` finds nothing to correct. In practice Escape puts a form aside (its draft kept);
a session resumed later comes back to the form left as a draft.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from ...content.typography import localise, squash
from ...i18n import get_lang, t
from ...written.forms import (
    Form,
    assessed_criteria,
    crm_form,
    email_form,
    preparation_form,
    self_assessment_form,
)
from ..bindings import localise_bindings, localise_select_menus
from ..relabel import Relabels
from ..widgets.footer import Footer
from ..widgets.work_form import WorkForm

if TYPE_CHECKING:
    from ...content.scenario import Scenario
    from ...store.recorder import RecordedSession
    from ...written.model import Work
    from ..app import NegosimApp

DRAFT_DELAY = 0.6  # seconds after the last edit before the draft is written (each save is one journal line)
SUBMITTED, LATER = "submitted", "later"
AFTER_INTERVIEW = ("self_assessment", "crm_note", "email")  # in this order, before the debrief

Saver = Callable[["Work", bool], None]  # (work, final): journal one save; raises OSError (or the exam's refusal)


class WrittenScreen(Relabels, Screen[str]):
    """One form to fill in; dismissed with SUBMITTED once saved as final, or LATER (Escape, practice only).

    ``aside`` draws what stays in view beside the form (the briefing, for the preparation sheet); ``top``
    what goes above it (the exam's countdown)."""

    CSS_PATH = ["../briefing.tcss", "../written.tcss"]  # the briefing beside the sheet is styled as on its own screen
    BINDINGS = [
        Binding("ctrl+s", "submit", "submit_work", id="negosim.submit_work"),
        Binding("escape", "later", "later", id="negosim.later"),
    ]

    def __init__(self, form: Form, save: Saver, draft: Work | None = None, *, step: str = "",
                 turn_lines: Sequence[str] = (), aside: Callable[[], Iterable[Widget]] | None = None,
                 top: Callable[[], Iterable[Widget]] | None = None, can_put_aside: bool = True,
                 keys: str | None = None, on_done: Callable[[str], None] | None = None):
        super().__init__(name="written")  # the help screen's text for it: help.screen.written
        localise_bindings(self)
        self.form = form
        self.save = save
        self.step = step  # « 1/3 »: where this form is in the series
        self.turn_lines = list(turn_lines)
        self.aside = aside
        self.top = top
        self.can_put_aside = can_put_aside
        self.keys = keys
        self.on_done = on_done  # what comes next, called once the screen is closed
        self._values: dict[str, Any] = form.values_of(draft)
        # what is on disk: nothing to save while the form shows it (an untouched form saves no empty draft)
        self._saved: dict[str, Any] = (draft if draft is not None else form.read({})[0]).as_dict()
        self._timer: Any = None
        self._last_values: dict[str, Any] = dict(self._values)
        self.saves = 0  # journal lines written by this screen (drafts and final), read by the tests

    # -- layout
    def compose(self) -> ComposeResult:
        lang = get_lang()
        if self.top is not None:
            yield from self.top()
        title = Text(self.form.title(lang), style="bold")
        if self.step:
            title.append(f"  ·  {self.step}")
        yield Static(title, classes="title-bar", id="written-title")
        form = WorkForm(self.form, self._values, self.turn_lines, id="work-form")
        if self.aside is not None:
            with Horizontal(id="written-main"):
                with VerticalScroll(id="written-aside"):
                    yield from self.aside()
                yield form
        else:
            yield form
        yield Static("", id="written-status")
        yield Static(Text(self.keys or self._keys_line()), id="written-keys")
        yield Footer()

    def _keys_line(self) -> str:
        return t("written.keys") if self.can_put_aside else t("written.keys.required")

    def on_mount(self) -> None:
        localise_select_menus(self)
        self._focus_first()

    def _focus_first(self) -> None:
        form = self.query_one(WorkForm)
        if self.form.fields:
            self.call_after_refresh(form.focus_field, 0)

    @property
    def work_form(self) -> WorkForm:
        return self.query_one(WorkForm)

    # -- saving
    @on(WorkForm.Edited)
    def _edited(self) -> None:
        self._last_values = self.work_form.values()  # kept for on_unmount: the fields are gone by then
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DRAFT_DELAY, self.save_draft, name="written-draft")

    def save_draft(self) -> bool:
        """Write what is typed as a draft, unless it is what was last saved. True when a line was written."""
        self._timer = None
        work, _ = self.form.read(self.work_form.values(), get_lang())
        if work.as_dict() == self._saved:
            return False
        return self._write(work, final=False)

    def _write(self, work: Work, final: bool, quiet: bool = False) -> bool:
        try:
            self.save(work, final)
        except OSError as exc:
            self._status(t("written.not_saved", error=exc.strerror or str(exc)), error=True)
            return False
        except Exception as exc:  # noqa: BLE001 - the exam refuses a save out of its time: said, not a traceback
            if exc.__class__.__name__ != "ExamError":
                raise
            self._status(str(exc), error=True)
            return False
        self._saved = work.as_dict()
        self.saves += 1
        if not final and not quiet:
            self._status(t("written.draft_saved"))
        return True

    def _status(self, message: str, error: bool = False) -> None:
        statuses = self.query("#written-status")
        if not statuses:  # closing (the exam's clock took the screen away): nothing to say it on
            return
        status = statuses.first(Static)
        status.update(Text(localise(message, get_lang()), style="bold" if error else "dim"))
        status.set_class(error, "error")

    def action_submit(self) -> None:
        if self.hand_in():
            self.close(SUBMITTED)

    def hand_in(self) -> bool:
        """Save the form as final if ``Form.read`` finds nothing to correct; else say what, the cursor on the
        first field concerned (what is typed is kept as a draft meanwhile). True when saved as final."""
        lang = get_lang()
        form = self.work_form
        work, problems = self.form.read(form.values(), lang)
        if problems:
            self._status("\n".join(problems), error=True)
            index = form.field_of(problems[0])
            if index is not None:
                form.focus_field(index)
            if work.as_dict() != self._saved:
                self._write(work, final=False, quiet=True)
            return False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self._write(work, final=True):
            return False
        self._status(t("written.handed_in"))
        return True

    def action_later(self) -> None:
        if not self.can_put_aside:
            return
        if self._timer is not None:
            self._timer.stop()
        self.save_draft()
        self.close(LATER)

    def close(self, result: str) -> None:
        """Dismissed with ``result``, then what comes next (a callback of its own: the screen under it may have
        been replaced, and a push_screen callback goes to the screen that pushed)."""
        self.dismiss(result)
        if self.on_done is not None:
            self.app.call_later(self.on_done, result)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "later":
            return self.can_put_aside
        return True

    def on_unmount(self) -> None:
        if self._timer is not None:  # closed some other way (the exam's clock): what was typed is kept
            self._timer.stop()
            self._timer = None
            work, _ = self.form.read(self._last_values, get_lang())
            if work.as_dict() != self._saved:
                self._write(work, final=False, quiet=True)

    async def relabel(self) -> None:
        self._values = self.work_form.values()  # the labels change, not what was typed
        await super().relabel()

    def after_relabel(self) -> None:
        localise_select_menus(self)
        self._focus_first()


# ---------------------------------------------------------------- what goes in the forms

def briefing_aside(scenario: Scenario, mode: str) -> Callable[[], Iterable[Widget]]:
    """The briefing's sections, to keep in view beside the preparation sheet."""
    def draw() -> Iterable[Widget]:
        from .briefing import briefing_sheet

        yield Static(t("written.aside"), classes="aside-title")
        yield from briefing_sheet(scenario, mode)

    return draw


def turn_lines(rec: RecordedSession) -> list[str]:
    """The learner's line at each turn, as the debrief shows it (for « your best moment: turn n »)."""
    lang = rec.session.scenario.spec.language
    return [localise(squash(turn.learner_text), lang) for turn in rec.session.turns]


def interview_debrief(rec: RecordedSession) -> Any:
    """The interview's grid without the written work: what the self-assessment asks the learner to rate (the
    plain player asks the same, ``written.forms.assessed_criteria``)."""
    from ...scoring import default_rubric, score

    session = rec.session
    return getattr(rec, "debrief", None) or score(session.scenario, default_rubric(), session.turns,
                                                  hints=getattr(rec, "hint_turns", ()))


def after_form(kind: str, rec: RecordedSession) -> Form:
    """The form of one kind of after-interview work for this session."""
    scenario = rec.session.scenario
    if kind == "self_assessment":
        return self_assessment_form(assessed_criteria(interview_debrief(rec)), len(rec.session.turns))
    return crm_form(scenario) if kind == "crm_note" else email_form(scenario)


def pending_after(rec: RecordedSession, drafts_only: bool = False) -> list[str]:
    """The after-interview forms not yet submitted; with ``drafts_only``, none unless one of them was begun (a
    session reopened from the history goes back to work left as a draft, not to forms the learner never opened)."""
    works = rec.works
    pending = [k for k in AFTER_INTERVIEW if k not in works or not works[k].final]
    if drafts_only and not any(k in works for k in pending):
        return []
    return pending


def preparation_pending(rec: RecordedSession) -> bool:
    """A resumed session comes back to the preparation sheet when it was left as a draft before the first move."""
    if rec.session.turns:
        return False
    saved = rec.works.get("preparation")
    return saved is not None and not saved.final


def preparation_screen(rec: RecordedSession, mode: str) -> WrittenScreen:
    """The preparation sheet of a practice session, the briefing beside it."""
    scenario = rec.session.scenario
    saved = rec.works.get("preparation")
    return WrittenScreen(preparation_form(scenario), lambda work, final: rec.record_work(work, final=final),
                         saved.work if saved is not None else None, aside=briefing_aside(scenario, mode),
                         keys=t("written.keys.preparation"))


def open_after_interview(app: NegosimApp, rec: RecordedSession, replace: bool = False,
                         drafts_only: bool = False) -> None:
    """The after-interview forms still to write, one after the other, then the debrief."""
    kinds = pending_after(rec, drafts_only)
    total = len(AFTER_INTERVIEW)

    def show(index: int, replace_current: bool) -> None:
        if index >= len(kinds):
            app.open_debrief(rec, replace=replace_current)
            return
        kind = kinds[index]
        saved = rec.works.get(kind)
        screen = WrittenScreen(after_form(kind, rec), lambda work, final: rec.record_work(work, final=final),
                               saved.work if saved is not None else None,
                               step=t("written.step", n=AFTER_INTERVIEW.index(kind) + 1, total=total),
                               turn_lines=turn_lines(rec) if kind == "self_assessment" else ())

        screen.on_done = lambda _result: show(index + 1, False)
        if replace_current:  # in place of the conversation
            app.switch_screen(screen)
        else:
            app.push_screen(screen)

    show(0, replace)


__all__ = ["AFTER_INTERVIEW", "DRAFT_DELAY", "LATER", "SUBMITTED", "WrittenScreen", "after_form",
           "briefing_aside", "interview_debrief", "open_after_interview", "pending_after", "preparation_pending",
           "preparation_screen", "turn_lines"]
