"""docs/authoring.md, the trainer's guide, stays true: codes, keys, act table and examples checked against the code."""

from __future__ import annotations

import re
import typing
from pathlib import Path

from pydantic import BaseModel

from simulator.authoring.docgen import GUIDE, acts_table, with_generated
from simulator.authoring.twee import import_twee
from simulator.content.acts import default_catalogue
from simulator.content.loader import load_scenario_text
from simulator.content.spec import ScenarioSpec
from simulator.playtest import run_playtest

ROOT = Path(__file__).resolve().parent.parent
TEXT = GUIDE.read_text(encoding="utf-8")
CODE = re.compile(r"NS\d{3}")


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "simulator").rglob("*.py"):
        codes |= set(CODE.findall(path.read_text(encoding="utf-8")))
    return codes


def documented_codes() -> set[str]:
    return set(re.findall(r"^\| (NS\d{3}) \|", TEXT, re.M))


def test_every_code_emitted_is_documented_and_nothing_else():
    emitted = emitted_codes()
    assert len(emitted) > 40  # the search really looked at the sources
    assert sorted(emitted - documented_codes()) == [], "codes missing from docs/authoring.md section 7"
    assert sorted(documented_codes() - emitted) == [], "codes documented but emitted nowhere"


def test_acts_table_is_up_to_date():
    assert with_generated(TEXT) == TEXT, "run: python -m simulator.authoring.docgen"
    table = acts_table()
    for act in default_catalogue().acts.values():
        assert f"| `{act.id}`" in table and act.label_fr in table


def _keys(model: type[BaseModel], seen: set[type]) -> set[str]:
    """Every key an author may write, from the models of the format."""
    if model in seen:
        return set()
    seen.add(model)
    out: set[str] = set()
    for name, info in model.model_fields.items():
        out.add(info.alias or name)
        stack = [info.annotation]
        while stack:
            t = stack.pop()
            if isinstance(t, type) and issubclass(t, BaseModel):
                out |= _keys(t, seen)
            stack.extend(typing.get_args(t))
    return out


def test_every_key_of_the_format_is_explained():
    keys = _keys(ScenarioSpec, set())
    assert {"format", "raise_when", "concession_rate", "counterpart_accepted", "if", "list", "cue"} <= keys
    missing = sorted(k for k in keys if f"`{k}`" not in TEXT)
    assert missing == []


def _block_after(marker: str, fence: str = "```yaml") -> str:
    after = TEXT.split(marker, 1)[1]
    return after.split(fence + "\n", 1)[1].split("\n```\n", 1)[0] + "\n"


def test_the_complete_example_loads_without_any_warning():
    example = _block_after("<!-- exemple-complet -->")
    scenario = load_scenario_text(example, "docs/authoring.md")
    assert scenario.warnings == []
    assert scenario.spec.price is not None and scenario.spec.objections


def test_the_playtest_example_passes_on_the_complete_example(tmp_path: Path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "imprimerie-dubois.yaml").write_text(_block_after("<!-- exemple-complet -->"), encoding="utf-8")
    playtest = _block_after("### 9.5")
    (tmp_path / "tests" / "imprimerie-dubois.yaml").write_text(playtest, encoding="utf-8")
    result = run_playtest(tmp_path / "tests" / "imprimerie-dubois.yaml")
    assert result.ok, [p.problems for p in result.paths]


def test_the_twine_example_imports_into_a_valid_scenario():
    twee = _block_after("Exemple :\n", fence="```")
    result = import_twee(twee, "exemple.twee")
    assert result.warnings == []
    spec = load_scenario_text(result.text, "exemple.yaml").spec
    assert spec.start == "accueil" and spec.states["signature"].end.outcome == "success"
    assert spec.states["chantiers"].choices[0].acts == ["resume_validation"]
