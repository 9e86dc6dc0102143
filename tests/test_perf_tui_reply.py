"""Key -> reply in the terminal UI (issue 19): work the learner need not wait for is done after the reply is
on screen, and nothing of it is lost or done twice.

- the move that ends a session returns without grading: the end line and the debrief follow the reply's
  frame, and a debrief opened at once (before that frame) still finds its session closed, once;
- the collector, held off from a key to its reply, collects what the turn left afterwards and freezes the rest;
- the footer is rebuilt only when the keys it shows change;
- the transcript's oldest lines are folded after the new ones are drawn, and read the same.
"""

from __future__ import annotations

import gc
import weakref

import pytest
from test_tui_support import choose, journal_lines, journals, make_app, open_first_scenario, transcript_text

pytest_plugins = ["test_tui_support"]  # fixtures: anyio_backend, scenario_dir, only_test_scenarios

pytestmark = pytest.mark.anyio
SIZE = (80, 24)


def end_lines(home) -> list[dict]:
    [journal] = journals(home)
    return [r for r in journal_lines(journal) if r.get("type") == "end"]


async def test_the_last_move_returns_before_grading_then_the_session_is_closed_and_graded(
        home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        play = app.screen
        original = play.play
        during_key: list[tuple[bool, int]] = []

        def play_then_look(inp):
            original(inp)
            # the key is handled (reply lines mounted): the session has ended, nothing graded or closed yet
            during_key.append((play.rec.debrief is None and not play.rec.closed, len(end_lines(home))))

        play.play = play_then_look
        await choose(pilot, "question")
        await pilot.pause()
        await choose(pilot, "renoncer")  # ends the session (fin-ko)
        await pilot.pause()
        await pilot.pause()
        assert during_key[-1] == (True, 0)
        assert play.rec.session.ended and play.rec.closed
        assert [r["outcome"] for r in end_lines(home)] == ["failure"]
        assert play.rec.debrief is not None and play.rec.debrief.mark is not None
        assert "Pas de contrat." in transcript_text(app)


async def test_a_debrief_asked_for_before_the_reply_is_drawn_finds_the_session_closed_once(
        home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        play = app.screen
        rec = play.rec
        original = play.play
        debrief_at_once: list[object] = []

        def play_then_debrief(inp):
            original(inp)
            if rec.session.ended:  # in the same handler as the key: before any frame, before the deferred close
                play.action_debrief()
                debrief_at_once.append(rec.debrief)

        play.play = play_then_debrief
        await choose(pilot, "question")
        await pilot.pause()
        await choose(pilot, "renoncer")
        for _ in range(5):
            await pilot.pause()
        assert debrief_at_once and debrief_at_once[0] is not None  # graded before the debrief screen read it
        assert len(end_lines(home)) == 1  # the deferred close found it done: one end line


def test_close_is_once_and_a_resumed_ended_session_is_already_closed(home, tmp_path):
    from simulator.content.bundled import bundled_scenario_files
    from simulator.content.loader import load_scenario
    from simulator.engine.session import ChoiceInput, PriceInput
    from simulator.store.recorder import RecordedSession

    scenario = load_scenario(bundled_scenario_files()[0])
    rec = RecordedSession.start(scenario, seed=3, folder=tmp_path)
    rec.close()  # not ended: nothing to write
    assert not rec.closed
    for _ in range(200):
        if rec.session.ended:
            break
        choices = rec.session.choices()
        rec.step(ChoiceInput(choices[0].id) if choices else PriceInput(rec.session.negotiation.price.list_price),
                 close=False)
    assert rec.session.ended and not rec.closed
    rec.close()
    rec.close()
    ends = [r for r in journal_lines(rec.path) if r.get("type") == "end"]
    assert len(ends) == 1 and rec.closed and rec.debrief is not None
    rec.journal.close()
    again = RecordedSession.resume(rec.path)
    assert again.closed
    again.close()
    assert len([r for r in journal_lines(rec.path) if r.get("type") == "end"]) == 1
    again.journal.close()


def test_after_reply_collects_the_turns_cycles_freezes_the_rest_and_turns_the_collector_back_on():
    from simulator.tui.collector import after_reply, hold, settle

    class Node:
        pass

    try:
        settle()
        hold()
        node = Node()
        node.me = node  # a cycle: only the collector frees it
        gone = weakref.ref(node)
        del node
        kept = [Node() for _ in range(100)]  # what the turn keeps (new transcript lines)
        frozen = gc.get_freeze_count()
        assert gone() is not None and not gc.isenabled()
        after_reply()
        assert gone() is None and gc.isenabled()
        # what survived is frozen: it never piles up into an automatic full collection on a later frame
        assert gc.get_freeze_count() >= frozen + len(kept)
    finally:
        gc.unfreeze()
        gc.enable()


async def test_folding_old_lines_keeps_the_widget_tree_small_and_the_text_in_order():
    from textual.app import App

    from simulator.tui.widgets.transcript import FOLD, LIVE_MAX, Entry, Transcript

    class One(App):
        def compose(self):
            yield Transcript()

    app = One()
    async with app.run_test(size=(80, 24)) as pilot:
        transcript = app.query_one(Transcript)
        written = [Entry("client" if n % 2 else "learner", f"ligne {n}", "X") for n in range(70)]
        for start in range(0, 70, 3):  # a turn adds a few lines at a time
            transcript.add(written[start:start + 3])
            await pilot.pause()
        await pilot.pause()
        children = list(transcript.children)
        assert len(children) <= LIVE_MAX + 70 // FOLD  # live lines plus one archive per fold
        assert sum(1 for c in children if c.has_class("archive")) >= (70 - LIVE_MAX) // FOLD
        assert transcript.text() == "\n".join(f"X\nligne {n}" for n in range(70))


async def test_the_footer_is_rebuilt_only_when_the_keys_it_shows_change(home, scenario_dir, only_test_scenarios):
    from textual.widgets._footer import FooterKey

    from simulator.tui.widgets.footer import Footer

    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=(100, 24)) as pilot:  # every hint in the bar (at 80 columns « ^z » gives way)
        await open_first_scenario(pilot)
        await pilot.pause()
        play = app.screen
        footer = play.query_one(Footer)
        rebuilds: list[int] = []
        original = footer.recompose

        async def counted() -> None:
            rebuilds.append(1)
            await original()

        footer.recompose = counted

        def undo_disabled() -> list[bool]:
            return [key.has_class("-disabled") for key in footer.query(FooterKey) if key.key == "ctrl+z"]

        assert undo_disabled() == [True]  # nothing to undo yet
        for _ in range(3):  # Textual signals the bindings on each of these: the keys shown stay the same
            play.refresh_bindings()
            await pilot.pause()
        assert rebuilds == []
        await choose(pilot, "question")  # now a move can be undone: the footer must say so
        for _ in range(3):
            await pilot.pause()
        assert rebuilds == [1]
        assert undo_disabled() == [False]
