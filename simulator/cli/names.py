"""The check of a name given on the command line (``--learner``, ``--candidate``, ``--examiner``).

A name is shown in screens, journals and reports: bytes that are not UTF-8 or invisible control
characters are refused with a message saying what to do (simulator/learner_input.py says what is a name).
"""

from __future__ import annotations

import click


def checked_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback: the name with its spaces squeezed, or a usage error in the user's language."""
    if value is None:
        return None
    from simulator.lang import detect_lang
    from simulator.learner_input import InputProblem, learner_name

    try:
        return learner_name(value)
    except InputProblem as problem:
        lang = detect_lang(ctx.params.get("lang") or (ctx.find_root().obj or {}).get("lang"))
        raise click.BadParameter(problem.message(lang), ctx, param) from None
