"""``tools/mutate.py --changed`` reruns only the mutants of the functions an edit changed, and keeps the others'
verdicts: which functions count as changed decides what a re-measure still trusts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SPEC = importlib.util.spec_from_file_location("mutate_tool", Path(__file__).parent.parent / "tools" / "mutate.py")
assert SPEC is not None and SPEC.loader is not None
mutate = importlib.util.module_from_spec(SPEC)
sys.modules["mutate_tool"] = mutate  # dataclasses look their module up
SPEC.loader.exec_module(mutate)

BEFORE = '''
import functools

def top(x):
    return x + 1

class Session:
    def offered(self):
        def key(c):
            return c.id
        return sorted(self.choices, key=key)

    @functools.cache
    def cached(self):
        return 1

    def same(self):
        return 2
'''


def test_only_the_functions_whose_text_changed_are_rerun():
    after = (BEFORE.replace("return c.id", "return c.rank")      # inside a nested function: its enclosing method
             .replace("@functools.cache", "@functools.lru_cache")  # a decorator
             + "\ndef new():\n    return 3\n")                  # a function the last run did not have
    assert mutate.changed_functions(BEFORE, after) == {"xǁSessionǁoffered", "xǁSessionǁcached", "x_new"}
    assert mutate.changed_functions(BEFORE, BEFORE) == set()
    # moved down a line (a blank line above): same text, same mutants
    assert mutate.changed_functions(BEFORE, "\n" + BEFORE) == set()


def test_a_mutant_belongs_to_its_function():
    assert mutate.function_of("simulator.engine.session.xǁSessionǁoffered__mutmut_3") == "xǁSessionǁoffered"
    assert mutate.function_of("simulator.engine.price.x_offer_acts__mutmut_12") == "x_offer_acts"


def run_changed_in(tmp_path: Path, monkeypatch, ran: bool) -> tuple[Path, list[str]]:
    """``run_changed`` on a module edited since its last run, mutmut itself replaced (``ran``: whether it runs)."""
    module = "pkg/mod.py"
    root, work = tmp_path / "root", tmp_path / "work" / mutate.slug(module)
    for base, text in ((root, BEFORE.replace("return x + 1", "return x + 2")), (work, BEFORE)):
        (base / "pkg").mkdir(parents=True)
        (base / module).write_text(text, "utf-8")
    (work / "mutants" / "pkg").mkdir(parents=True)
    (work / "mutants" / "mutmut-stats.json").write_text("{}", "utf-8")
    (work / "mutants" / (module + ".meta")).write_text('{"exit_code_by_key": {}}', "utf-8")
    calls: list[str] = []

    def prepare(mod, tests, keep):  # the real one copies the project: here, the module alone
        (work / mod).write_text((root / mod).read_text("utf-8"), "utf-8")
        return work

    def run_mutants(w, mod, children, quiet, patterns):
        calls.append("stats kept" if (w / "mutants" / "mutmut-stats.json").exists() else "stats rebuilt")
        return ran

    monkeypatch.setattr(mutate, "ROOT", root)
    monkeypatch.setattr(mutate, "WORK", tmp_path / "work")
    monkeypatch.setattr(mutate, "prepare", prepare)
    monkeypatch.setattr(mutate, "run_mutants", run_mutants)
    monkeypatch.setattr(mutate, "keep_verdicts", lambda *args: calls.append("verdicts kept"))
    monkeypatch.setattr(mutate, "reported", lambda w, mod: calls.append("reported"))
    try:
        mutate.run_changed(module, [], 1, True, {})
    except SystemExit as stop:
        calls.append(f"stopped: {stop}")
    return work / module, calls


def test_a_changed_function_is_measured_with_mutmuts_test_map_built_again(tmp_path, monkeypatch):
    copy, calls = run_changed_in(tmp_path, monkeypatch, ran=True)
    assert calls == ["stats rebuilt", "verdicts kept", "reported"]
    assert "return x + 2" in copy.read_text("utf-8")


def test_a_run_that_fails_leaves_the_edit_to_measure_again(tmp_path, monkeypatch):
    copy, calls = run_changed_in(tmp_path, monkeypatch, ran=False)
    assert calls[0] == "stats rebuilt" and calls[-1].startswith("stopped: pkg/mod.py: nothing was measured")
    assert "return x + 1" in copy.read_text("utf-8")  # the last run's text: --changed sees x_top changed again
    assert mutate.changed_functions(copy.read_text("utf-8"), BEFORE.replace("return x + 1", "return x + 2")) == {"x_top"}
