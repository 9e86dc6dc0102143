"""Keep the cyclic garbage collector's pauses out of the learner's way.

The app's heap is mostly long-lived: Textual, the engine, the loaded scenario, the conversation's
widgets. Left as it is, every full collection rescans all of it, and one fell on a keypress from time to
time: a 50-150 ms stall growing with the heap. So:

- :func:`settle`, once a conversation is on screen (the learner reads the briefing), collects once and
  moves everything alive to the permanent generation (``gc.freeze``), which later collections skip;
- :func:`hold` turns automatic collection off from a key to its reply on screen, and :func:`after_reply`
  then collects what the turn left and turns it back on, while the learner reads the reply. It collects the
  young generations only: a full collection also rescanned everything the conversation had kept since the
  last settle (its transcript lines, the turns), 8-20 ms a move growing with the session, which every tab of
  a classroom server paid on every move. What survives is frozen in turn, so it never piles up into an
  automatic full collection (20-60 ms, which fell on a frame now and then).

Freezing does not stop reference counting: a frozen object no longer used is freed at once; only a frozen
*cycle* (a closed screen's widgets) waits for the next :func:`settle`, which thaws everything first.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect what is garbage now, then exempt everything alive from later collections."""
    gc.unfreeze()  # what an earlier settle froze may be garbage by now (a closed session's screens)
    gc.collect()
    gc.freeze()


def hold() -> None:
    """No automatic collection until :func:`after_reply` (a key is being answered)."""
    gc.disable()


def after_reply() -> None:
    """The reply is on screen: collect what the turn left (generations 0 and 1), freeze what survived (the new
    transcript lines, the turn), and collect automatically again."""
    gc.collect(1)
    gc.freeze()
    gc.enable()


def release() -> None:
    """Automatic collection back on without collecting (leaving the conversation mid-turn)."""
    gc.enable()
