"""The sentences the scorer writes in a debrief (evidence, the jury's notes, strengths, priorities), in English.

Rendered by ``simulator.i18n.phrase.render`` as written here.
"""
# ruff: noqa: E501 - one sentence per line reads and diffs better than split strings

STRINGS: dict[str, str | tuple[str, str]] = {
    # -- separators of a list inside a sentence
    "scoring.sep.comma": "{a}, {b}",
    "scoring.sep.semicolon": "{a}; {b}",
    # -- evidence
    "scoring.missed": "You could have said \"{line}\" ({why}).",
    "scoring.missed.clean": "You could have said \"{line}\", with no error on this point.",
    "scoring.technique.incomplete": ("Incomplete technique: {label} ({n} of {steps} steps in a row). {explain}",
                                     "Incomplete technique: {label} ({n} of {steps} steps in a row). {explain}"),
    "scoring.recap.mismatch": "The recap does not match what was negotiated ({parts}).",
    "scoring.recap.missing": "missing: {items}",
    "scoring.recap.invented": "never agreed: {items}",
    # -- what the jury's reading changed
    "scoring.note.never_reached": "Step never reached: the interview ended before you showed it.",
    "scoring.note.thin": "Few opportunities ({n}): the mark is drawn towards the middle.",
    "scoring.note.too_few": "Not enough opportunities to conclude: \"in progress\" at most and at least.",
    "scoring.note.ceiling": ("{n} weakness found: {mark}/20 at most (19–20 are kept for a competency with no weakness).",
                             "{n} weaknesses found: {mark}/20 at most (19–20 are kept for a competency with no weakness)."),
    "scoring.note.partly": ("Competency partly shown ({n} good moment): \"in progress\", not \"not acquired\".",
                            "Competency partly shown ({n} good moments): \"in progress\", not \"not acquired\"."),
    "scoring.note.floor": "The jury's scale: a competency not acquired keeps at least {mark}/20.",
    "scoring.note.fault": "Capped by a fault: {label} (turn {turns}).",
    "scoring.note.needs_left": ("A need of the client is left unanswered by your offer: \"{cap}\" at most (see \"Needs left unanswered\").",
                                "{n} needs of the client are left unanswered by your offer: \"{cap}\" at most (see \"Needs left unanswered\")."),
    "scoring.note.written": "Graded on the written work: {checks}.",
    "scoring.note.check": "{label} {points}/{max}",
    # -- the debrief's first line, the objective
    "scoring.headline.ethical": "Ethical fault — {names}: the block cannot be \"acquired\", however good the rest was.",
    "scoring.headline.objective": "Every competency observed is acquired, but the interview's objective was not reached ({status}): it counts for a third of the block's mark.",
    "scoring.objective.unfinished": "Not assessed: unfinished session",
    # -- strengths and priorities
    "scoring.point.at_turn": "{text} (turn {turn})",
    "scoring.point.better": "At turn {turn}, a better move was on offer: {why}.",
    "scoring.point.better.bare": "At turn {turn}, a better move was on offer.",
    "scoring.point.more": "Show this competency more often.",
}
