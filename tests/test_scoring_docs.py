"""docs/scoring.md stays true: its tables and its worked example are checked against the code."""

from __future__ import annotations

import re
from pathlib import Path

from test_scoring_scenarios import play, prospect

from simulator.report.json_report import DebriefDocument
from simulator.scoring import default_rubric, score
from simulator.scoring.context import CONTEXT_DOC

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")


def test_criteria_table_matches_the_rubric():
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| .+? \| (\d+) \|$", DOC, re.M))
    assert rows == {cid: str(c.weight) for cid, c in default_rubric().criteria.items()}


def test_every_context_name_and_code_is_documented():
    for name in CONTEXT_DOC:
        assert f"`{name}`" in DOC, name
    sources = "".join((ROOT / "simulator" / "scoring" / f).read_text(encoding="utf-8")
                      for f in ("rubric.py", "crosscheck.py"))
    for code in sorted(set(re.findall(r'"(NS\d{3})"', sources))):
        assert f"| {code} |" in DOC, code


def test_json_fields_are_documented():
    for name, field in DebriefDocument.model_fields.items():
        assert f"`{field.alias or name}`" in DOC, name


def test_worked_example_is_what_the_scorer_computes():
    d = score(prospect(), default_rubric(), play(prospect(), "presenter", "pitch", "croc", "seul-choix", "vague").turns)
    figures = {c.id: (c.points, c.max, c.level) for c in d.criteria.values() if c.block == "prospection"}
    assert figures == {"p_interlocuteur": (0, 4, "non_acquis"), "p_structure": (3, 4, "acquis"),
                       "p_interet": (2, 2, "acquis"), "p_engagement": (0, 3, "non_acquis"),
                       "p_objections": (0, 0, "non_evalue")}
    assert d.mark == 7.8 and "**7,8/20**" in DOC
    assert d.blocks["negociation"] is None
    assert [p.criterion for p in d.priorities] == ["p_engagement", "p_interlocuteur", "p_structure"]
    missed = {(e.turn, e.criterion) for e in d.evidence if e.kind == "missed"}
    assert missed == {(2, "p_interlocuteur"), (5, "p_structure"), (5, "p_engagement")}
    assert not any(e.turn == 4 for e in d.evidence)  # the only move of its state: no opportunity
