"""Scoring: the competency rubric, the scorer and the debrief it produces."""

from __future__ import annotations

from .debrief import CriterionResult, Debrief, Evidence
from .rubric import Rubric, default_rubric, load_rubric
from .scorer import ScoringError, score

__all__ = ["CriterionResult", "Debrief", "Evidence", "Rubric", "ScoringError", "default_rubric", "load_rubric", "score"]
