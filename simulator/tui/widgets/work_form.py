"""A written-work form on screen: one control per field of a ``simulator.written.forms.Form``.

The form's description (fields, kinds, French and English labels) lives in the core, shared with the
plain player; this widget only draws it and hands back the raw values ``Form.read`` expects:

- ``choice`` a drop-down list, ``level`` a row of radio buttons (the three levels seen at once),
- ``multi`` a list of boxes to tick, ``order`` the same list ticked in order (the order is shown under it),
- ``line``, ``amount``, ``date`` a one-line input, ``lines`` and ``text`` a text area (one item per line),
- ``turn`` a drop-down of the session's turns with the learner's own line, when the screen gives them.

Every edit posts :class:`WorkForm.Edited` (the screen saves a draft from it). Labels, options and whatever
the learner typed are shown as plain text, never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, RadioButton, RadioSet, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from ...i18n import get_lang, t
from ...written.forms import Form, FormField

TALL_TEXT = ("body",)  # the email's message: more room than a note


def field_id(index: int) -> str:
    """Field names hold dots (``levels.c1``): the controls are addressed by position instead."""
    return f"form-field-{index}"


class WorkForm(VerticalScroll):
    """The fields of one form, top to bottom; Tab and Shift+Tab go from one to the next."""

    class Edited(Message):
        """The learner changed a field (not posted while values are being put back)."""

        def __init__(self, form: WorkForm) -> None:
            super().__init__()
            self.form = form

    def __init__(self, form: Form, values: dict[str, Any] | None = None, turn_lines: Sequence[str] = (),
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.form = form
        self.initial = dict(values or {})
        self.turn_lines = list(turn_lines)  # the learner's line at each turn, for the turn fields
        self._loading = True

    # -- drawing
    def compose(self) -> ComposeResult:
        lang = get_lang()
        intro = self.form.intro(lang)
        if intro:
            yield Static(Text(intro), classes="form-intro")
        for i, f in enumerate(self.form.fields):
            with Vertical(classes="form-field", id=f"{field_id(i)}-box"):
                label = Text(f.label(lang), style="bold")
                if f.required:
                    label.append(" *", style="bold")
                yield Static(label, classes="form-label")
                help_text = f.help(lang) or self._auto_help(f)
                if help_text:
                    yield Static(Text(help_text), classes="form-help")
                yield self._control(i, f, lang)
                if f.kind in ("multi", "order"):  # what is ticked, in words (and in order): not by colour alone
                    yield Static("", classes="form-order", id=f"{field_id(i)}-order")

    def _auto_help(self, f: FormField) -> str:
        if f.kind == "order":
            return t("form.order_help")
        if f.kind == "multi":
            return t("form.multi_help", n=f.max_items) if f.max_items else t("form.multi_help_any")
        if f.kind == "lines":
            return t("form.lines_help")
        return ""

    def _control(self, i: int, f: FormField, lang: str) -> Widget:
        wid = field_id(i)
        if f.kind == "choice":
            return Select([(Text(o.label(lang)), o.value) for o in f.options], prompt=t("form.pick"), id=wid,
                          compact=True, classes="form-control")
        if f.kind == "level":
            return RadioSet(*[RadioButton(Text(o.label(lang)), name=o.value) for o in f.options], id=wid,
                            classes="form-control form-levels")
        if f.kind in ("multi", "order"):
            return SelectionList[str](*[Selection(Text(o.label(lang)), o.value) for o in f.options], id=wid,
                                      classes="form-control form-choices")
        if f.kind == "turn" and self.turn_lines:
            options = [(Text(t("form.turn_option", n=n, line=line)), str(n)) for n, line in enumerate(self.turn_lines, 1)]
            return Select(options, prompt=t("form.pick_turn"), id=wid, compact=True, classes="form-control")
        raw = self.initial.get(f.name)
        if f.kind in ("lines", "text"):
            text = "\n".join(raw) if isinstance(raw, (list, tuple)) else raw if isinstance(raw, str) else ""
            area = TextArea(text, id=wid, soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
                            classes="form-control form-text" + (" -tall" if f.name in TALL_TEXT else ""),
                            placeholder=t("form.lines_placeholder") if f.kind == "lines" else "")
            return area
        placeholder = {"amount": t("form.amount_placeholder"), "date": t("form.date_placeholder"),
                       "turn": t("form.turn_placeholder", n=max(f.max_turn, 1))}.get(f.kind, "")
        return Input(raw if isinstance(raw, str) else "", placeholder=placeholder, id=wid, classes="form-control",
                     select_on_focus=False)

    def on_mount(self) -> None:
        # dismissed while mounting (Escape at once on a loaded machine): its fields were pruned first, nothing to
        # fill (the draft stays on disk)
        if len(self.query(".form-control")) < len(self.form.fields):
            return
        # text fields were built with their text (a TextArea given its text after mounting can lose it); the
        # lists and choices are set here, boxes ticked one by one so an ordered choice keeps its order
        self.load({k: v for k, v in self.initial.items() if not isinstance(self.control_of(k), (TextArea, Input))})

    def control_of(self, name: str) -> Widget | None:
        index = next((i for i, f in enumerate(self.form.fields) if f.name == name), None)
        return None if index is None else self.control(index)

    def _loaded(self) -> None:
        self._loading = False

    # -- values
    def control(self, index: int) -> Widget:
        return self.query_one(f"#{field_id(index)}")

    def values(self) -> dict[str, Any]:
        """The raw values, as ``Form.read`` takes them."""
        out: dict[str, Any] = {}
        for i, f in enumerate(self.form.fields):
            widget = self.control(i)
            if isinstance(widget, Select):
                out[f.name] = "" if widget.is_blank() else str(widget.value)
            elif isinstance(widget, RadioSet):
                pressed = widget.pressed_button
                out[f.name] = pressed.name if pressed is not None and pressed.name else ""
            elif isinstance(widget, SelectionList):
                out[f.name] = list(widget.selected)  # in the order they were ticked
            elif isinstance(widget, TextArea):
                out[f.name] = widget.text.splitlines() if f.kind == "lines" else widget.text
            elif isinstance(widget, Input):
                out[f.name] = widget.value
        return out

    def load(self, values: dict[str, Any]) -> None:
        """Put saved values (a draft, or what was typed before a language switch) back in the fields."""
        self._loading = True
        for i, f in enumerate(self.form.fields):
            raw = values.get(f.name)
            if raw is None:
                continue
            widget = self.control(i)
            if isinstance(widget, Select):
                allowed = ({str(n) for n in range(1, len(self.turn_lines) + 1)} if f.kind == "turn"
                           else {o.value for o in f.options})
                if raw in allowed:
                    widget.value = raw
            elif isinstance(widget, RadioSet):
                for button in widget.query(RadioButton):
                    if button.name == raw:
                        button.value = True
            elif isinstance(widget, SelectionList):
                widget.deselect_all()
                for value in raw if isinstance(raw, (list, tuple)) else ():
                    if any(o.value == value for o in f.options):
                        widget.select(value)  # one by one: the order of the ticks is the order kept
            elif isinstance(widget, TextArea):
                widget.text = "\n".join(raw) if isinstance(raw, (list, tuple)) else str(raw)
            elif isinstance(widget, Input):
                widget.value = str(raw)
        self._show_orders()
        self.call_after_refresh(self._loaded)

    def _show_orders(self) -> None:
        lang = get_lang()
        for i, f in enumerate(self.form.fields):
            if f.kind not in ("multi", "order"):
                continue
            labels = {o.value: o.label(lang) for o in f.options}
            picked = [labels.get(v, v) for v in self.control(i).selected]  # type: ignore[attr-defined]
            if f.kind == "multi":
                line = t("form.ticked", items=", ".join(picked)) if picked else t("form.ticked_none")
            else:
                line = (t("form.order", items="  →  ".join(f"{n}. {label}" for n, label in enumerate(picked, 1)))
                        if picked else t("form.order_none"))
            self.query_one(f"#{field_id(i)}-order", Static).update(Text(line, style="italic"))

    def focus_field(self, index: int) -> None:
        boxes = self.query(f"#{field_id(index)}-box")
        if not boxes:  # the screen went away before this ran (the exam's clock moved on)
            return
        self.control(index).focus()
        self.scroll_to_widget(boxes.first(), animate=False)

    def field_of(self, problem: str) -> int | None:
        """The field a problem of ``Form.read`` is about (its messages quote the field's label first)."""
        lang = get_lang()
        for i, f in enumerate(self.form.fields):
            if f.label(lang) in problem:
                return i
        return None

    # -- edits
    def _edited(self) -> None:
        if not self._loading:
            self.post_message(self.Edited(self))

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(RadioSet.Changed)
    def _on_change(self, event: Message) -> None:
        event.stop()
        self._edited()

    @on(SelectionList.SelectedChanged)
    def _on_ticks(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self._show_orders()
        self._edited()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter in a one-line field goes on to the next field, as Tab does (it never submits the form)."""
        event.stop()
        self.screen.focus_next()
