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

- at start-up, :func:`paused_while_loading` turns it off while the app's modules load (Textual's and ours:
  hundreds of thousands of objects that live as long as the process), and :func:`hold_start` /
  :func:`start_drawn` from the app's start to its first frame (the screens, their styles and widgets): a
  bare Textual app spent a twentieth of its start in the collector finding next to nothing to free; what
  is alive at the end of each pause is frozen, so the first collection afterwards does not scan it all.

Freezing does not stop reference counting: a frozen object no longer used is freed at once; only a frozen
*cycle* (a closed screen's widgets) waits for the next :func:`settle`, which thaws everything first.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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


@contextmanager
def paused_while_loading() -> Iterator[None]:
    """No automatic collection while the modules load; then what they made (long-lived) is frozen."""
    if not gc.isenabled():  # someone else holds it: theirs to turn back on
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def hold_start() -> bool:
    """The app starts: no automatic collection until :func:`start_drawn`. False if it was off already."""
    if not gc.isenabled():
        return False
    gc.disable()
    return True


def start_drawn() -> None:
    """The first frame is on screen (or the app ended before it): freeze what the start made, collect again."""
    gc.freeze()
    gc.enable()
