"""French typography of displayed text: where a line may break, and where it must not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from simulator.content.typography import NBSP, NNBSP, french


def test_a_figure_never_breaks_between_its_digit_groups_or_before_its_unit():
    # seen in play: « formation 11 » at the end of one line, « 000 € » at the start of the next
    shown = french("installation 8 500 €, formation 11 000 €, remise de 5 %, 1 234 567 €")
    assert shown == (f"installation 8{NNBSP}500{NNBSP}€, formation 11{NNBSP}000{NNBSP}€, remise de 5{NNBSP}%, "
                     f"1{NNBSP}234{NNBSP}567{NNBSP}€")


def test_numbers_that_are_not_one_figure_keep_their_spaces():
    # a phone number's pairs, a count before a word, a group of four digits after a year are not one figure
    for text in ("tél. 04 78 12 34 56", "3 axes, 42 salariés", "de 2 à 10 000"):
        assert french(text).replace(NNBSP, " ") == text
    assert french("3 axes, 42 salariés") == "3 axes, 42 salariés"
    assert french("de 2 à 10 000") == f"de 2 à 10{NNBSP}000"


@given(st.integers(min_value=1000, max_value=10**12))
def test_any_grouped_amount_is_one_unbreakable_word(amount):
    grouped = f"{amount:,}".replace(",", " ")
    shown = french(f"Prix : {grouped} € HT.")
    assert shown == f"Prix{NBSP}: {grouped.replace(' ', NNBSP)}{NNBSP}€ HT."


def test_the_transcript_never_starts_a_line_with_a_question_mark_or_a_figure_s_tail():
    # Rich (and so the transcript) breaks lines at any Unicode space, no-break ones included
    from rich.console import Console

    from simulator.tui.widgets.transcript import Entry, Palette, render_entry

    body = french("Le reste est chiffré en annexe : installation 8 500 €, formation 11 000 €. Vous êtes à combien ?")
    for width in range(20, 70):
        console = Console(width=width, color_system=None, record=True)
        for kind in ("client", "learner"):
            console.print(render_entry(Entry(kind, body, "Claire Dubreuil"), Palette()))
        shown = console.export_text()
        lines = [line.strip(" ▌▐") for line in shown.splitlines()]
        assert not [line for line in lines if line[:1] in ("?", ":", "€") or line[:3] == "000"], width
        assert f"11{NNBSP}000{NNBSP}€" in shown  # the no-break spaces are shown as they were


@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_an_hour_never_breaks(hours, minutes):
    # seen in play: « les chiffres avant 9 h » at the end of one line, « 15. » at the start of the next
    assert french(f"avant {hours} h {minutes:02d}, pas après.") == f"avant {hours}{NNBSP}h{NNBSP}{minutes:02d}, pas après."
    assert french(f"à {hours} h, puis") == f"à {hours}{NNBSP}h, puis"
    assert french(f"{hours} heures, {hours} hommes") == f"{hours} heures, {hours} hommes"
