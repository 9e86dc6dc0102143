"""Golden test: one mistake per file, made in a valid scenario, the way authors make them.

Each file of ``tests/fixtures/mistakes/`` (but ``base.yaml``) differs from ``base.yaml`` by one mistake; the
manifest says which error must be reported, at which line and column, and a word of the fix it must name.
The rendered messages are kept in ``messages.txt`` (the troubleshooting section of docs/authoring.md is
built from them): regenerate with ``NEGOSIM_GOLDEN=1 pytest tests/test_mistakes_golden.py`` and review.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from simulator.content.diagnostics import ContentError
from simulator.content.loader import load_scenario

HERE = Path(__file__).resolve().parent / "fixtures" / "mistakes"
MANIFEST: dict[str, dict] = yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8"))
GOLDEN = HERE / "messages.txt"


def diagnostics(name: str) -> list:
    try:
        return load_scenario(HERE / f"{name}.yaml").warnings
    except ContentError as exc:
        return exc.diagnostics


def rendered(name: str) -> list[str]:
    return [d.render().replace(str(HERE) + os.sep, "") for d in diagnostics(name)]


def test_the_corpus_is_large_and_starts_from_a_valid_scenario():
    assert len(MANIFEST) >= 25
    assert not [d for d in diagnostics("base") if d.severity == "error"]
    assert {p.stem for p in HERE.glob("*.yaml")} == set(MANIFEST) | {"base", "manifest"}
    base = (HERE / "base.yaml").read_text(encoding="utf-8").splitlines()
    for name in MANIFEST:  # one mistake each: a small, local difference from the base
        text = (HERE / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
        changed = [i for i, (a, b) in enumerate(zip(base, text)) if a != b]
        assert len(changed) <= 2 or len(text) != len(base), name


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_mistake_is_pointed_at_and_its_fix_named(name: str):
    expected = MANIFEST[name]
    errors = [d for d in diagnostics(name) if d.severity == "error"]
    assert len(errors) == 1, f"{name}: one mistake, one error — got " + "\n".join(d.render() for d in errors)
    (d,) = errors
    assert d.code == expected["code"], d.render()
    assert (d.line, d.column) == (expected["line"], expected["column"]), d.render()
    assert expected["fix"] in d.message + " " + d.hint, d.render()
    text = d.render()
    assert "Traceback" not in text and "found" not in text and "expected" not in text  # no parser jargon


def test_rendered_messages_match_the_golden_file():
    lines = []
    for name in sorted(MANIFEST):
        lines.append(f"# {name}")
        lines.extend(rendered(name))
    text = "\n".join(lines) + "\n"
    if os.environ.get("NEGOSIM_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.read_text(encoding="utf-8") == text, "messages changed: NEGOSIM_GOLDEN=1 pytest tests/test_mistakes_golden.py"
