"""Import hygiene: the core never loads Textual; the UI's start path loads none of the engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

CORE = ("simulator.content", "simulator.engine", "simulator.scoring", "simulator.store", "simulator.report")


def run(code: str, env: dict[str, str] | None = None) -> dict:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True,
                         env={**os.environ, **(env or {})})
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_the_core_does_not_load_textual():
    result = run(f"""
        import importlib, json, pkgutil, sys
        imported = []
        for name in {CORE!r}:
            package = importlib.import_module(name)
            imported.append(name)
            for info in pkgutil.walk_packages(package.__path__, name + "."):
                importlib.import_module(info.name)
                imported.append(info.name)
        loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        print(json.dumps({{"imported": imported, "textual": loaded}}))
    """)
    assert len(result["imported"]) > 30  # every module of the five packages, not just their __init__
    assert {"simulator.engine.session", "simulator.scoring.scorer", "simulator.store.recorder",
            "simulator.report.html"} <= set(result["imported"])
    assert result["textual"] == []


def test_the_library_start_path_loads_no_engine(tmp_path):
    result = run("""
        import json, sys
        from simulator.tui.app import NegosimApp
        from simulator.tui.screens.library import LibraryScreen
        from simulator.store.scenario_index import scan_library
        scan_library()  # first run: reads headers with the safe YAML reader
        scan_library()  # then from the cache
        heavy = [m for m in ("pydantic", "simulator.engine", "simulator.scoring", "simulator.content.loader",
                             "simulator.store.recorder", "transitions", "jinja2") if m in sys.modules]
        print(json.dumps({"heavy": heavy}))
    """, env={"NEGOSIM_HOME": str(tmp_path)})
    assert result["heavy"] == []
