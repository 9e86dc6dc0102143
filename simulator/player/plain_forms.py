"""A written-work form filled in line by line (plain player, plain exam): one field after another, a draft
saved after each answer, then a recap where any field can be changed before the form is handed in.

The form itself (its fields, labels, how values are read) is ``simulator.written.forms``; this module only
asks and shows. ``ask`` returns the line typed, or None when there is no more input or no more time: the form
then stops where it is, its last draft saved. ``save(work, final)`` journals a save and returns False when
it was refused (an exam whose time is over): the form stops too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from ..i18n import t
from ..learner_input import InputProblem, check_line
from ..written.forms import Form, FormField
from ..written.model import Work

Ask = Callable[[str], "str | None"]
Save = Callable[[Work, bool], bool]
CLEAR = "-"  # typed at a field: empties it
LATER = ("n", "non", "no", "plus tard", "later")  # at the recap: keep the form as a draft
_SEPARATORS = re.compile(r"[\s,;]+")
SHOWN = 120  # characters of a long text shown in the recap


class Output(Protocol):
    lang: str

    def say(self, text: str = "") -> None: ...
    def para(self, text: str, indent: str = "") -> None: ...


class Stop(Exception):
    """No more input, or no more time: the form stops with its last draft saved."""


def fill_form(out: Output, form: Form, ask: Ask, save: Save, draft: Work | None = None) -> Work | None:
    """Ask every field of ``form`` (starting from ``draft``), saving a draft after each answer; returns the work
    handed in, or None when the learner kept it as a draft or the input stopped."""
    lang = out.lang
    values = form.values_of(draft)
    out.say("")
    out.say("=" * 72)
    out.para(form.title(lang).upper())
    out.para(form.intro(lang))
    try:
        for i, f in enumerate(form.fields, 1):
            _ask_field(out, form, f, i, values, ask, save)
        while True:
            work, problems = form.read(values, lang)
            _recap(out, form, values, problems)
            answer = _read(ask, t("player.form.recap_prompt" if not problems else "player.form.recap_fix", lang))
            word = answer.strip().lower()
            if not word and not problems:
                if not save(work, True):
                    raise Stop
                out.para(t("player.form.handed_in", lang, title=form.title(lang)))
                return work
            if word in LATER:
                out.para(t("player.form.kept_draft", lang, title=form.title(lang)))
                return None
            if word.isdecimal() and 1 <= int(word) <= len(form.fields):  # not isdigit: int() refuses « ¹ »
                _ask_field(out, form, form.fields[int(word) - 1], int(word), values, ask, save)
            elif not word:  # problems to correct: ask again the fields they are about
                for i, f in enumerate(form.fields, 1):
                    if _problem(form, f, values, lang):
                        _ask_field(out, form, f, i, values, ask, save)
            else:
                out.para(t("player.form.recap_help", lang, n=len(form.fields)))
    except Stop:
        return None


def _read(ask: Ask, prompt: str) -> str:
    line = ask(prompt)
    if line is None:
        raise Stop
    return line


def _ask_field(out: Output, form: Form, f: FormField, number: int, values: dict[str, Any], ask: Ask,
               save: Save) -> None:
    """Ask one field until its answer reads (or is left as it was), then save the draft."""
    lang = out.lang
    out.say("")
    head = f"[{number}/{len(form.fields)}] {f.label(lang)}"
    out.para(head + (f" — {f.help(lang)}" if f.help(lang) else ""))
    for i, option in enumerate(f.options, 1):
        out.say(f"    {i}. {option.label(lang)}")
    how = "paragraphs" if f.paragraphs else f.kind
    out.para(t(f"player.form.how.{how}", lang, n=max(f.max_turn, 1)), indent="  ")
    current = values.get(f.name)
    if current not in (None, "", [], ()):
        out.para(t("player.form.current", lang, value=_shown(f, current, lang)), indent="  ")
    while True:
        raw = _answer(out, f, ask)
        if raw is None:  # Enter: kept as it was
            return
        try:
            value = _value(f, raw)
        except ValueError:
            out.para("✗ " + t("player.form.bad_option", lang, n=len(f.options)))
            continue
        trial = {**values, f.name: value}
        problem = _problem(form, f, trial, lang)
        if problem and value not in (None, "", []):  # a value that does not read: say why, ask again
            if isinstance(value, list):  # lines typed (too few, say): kept in the draft, Enter keeps them
                values[f.name] = value
                if not save(form.read(values, lang)[0], False):
                    raise Stop
            out.para("✗ " + problem)
            continue
        values[f.name] = value
        work, _ = form.read(values, lang)
        if not save(work, False):
            raise Stop
        return


def _answer(out: Output, f: FormField, ask: Ask) -> str | list[str] | None:
    """What was typed for one field: a line; for several lines, the lines up to an empty one, and for a text in
    paragraphs up to two empty lines (or a lone « . »). None: Enter alone (keep the field as it is); CLEAR
    empties it."""
    prompt = "  > "
    if f.kind not in ("lines", "text"):
        line = _checked(out, ask, prompt)
        return None if not line.strip() else line.strip()
    lines: list[str] = []
    while True:
        line = _checked(out, ask, prompt if not lines else "  … ")
        if line.strip() == "." or (not line.strip() and (not f.paragraphs or not lines or not lines[-1])):
            break  # an empty line ends; a text in paragraphs (an email) ends on two, or on a lone « . »
        lines.append(line.strip())
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        return None
    return lines if f.kind == "lines" else "\n".join(lines)


def _checked(out: Output, ask: Ask, prompt: str) -> str:
    while True:
        line = _read(ask, prompt)
        try:
            check_line(line)
            return line
        except InputProblem as problem:
            out.para("✗ " + problem.message(out.lang))


def _value(f: FormField, raw: str | list[str]) -> Any:
    """The raw value ``Form.read`` takes for what was typed: option numbers become option values."""
    if raw == CLEAR or raw == [CLEAR]:
        return [] if f.kind in ("lines", "multi", "order") else ""
    if f.kind in ("choice", "level"):
        return _option(f, str(raw))
    if f.kind in ("multi", "order"):
        return [_option(f, part) for part in _SEPARATORS.split(str(raw)) if part]
    return raw


def _option(f: FormField, text: str) -> str:
    text = text.strip()
    if text.isdigit() and 1 <= int(text) <= len(f.options):
        return f.options[int(text) - 1].value
    if any(o.value == text for o in f.options):
        return text
    raise ValueError(text)


def _problem(form: Form, f: FormField, values: dict[str, Any], lang: str) -> str | None:
    """What is wrong with one field's value (None: nothing), read by the form itself."""
    _, problems = replace(form, fields=(f,)).read({f.name: values.get(f.name)}, lang)
    return problems[0] if problems else None


def _shown(f: FormField, value: Any, lang: str) -> str:
    """A field's value as the recap shows it: option labels, lines joined, long text cut."""
    labels = {o.value: o.label(lang) for o in f.options}
    if isinstance(value, list):
        text = " ; ".join(labels.get(v, v) for v in value)
    else:
        text = labels.get(str(value), str(value))
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def _recap(out: Output, form: Form, values: dict[str, Any], problems: list[str]) -> None:
    lang = out.lang
    out.say("")
    out.para(t("player.form.recap", lang, title=form.title(lang)))
    for i, f in enumerate(form.fields, 1):
        value = values.get(f.name)
        shown = _shown(f, value, lang) if value not in (None, "", []) else "—"
        out.para(t("player.form.recap_line", lang, n=i, label=f.label(lang), value=shown), indent="  ")
    for problem in problems:
        out.para("✗ " + problem, indent="  ")


__all__ = ["CLEAR", "Ask", "Output", "Save", "fill_form"]
