"""The client's line before the learner speaks, as context for understanding: the state's first line."""

from __future__ import annotations


def state_context(state: object) -> str | None:
    """The first line a state's speaker may say (without placeholders), or None."""
    say = getattr(state, "say", None)
    if say is None:
        return None
    items = say if isinstance(say, list) else [say]
    for item in items:
        text = item if isinstance(item, str) else getattr(item, "text", None)
        if text and "{" not in text:
            return " ".join(text.split())
    return None
