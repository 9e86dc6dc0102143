"""What the annotation tests left alive under mutation (simulator/exam/annotate.py, tools/mutate.py)."""

from __future__ import annotations
