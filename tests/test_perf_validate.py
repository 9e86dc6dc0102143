"""Validating large scenarios (issue 19): what was made faster still says the same thing at the same place.
The timings are benchmarks/bench_load.py's."""

from __future__ import annotations

import yaml
from factories import generated

from simulator.content.loader import load_scenario_text
from simulator.content.yaml_source import SourceMap, _StrictLoader


def test_warnings_about_states_of_a_large_file_point_at_each_state_key():
    """The states mapping of a large file is indexed once for locating diagnostics: each unreachable
    state is still reported at its own key, line and column as an editor shows them."""
    text = generated(300, price=True)
    lines = text.split("\n")
    warnings = [w for w in load_scenario_text(text).warnings if w.code == "NS201"]
    assert len(warnings) >= 5
    for w in warnings:
        sid = w.where.removeprefix("states.")
        assert lines[w.line - 1] == f"  {sid}:" and w.column == 3


def test_an_indexed_mapping_gives_the_first_of_duplicate_keys_and_nothing_for_a_missing_one():
    text = "".join(f"k{i}: {i}\n" for i in range(40)) + "k7: encore\n"  # duplicates are refused, yet located
    source = SourceMap("t.yaml", yaml.compose(text, Loader=_StrictLoader), text)
    assert source.locate(("k7",), key=True) == (8, 1)  # the first k7, as the line-by-line search found it
    assert source.locate(("k39",)) == (40, 6)
    assert source.locate(("absent",)) == (1, 1)  # the nearest ancestor: the document itself
