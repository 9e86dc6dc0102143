"""Characters Python calls digits but ``int()`` refuses (« ¹ », « ² », « ① ») typed where a number is read.

Hypothesis found one in the plain player's form recap (a learner typing « ¹ » to reopen field 1 got a traceback):
``str.isdigit`` accepts them, ``int`` does not. Every place that checked ``isdigit`` before ``int`` now checks
``isdecimal``; these tests hold each one to a clear answer.
"""

from __future__ import annotations

import pytest

from simulator.report.corrections import CorrectionError, parse_corrections
from simulator.written.forms import self_assessment_form

ODD_DIGITS = ["¹", "²", "①", "1²"]


@pytest.mark.parametrize("typed", ODD_DIGITS)
def test_a_turn_field_asks_again_for_a_number(typed):
    form = self_assessment_form([("n_argumentation", "Argumentation", "Argumentation")], turns=12)
    baseline = form.read({"best_turn": "3", "weakest_turn": "3"})[1]
    work, problems = form.read({"best_turn": typed, "weakest_turn": "3"})
    assert len(problems) == len(baseline) + 1 and "12" in problems[-1]  # a turn from 1 to 12, not a traceback
    assert form.read({"best_turn": "٣", "weakest_turn": "3"})[1] == baseline  # another script's decimal digit reads


@pytest.mark.parametrize("typed", ODD_DIGITS)
def test_a_correction_with_such_a_turn_is_refused_with_its_form(typed):
    with pytest.raises(CorrectionError, match="TOUR=OPTION"):
        parse_corrections([f"{typed}=question-ouverte"])
