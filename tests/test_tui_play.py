"""Full playthroughs of the terminal UI by keyboard (Textual Pilot), on a scenario written for the tests."""

from __future__ import annotations

import pytest
from test_tui_support import (
    choose,
    inputs_of,
    journal_lines,
    journals,
    make_app,
    open_first_scenario,
    plain,
    screen_text,
    static_text,
    to_debrief,
    transcript_text,
)

pytest_plugins = ["test_tui_support"]  # fixtures: anyio_backend, scenario_dir, only_test_scenarios

SIZE = (80, 24)
pytestmark = pytest.mark.anyio


async def test_library_to_debrief_and_export_by_keyboard(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=3)
    async with app.run_test(size=SIZE) as pilot:
        assert "Négociation : le contrat d'entretien" in screen_text(app)
        await open_first_scenario(pilot)
        # the client's opening line, the learner's choices numbered, the mood as words (never numbers)
        assert "le monsieur des chaudières" in transcript_text(app)
        side = screen_text(app)
        assert "Patience" in side and "▰" in side and "6" not in app.screen.query_one("#card-cues").render().plain
        await choose(pilot, "question")  # the open question
        await pilot.pause()
        [journal] = journals(home)
        assert inputs_of(journal) == [{"choice": "question"}]
        assert "Comment s'est passé votre hiver" in transcript_text(app)
        # negotiation: the price form is there; type a price with a counterpart, then close the deal
        assert not app.screen.query_one("#price-form").has_class("hidden")
        await pilot.press("p")
        for ch in "1000":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
        assert inputs_of(journal)[-1] == {"price": 1000}
        assert "C'est trop" in transcript_text(app)
        assert app.screen.query_one("#price-input").has_focus  # ready for the next figure
        for ch in "850":  # the client would itself have proposed 862, said on its step of 25: 850, deal
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.rec.session.ended
        assert "Fin de l'entretien : réussite" in transcript_text(app)
        assert journal_lines(journal)[-1]["type"] == "end"
        await to_debrief(pilot)  # the written work put aside, then the debrief
        assert app.screen.name == "debrief"
        head = plain(str(app.screen.query_one("#debrief-head").render()))
        assert "/20" in head and "réussite" in head
        await pilot.press("e")
        await pilot.pause()
        reports = home / "reports"
        html = reports / (journal.stem + ".html")
        md = reports / (journal.stem + ".md")
        assert html.is_file() and md.is_file()
        assert "<html" in html.read_text(encoding="utf-8").lower()
        assert str(html) in str(app.screen.query_one("#debrief-head").render())  # the path is shown


async def test_every_turn_is_on_disk_when_its_reply_is_shown(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        shown_before = transcript_text(app)
        play = app.screen
        original = play.rec.step

        def step_then_check(inp, *args, **kwargs):
            turn = original(inp, *args, **kwargs)
            # the recorder returned: the input is in the journal, and nothing of the reply is on screen yet
            assert inputs_of(play.rec.path)[-1] == inp.as_dict()
            assert transcript_text(app) == shown_before
            return turn

        play.rec.step = step_then_check
        await choose(pilot, "pitch")
        await pilot.pause()
        assert "présente notre contrat" in transcript_text(app)


async def test_bad_prices_get_a_clear_message_and_are_not_played(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        await choose(pilot, "question")
        await pilot.pause()
        [journal] = journals(home)
        for bad, reason in (("abc", "« abc » n'est pas un prix"), ("12,345", "deux chiffres au plus après la virgule"),
                            ("-5", "« - » n'est pas un chiffre"), ("²", "« ² » n'est pas un chiffre"),
                            ("9" * 40, "montant trop long")):
            await pilot.press("p")
            price = app.screen.query_one("#price-input")
            price.value = bad
            await pilot.press("enter")
            await pilot.pause()
            error = plain(str(app.screen.query_one("#price-error").render()))
            assert reason in error, error
            assert len(inputs_of(journal)) == 1  # nothing played
        app.screen.query_one("#price-input").value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert "Tapez un montant" in str(app.screen.query_one("#price-error").render())
        # the French way of writing an amount is understood, with a counterpart picked from the list
        app.screen.query_one("#price-input").value = "1.2.3"
        await pilot.press("enter")
        await pilot.pause()
        assert "n'est pas un montant lisible" in plain(str(app.screen.query_one("#price-error").render()))
        # an absurd figure asks to be confirmed: nothing is played on the first Enter
        app.screen.query_one("#price-input").value = "99999999"
        await pilot.press("enter")
        await pilot.pause()
        assert "hors de toute plage plausible" in plain(str(app.screen.query_one("#price-error").render()))
        assert len(inputs_of(journal)) == 1
        select = app.screen.query_one("#price-counterpart")
        select.value = "duree"
        app.screen.query_one("#price-input").value = "950 €"
        app.screen.query_one("#price-input").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert inputs_of(journal)[-1] == {"price": 950, "counterpart": "duree"}
        assert "Pour un engagement sur trois ans, oui" in transcript_text(app)


async def test_escape_in_the_price_field_goes_back_to_the_answers_not_out_of_the_interview(home, scenario_dir,
                                                                                             only_test_scenarios):
    # seen in play: after an offer the amount field keeps the focus, and Escape there ended the interview
    from simulator.tui.screens.play import ChoiceList

    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        await choose(pilot, "question")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.query_one("#price-input").has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.name == "play" and app.screen.query_one(ChoiceList).has_focus
        await pilot.press("escape")  # from the answers, Escape leaves as before (the session kept)
        await pilot.pause()
        assert app.screen.name == "library"


async def test_quit_mid_session_then_resume_from_history(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=5)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        await choose(pilot, "pitch")
        await pilot.pause()
        before = transcript_text(app)
        await pilot.press("escape")  # leave: back to the library, the session is kept
        await pilot.pause()
        assert app.screen.name == "library"
    [journal] = journals(home)
    assert journal_lines(journal)[-1]["type"] == "input"  # not ended: resumable

    app = make_app(extra_dirs=[scenario_dir])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert app.screen.name == "history"
        assert "en cours" in screen_text(app) or "▶" in str(app.screen.query_one("#history-table").get_row_at(0))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.name == "play"
        after = transcript_text(app)
        # the same conversation is back (the resume notice is new)
        assert "Oui : je vous présente notre contrat tout de suite." in after
        conversation = before.split("fiche de préparation\n", 1)[1]
        assert conversation in after and "Session reprise après 1 tour." in after  # singular: one turn
        assert app.screen.rec.path == journal
        await pilot.press("1")  # "Trop cher par rapport à quoi ?"
        await pilot.pause()
        assert inputs_of(journal) == [{"choice": "pitch"}, {"choice": "creuser"}]


async def test_undo_starts_an_honest_branch(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=2)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        await choose(pilot, "pitch")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        first = app.screen.rec.path
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.screen.name == "play"
        second = app.screen.rec.path
        assert second != first
        assert len(app.screen.rec.session.turns) == 1
        assert "Trop cher par rapport à quoi ?" not in transcript_text(app)
        # the abandoned journal says why and where the session went on; the branch replays the kept input
        last = journal_lines(first)[-1]
        assert last["type"] == "end" and last["outcome"] == "abandoned" and last["superseded_by"] == str(second)
        header = journal_lines(second)[0]
        assert header["branch_of"] == str(first) and header["branch_reason"] == "undo" and header["branch_turns"] == 1
        assert inputs_of(second) == [{"choice": "pitch"}]
        # the history does not offer the abandoned branch for resuming unless asked
        await pilot.press("escape")
        await pilot.press("h")
        await pilot.pause()
        table = app.screen.query_one("#history-table")
        assert table.row_count == 1
        await pilot.press("a")
        await pilot.pause()
        assert table.row_count == 2


async def test_hint_names_the_competency_not_the_answer(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=2)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        await choose(pilot, "question")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        text = transcript_text(app)
        assert "Indice" in text and "négocier le prix et les conditions" in text
        assert "880" not in text  # never the client's hidden figures


async def test_a_hint_is_journaled_and_shown_in_the_debrief(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=4)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        await choose(pilot, "question")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        path = app.screen.rec.path
        hints = [r for r in journal_lines(path) if r.get("type") == "hint"]
        assert [(r["before_turn"], r["criterion"]) for r in hints] == [(2, "n_prix")]
        app.screen.query_one("#price-input").value = "700"  # accepted at once: the session ends
        await pilot.press("p", "enter")
        await pilot.pause()
        await to_debrief(pilot)
        assert app.screen.name == "debrief"
        head = str(app.screen.query_one("#debrief-head").render())
        assert "Indices demandés : 1 (avant le tour 2)" in head.replace("\u00a0", " ").replace("\u202f", " ")


async def test_exam_mode_has_no_hint_no_undo_no_cues(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=2, mode="exam")
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        assert app.screen.mode == "exam"
        assert str(app.screen.query_one("#card-cues").render()).strip() == ""
        await choose(pilot, "pitch")
        await pilot.pause()
        await pilot.press("i", "ctrl+z")
        await pilot.pause()
        assert "Indice" not in transcript_text(app)
        assert len(journals(home)) == 1 and len(app.screen.rec.session.turns) == 1


async def test_replay_from_a_turn_of_the_debrief(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=4)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        await choose(pilot, "question")
        await pilot.pause()
        app.screen.query_one("#price-input").value = "700"  # the client's own opening: accepted at once
        await pilot.press("p", "enter")
        await pilot.pause()
        await to_debrief(pilot)
        assert app.screen.name == "debrief"
        finished = app.screen.rec.path
        await pilot.press("t")  # the annotated transcript
        await pilot.pause()
        await pilot.press("down")  # turn 2 (the price)
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.name == "play"
        assert len(app.screen.rec.session.turns) == 1
        assert app.screen.rec.session.accepts_price
        assert journal_lines(finished)[-1]["outcome"] == "success"  # the finished session's result stands
        assert journal_lines(app.screen.rec.path)[0]["branch_reason"] == "replay"


async def test_language_switch_is_immediate_and_remembered(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir])
    async with app.run_test(size=SIZE) as pilot:
        assert "Bibliothèque" in screen_text(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "Scenario library" in screen_text(app)
        await open_first_scenario(pilot)
        assert "Preparation" not in screen_text(app)  # play screen now
        assert "The interview starts" in transcript_text(app)
        assert "le monsieur des chaudières" in transcript_text(app)  # the content stays in its own language
    app = make_app(extra_dirs=[scenario_dir])
    async with app.run_test(size=SIZE):
        assert "Scenario library" in screen_text(app)
    app = make_app(extra_dirs=[scenario_dir], lang="fr")  # --lang wins over the setting
    async with app.run_test(size=SIZE):
        assert "Bibliothèque" in screen_text(app)


async def test_resize_and_too_small_terminal(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert app.screen.name == "play"
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        assert "trop petit" in screen_text(app) and "60 colonnes" in screen_text(app)
        await pilot.press("1")  # keys do not reach the conversation underneath
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen.name == "play"
        assert app.screen.rec.session.turns == []


async def test_library_search_and_filters(home, scenario_dir, only_test_scenarios):
    from test_tui_support import NEGO, write_scenario

    write_scenario(scenario_dir, NEGO.replace("id: tui-nego", "id: tui-prospect")
                   .replace("blocks: [negociation]", "blocks: [prospection]")
                   .replace("le contrat d'entretien", "l'appel au gérant").replace("sector: services", "sector: banque"),
                   name="tui-prospect.yaml")
    app = make_app(extra_dirs=[scenario_dir])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#scenarios")
        assert table.option_count == 2
        await pilot.press("slash")
        for ch in "appel":
            await pilot.press(ch)
        await pilot.pause()
        assert table.option_count == 1 and "l'appel au gérant" in str(table.get_option_at_index(0).prompt)
        app.screen.query_one("#search").value = ""
        await pilot.pause()
        chip = app.screen.query_one("#f-block")
        chip.focus()
        await pilot.press("enter")  # the filter's menu
        await pilot.pause()
        menu = app.screen.query_one("#filter-options")
        labels = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert labels[0] == "Blocs" and "Négociation (bloc 4)" in labels
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.screen.name == "library"
        assert table.option_count == 1


async def test_help_palette_and_remapped_keys(home, scenario_dir, only_test_scenarios):
    (home / "settings.json").write_text('{"keymap": {"negosim.hint": "f5"}}', encoding="utf-8")
    app = make_app(extra_dirs=[scenario_dir], seed=2)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen.name == "help"
        keys = static_text(app.screen.query_one("#help-keys"))
        assert "Indice" in keys and "negosim.hint" in keys and "f5" in keys.lower()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f5")  # the remapped hint key
        await pilot.pause()
        assert "Indice" in transcript_text(app)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Bibliothèque", "Historique", "Aide", "Indice", "Annuler le dernier tour", "Quitter negosim"} <= set(commands)


async def test_a_scenario_that_does_not_load_is_explained(home, scenario_dir, only_test_scenarios):
    from test_tui_support import write_scenario

    write_scenario(scenario_dir, "format: 1\nid: casse\ntitle: [pas fermé\n", name="casse.yaml")
    app = make_app(extra_dirs=[scenario_dir])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#scenarios")
        broken = next(i for i in range(table.option_count) if "casse" in str(table.get_option_at_index(i).prompt))
        assert "⚠" in str(table.get_option_at_index(broken).prompt)
        table.highlighted = broken
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Ce scénario ne peut pas s'ouvrir" in text and "casse.yaml" in text and "NS004" in text


async def test_bundled_scenario_plays_to_an_end(home):
    """The real library: the first bundled scenario, always the first choice, reaches an ending."""
    app = make_app(seed=7)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        play = app.screen
        for _ in range(60):
            if play.rec.session.ended:
                break
            if play.rec.session.choices():
                await pilot.press("1")
            else:
                play.query_one("#price-input").value = str(play.scenario.spec.price.list_price)
                await pilot.press("p", "enter")
            await pilot.pause()
        assert play.rec.session.ended
        await to_debrief(pilot)
        assert app.screen.name == "debrief"


async def test_theme_switch_redraws_the_conversation_and_is_remembered(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=2)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        await choose(pilot, "question")
        await pilot.pause()
        before = transcript_text(app)
        await pilot.press("f3")
        await pilot.pause()
        assert app.theme == "negosim-clair" and app.screen.name == "play"
        assert transcript_text(app) == before
        assert app.screen.query_one("#transcript").palette.client == app.current_theme.primary
    app = make_app(extra_dirs=[scenario_dir])
    async with app.run_test(size=SIZE):
        assert app.theme == "negosim-clair"


async def test_no_color_keeps_everything_readable(home, scenario_dir, only_test_scenarios, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(extra_dirs=[scenario_dir], seed=2)
    async with app.run_test(size=SIZE) as pilot:
        assert app.no_color
        await open_first_scenario(pilot)
        phases = static_text(app.screen.query_one("#phases"))
        assert "▸Contact" in phases  # the current phase is marked by a sign, not only by a colour
        cues = static_text(app.screen.query_one("#card-cues"))
        assert "▰" in cues and "solide" in cues


async def test_the_library_reads_its_list_once_at_start_and_again_when_a_session_ends(
        home, scenario_dir, only_test_scenarios, monkeypatch):
    from simulator.tui.screens.library import LibraryScreen

    loads = []
    original = LibraryScreen.load
    monkeypatch.setattr(LibraryScreen, "load", lambda self: (loads.append(1), original(self)))
    app = make_app(extra_dirs=[scenario_dir], seed=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(loads) == 1  # not once more when Textual resumes the screen it has just mounted
        await open_first_scenario(pilot)
        await choose(pilot, "question")
        await pilot.pause()
        app.screen.query_one("#price-input").value = "700"  # accepted at once: the session ends
        await pilot.press("p", "enter")
        await pilot.pause()
        while app.screen.name != "library":
            await pilot.press("escape")
            await pilot.pause()
        assert len(loads) == 2  # back in the library: the new best mark is read
        assert "/20" in screen_text(app)
