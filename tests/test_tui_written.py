"""The written work in the terminal app, driven by Pilot: the forms of simulator/written/forms.py on screen,
drafts journaled as the learner types, the final version on Ctrl+S (refused, with what to correct, while a
required field is empty), the order of the forms around the interview, and a session reopened into its draft."""

from __future__ import annotations

import pytest
from test_tui_support import (
    NEGO,
    choose,
    journal_lines,
    journals,
    make_app,
    open_first_scenario,
    plain,
    screen_text,
    static_text,
    until,
    write_scenario,
)

pytest_plugins = ["test_tui_support"]  # fixtures: anyio_backend, scenario_dir, only_test_scenarios
pytestmark = pytest.mark.anyio

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def quick_drafts(monkeypatch):
    """Drafts are written a moment after the last edit: a short moment here, the tests wait for it."""
    import simulator.tui.screens.written as written

    monkeypatch.setattr(written, "DRAFT_DELAY", 0.01)


def saves(path, kind):
    return [r for r in journal_lines(path) if r.get("type") == "work" and r["kind"] == kind]


def field_index(screen, name):
    return next(i for i, f in enumerate(screen.form.fields) if f.name == name)


def control(screen, name):
    return screen.work_form.control(field_index(screen, name))


async def type_in(pilot, text):
    await pilot.press(*text)


async def end_the_test_deal(pilot):
    """NEGO: an open question, then 700 € (the client's own opening, accepted at once): the interview is over."""
    await choose(pilot, "question")
    await pilot.pause()
    pilot.app.screen.query_one("#price-input").value = "700"
    await pilot.press("p", "enter")
    await pilot.pause()
    assert pilot.app.screen.rec.session.ended


async def test_the_preparation_sheet_comes_after_the_briefing_keeps_drafts_and_refuses_an_incomplete_sheet(
        home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the briefing
        await pilot.pause()
        await pilot.press("enter")  # the preparation sheet, the briefing beside it
        await pilot.pause()
        screen = app.screen
        assert screen.name == "written" and screen.form.kind == "preparation"
        aside = plain(" ".join(static_text(w) for w in screen.query("#written-aside Static")))
        assert "Contrat annuel : deux visites" in aside and "Objectif" in aside
        assert [s.name for s in app.screen_stack[-2:]] == ["play", "written"]  # the interview waits under it
        journal = journals(home)[0]
        assert saves(journal, "preparation") == []  # an untouched sheet writes nothing
        # by keyboard: who decides (a list), the motives (boxes), two questions typed
        await pilot.press("enter", "down", "enter")
        await pilot.press("tab", "tab", "down", "space")  # the second motive: Orgueil
        await pilot.press("tab")
        await type_in(pilot, "Comment s'est passé l'hiver ?")
        await pilot.press("enter")
        await type_in(pilot, "Qui décide ?")
        await pilot.pause(0.2)
        draft = saves(journal, "preparation")[-1]
        assert draft["final"] is False
        assert draft["data"]["decision_maker"] == "client" and draft["data"]["motives"] == ["orgueil"]
        assert draft["data"]["questions"] == ["Comment s'est passé l'hiver ?", "Qui décide ?"]
        # submitted too early: what to correct, the cursor on the first field concerned, nothing final
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = plain(static_text(screen.query_one("#written-status")))
        assert "« Questions que vous prévoyez de poser (3 à 5) » : au moins 3." in status
        assert "« Votre argument d'ouverture » est à remplir." in status
        assert control(screen, "questions").has_focus
        assert all(not r["final"] for r in saves(journal, "preparation"))
        await pilot.press("enter")
        await type_in(pilot, "Combien de pannes ?")
        control(screen, "lead_argument").text = "Plus jamais sans chauffage : dépannage sous 24 h."
        control(screen, "price_opening").value = "1 000"
        control(screen, "price_target").value = "900"
        control(screen, "price_walk_away").value = "850"
        control(screen, "counterparts").select("duree")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.name == "play"  # on to the interview
        final = saves(journal, "preparation")[-1]
        assert final["final"] is True
        assert final["data"]["questions"][-1] == "Combien de pannes ?"
        assert (final["data"]["price_opening"], final["data"]["price_target"], final["data"]["price_walk_away"]) == (
            1000, 900, 850)
        assert final["data"]["counterparts"] == ["duree"]
        await choose(pilot, "question")
        await pilot.pause()
    kinds = [r["type"] for r in journal_lines(journal)]
    assert kinds.index("input") > max(i for i, k in enumerate(kinds) if k == "work")  # written before the first move


async def test_after_the_interview_the_self_assessment_crm_note_and_email_come_before_the_grid(
        home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        await end_the_test_deal(pilot)
        rec = app.screen.rec
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert screen.name == "written" and screen.form.kind == "self_assessment"
        assert "1/3" in static_text(screen.query_one("#written-title"))
        assert not any(s.name == "debrief" for s in app.screen_stack)  # the grid comes after
        evaluated = [cid for b in rec.debrief.block_results if b.assessed for cid in b.criteria
                     if rec.debrief.criteria[cid].evaluated]
        assert [f.name for f in screen.form.fields if f.kind == "level"] == [f"levels.{c}" for c in evaluated]
        # the turn lists show the learner's own lines
        turn = control(screen, "best_turn")
        assert "Tour 1 — « Oui, bonjour. Comment s'est passé votre hiver" in plain(str(turn._options[1][0]))
        # levels by keyboard: the first criterion « en cours », then every other one « acquis »
        await pilot.press("down", "enter")
        for _ in evaluated[1:]:
            await pilot.press("tab", "enter")
        turn.value = "1"
        control(screen, "weakest_turn").value = "2"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.form.kind == "crm_note" and "2/3" in static_text(app.screen.query_one("#written-title"))
        await pilot.press("escape")  # the CRM note put aside for later
        await pilot.pause()
        email = app.screen
        assert email.form.kind == "email"
        await type_in(pilot, "Notre contrat")
        await pilot.press("tab")
        await type_in(pilot, "Bonjour Monsieur Lenoir,")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.name == "debrief"
        path = rec.path
    assessed = saves(path, "self_assessment")[-1]
    assert assessed["final"] and assessed["data"]["best_turn"] == 1 and assessed["data"]["weakest_turn"] == 2
    assert assessed["data"]["levels"] == {cid: "en_cours" if i == 0 else "acquis" for i, cid in enumerate(evaluated)}
    assert saves(path, "crm_note") == []  # put aside untouched: nothing written
    assert saves(path, "email")[-1]["data"] == {"subject": "Notre contrat", "body": "Bonjour Monsieur Lenoir,"}
    assert saves(path, "email")[-1]["final"] is True
    kinds = [r["type"] for r in journal_lines(path)]
    assert kinds.index("end") < kinds.index("work")  # written after the interview's end line


def form_ready(screen) -> bool:
    """A written-work screen whose form is mounted (its fields can be read), not just created."""
    return getattr(screen, "form", None) is not None and bool(screen.query("#form-field-0"))


async def test_a_session_closed_while_writing_reopens_on_its_draft(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        await end_the_test_deal(pilot)
        await pilot.press("enter", "escape")  # self-assessment put aside
        await pilot.pause()
        crm = app.screen
        assert crm.form.kind == "crm_note"
        await pilot.press("enter", "down", "down", "enter")  # outcome: the second one, « Vente conclue »
        await pilot.press("tab")
        await type_in(pilot, "Ne plus rester sans chauffage")
        path = crm.form and journals(home)[0]
        await until(pilot, lambda: any(s["data"].get("needs") == "Ne plus rester sans chauffage"
                                       for s in saves(path, "crm_note")), "the draft saved")
        data = saves(path, "crm_note")[-1]["data"]
        assert (data["outcome"], data["needs"]) == ("vente", "Ne plus rester sans chauffage")
        # the draft is on disk before the app goes: a killed process would lose nothing
    again = make_app(resume=str(path))
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: form_ready(again.screen), "the written work reopened")
        screen = again.screen
        assert screen.name == "written" and screen.form.kind == "self_assessment"  # not submitted: asked again
        await pilot.press("escape")
        await until(pilot, lambda: form_ready(again.screen) and again.screen.form.kind == "crm_note", "the CRM note")
        screen = again.screen
        values = screen.work_form.values()
        assert values["outcome"] == "vente" and values["needs"] == "Ne plus rester sans chauffage"


async def test_a_session_left_on_its_preparation_draft_reopens_on_it(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        await until(pilot, lambda: getattr(app.screen, "form", None) is not None, "the preparation sheet")
        control(app.screen, "lead_argument").text = "Le dépannage sous 24 h."
        await until(pilot, lambda: bool(journals(home)) and "24 h" in journals(home)[0].read_text(encoding="utf-8"),
                    "the draft saved")
        path = journals(home)[0]
    again = make_app(resume=str(path))
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: form_ready(again.screen), "the preparation sheet reopened")
        assert again.screen.form.kind == "preparation"
        assert again.screen.work_form.values()["lead_argument"] == "Le dépannage sous 24 h."
        await pilot.press("escape")  # skipped: the interview, which had not begun
        await pilot.pause()
        assert again.screen.name == "play"


async def test_switching_to_english_relabels_the_form_and_keeps_what_was_typed(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        control(app.screen, "lead_argument").text = "Le dépannage sous 24 h."
        control(app.screen, "motives").select("argent")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        text = screen_text(app)
        assert "Who decides? *" in text and "The argument you will lead with" in text and "Qui décide" not in text
        values = app.screen.work_form.values()
        assert values["lead_argument"] == "Le dépannage sous 24 h." and values["motives"] == ["argent"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "“Questions you plan to ask (3 to 5)” must be filled in." in screen_text(app)


async def test_labels_and_answers_are_shown_as_written_not_as_markup(home, tmp_path, only_test_scenarios):
    folder = tmp_path / "hostile"
    label = "un engagement [bold]sur[/bold] trois ans [3 ans]"
    write_scenario(folder, NEGO.replace("un engagement sur trois ans", label))
    app = make_app(extra_dirs=[folder], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        screen = app.screen
        control(screen, "counterparts").select("duree")
        control(screen, "lead_argument").text = "[red]Prix[/red] imbattable"
        await pilot.pause()
        assert f"Ordre : 1. {label}" in screen_text(app)
        assert label in plain(" ".join(static_text(w) for w in screen.query("#written-aside Static")))
        await pilot.press("ctrl+s")  # incomplete: the problems name the fields, nothing swallowed
        await pilot.pause()
        assert screen.work_form.values()["lead_argument"] == "[red]Prix[/red] imbattable"


async def fill_the_sheet(pilot):
    """A complete preparation sheet for NEGO, handed in: the interview comes next."""
    screen = pilot.app.screen
    control(screen, "decision_maker").value = "client"
    control(screen, "questions").text = "Comment s'est passé l'hiver ?\nQui décide ?\nQuel budget ?"
    control(screen, "lead_argument").text = "Plus jamais sans chauffage : dépannage sous 24 h."
    control(screen, "price_opening").value = "1000"
    control(screen, "price_target").value = "900"
    control(screen, "price_walk_away").value = "850"
    control(screen, "counterparts").select("duree")
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert pilot.app.screen.name == "play"


async def test_the_debrief_shows_the_written_work_graded_and_what_is_left_to_write(home, scenario_dir,
                                                                                  only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")
        await pilot.pause()
        await fill_the_sheet(pilot)
        await end_the_test_deal(pilot)  # 700 €: under the walk-away price the sheet set
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        for i, f in enumerate(screen.form.fields):
            if f.kind == "level":
                screen.work_form.control(i).query("RadioButton").first().value = True  # « acquis » everywhere
        control(screen, "best_turn").value = "1"
        control(screen, "weakest_turn").value = "2"
        await pilot.pause()
        await pilot.press("ctrl+s", "escape")  # the self-assessment handed in, the CRM note put aside
        await pilot.pause()
        control(app.screen, "subject").value = "Notre contrat"
        control(app.screen, "body").text = "ok pour 700 €"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        debrief = app.screen
        assert debrief.name == "debrief"
        written = debrief.debrief.written
        assert written is not None and written.works == ("preparation", "email", "self_assessment")
        assert "n_preparation" in debrief.debrief.criteria  # graded from the sheet, in the grid
        await pilot.press("w")
        await pilot.pause()
        assert debrief.query_one("#debrief-tabs").active == "written"
        body = plain(static_text(debrief.query_one("#written-body"), width=200))
        for heading in ("Fiche de préparation", "Courriel de suivi", "Auto-évaluation",
                        "Ce que vous aviez prévu, ce que vous avez fait"):
            assert heading in body
        for finding in written.findings + written.plan_vs_actual:
            sign = {"strength": "✓", "warning": "!", "fault": "✗"}[finding.severity]
            assert f"{sign} {plain(finding.text_fr)}" in body
        assert any(f.severity == "fault" and f.field == "price_walk_away" for f in written.plan_vs_actual)
        assert "vous : Acquis  ·  grille : Non acquis  ↑ plus haut que la grille" in body
        assert "À rédiger encore : Fiche client (CRM) (touche a)." in body
        await pilot.press("a")  # the CRM note left aside, then the debrief again
        await pilot.pause()
        crm = app.screen
        assert crm.name == "written" and crm.form.kind == "crm_note"
        control(crm, "outcome").value = "vente"
        control(crm, "needs").text = "Ne plus rester sans chauffage"
        control(crm, "next_step").value = "Première visite"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.name == "debrief" and app.screen is not debrief
        again = app.screen.debrief.written
        assert "crm_note" in again.works and again.findings_of("crm_note")
        body = plain(static_text(app.screen.query_one("#written-body"), width=200))
        assert "Fiche client (CRM)" in body and "À rédiger encore" not in body
        assert not app.screen.check_action("write_now", ())


async def test_a_session_without_written_work_says_so_in_the_written_tab(home, scenario_dir, only_test_scenarios):
    app = make_app(extra_dirs=[scenario_dir], seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_scenario(pilot)
        await end_the_test_deal(pilot)
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(3):
            await pilot.press("escape")
            await pilot.pause()
        debrief = app.screen
        assert debrief.name == "debrief" and debrief.debrief.written is None
        assert debrief.debrief.mark == debrief.rec.debrief.mark  # no written work: the mark the recorder gave
        await pilot.press("w")
        await pilot.pause()
        body = plain(static_text(debrief.query_one("#written-body"), width=200))
        assert "Aucun écrit pour cette session" in body
        assert "À rédiger encore : Auto-évaluation, Fiche client (CRM), Courriel de suivi (touche a)." in body
