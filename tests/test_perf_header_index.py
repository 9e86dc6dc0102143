"""The bundled scenarios' header index shipped with the package: fresh, used on a first start, never trusted blindly."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_tui_support import write_scenario

import simulator.store.scenario_index as index
from simulator.content.bundled import bundled_scenario_files


def test_the_shipped_index_matches_the_bundled_scenarios():
    shipped = index.shipped_index_path().read_text(encoding="utf-8")
    fresh = index.render_shipped_index(index.build_shipped_index())
    assert shipped == fresh, "scenarios/headers.json is stale: run `python -m simulator.store.scenario_index`"
    assert set(json.loads(shipped)["files"]) == {p.name for p in bundled_scenario_files()}


@pytest.fixture
def reads(monkeypatch):
    seen: list[str] = []
    real = index.read_card
    monkeypatch.setattr(index, "read_card", lambda p: seen.append(p.name) or real(p))
    return seen


def test_a_first_start_parses_no_bundled_header_and_shows_the_same_cards(reads):
    cards = [c for c in index.scan_library().cards if c.path.endswith(".yaml")]
    assert reads == []  # empty data dir, no header cache: every bundled card came from the shipped index
    assert cards == [index.card_from_data(p, _data(p)) for p in bundled_scenario_files()]


def _data(path):
    from simulator.content.yaml_source import load_document

    return load_document(path).data


def test_a_bundled_file_changed_since_indexing_is_read_again(reads, monkeypatch):
    shipped = json.loads(index.shipped_index_path().read_text(encoding="utf-8"))
    first = bundled_scenario_files()[0]
    shipped["files"][first.name]["size"] += 1  # as if the file had been edited after the index was written
    shipped["files"][first.name]["card"]["title"] = "ancien titre"
    monkeypatch.setattr(index, "_load_shipped", lambda: shipped["files"])
    cards = {c.id: c for c in index.scan_library().cards}
    assert reads == [first.name]
    assert cards[first.stem].title != "ancien titre"


def test_list_shows_headers_without_loading_a_scenario(tmp_path, reads, monkeypatch):
    import simulator.content.loader as loader
    from simulator.cli.main import cli

    def no_load(*args, **kwargs):
        raise AssertionError("negosim list loaded a whole scenario")

    monkeypatch.setattr(loader, "load_scenario", no_load)
    folder = tmp_path / "mine"
    write_scenario(folder)
    write_scenario(folder, "id: [oups\n", name="oups.yaml")
    result = CliRunner().invoke(cli, ["list", "--scenarios", str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for path in bundled_scenario_files():
        data = _data(path)
        [line] = [line for line in lines if line.startswith(data["id"] + " ")]
        assert data["title"].split()[0] in line and "+".join(data["blocks"]) in line
        assert f"{data['duration_minutes']:>3} min" in line and "★" * data["difficulty"] in line
    assert any(line.startswith("tui-nego ") and "Négociation : le contrat d'entretien" in line for line in lines)
    [bad] = [line for line in lines if line.startswith("oups ")]
    assert "✗" in bad and "negosim validate" in bad and "oups.yaml" in bad
    assert sorted(reads) == ["oups.yaml", "tui-nego.yaml"]  # only the learner's own files were parsed
