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
