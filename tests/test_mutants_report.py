"""The jury report of one exam record (simulator/exam/report.py), checked directly: its data is the record as
read (every field, every piece of evidence grouped by rule with its turns), its Markdown and HTML show the same
figures, in French or in English, and a record that does not verify shows no grading (issue 21's mutation pass:
what test_exam_report.py checked by a few words)."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from exam_support import KEY, PUBLIC, begin, exam_scenario, play_randomly
from test_exam_writing import written_exam

from simulator.content.library import resolve_scenario
from simulator.content.loader import load_scenario
from simulator.content.typography import localise
from simulator.engine.price import format_money
from simulator.engine.session import ChoiceInput
from simulator.exam.annotate import add_annotation
from simulator.exam.clock import format_duration
from simulator.exam.reason import Reason
from simulator.exam.record import load_exam, outcome_label
from simulator.exam.report import (
    KIND_MARK,
    _duration_label,
    _grouped,
    _negotiation,
    french_datetime,
    jury_data,
    mark_label,
    render,
    render_html,
    render_json,
    render_markdown,
    seal_status,
)
from simulator.exam.verify import INVALID, LATE, UNVERIFIABLE, VALID, Problem, Verification
from simulator.i18n import t

pytestmark = pytest.mark.usefixtures("paris_time")  # the dates the jury reads, in Paris time (conftest)


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# ---------------------------------------------------------------- words, dates, marks

def test_dates_as_a_french_or_english_jury_reads_them():
    assert french_datetime("2025-06-02T08:05:00+00:00") == "2\u00a0juin\u00a02025 à 10\u00a0h\u00a005"
    assert french_datetime("2025-12-31T23:30:00+00:00") == "1\u00a0janvier\u00a02026 à 00\u00a0h\u00a030"
    assert french_datetime("2025-06-02T08:05:00+00:00", "en") == "02 June 2025, 10:05"
    assert french_datetime(datetime(2025, 11, 3, 17, 0, tzinfo=UTC)) == "3\u00a0novembre\u00a02025 à 18\u00a0h\u00a000"
    assert [french_datetime(f"2025-{m:02d}-15T12:00:00+00:00").split("\u00a0")[1] for m in range(1, 13)] == [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
        "décembre"]
    assert (french_datetime(None), french_datetime(None, "en"), french_datetime(42), french_datetime("hier")) == (
        "—", "—", "42", "hier")


def test_marks_and_durations_as_the_jury_reads_them():
    assert (mark_label(12.35), mark_label(12.35, "en"), mark_label(0.0), mark_label(None)) == (
        "12,3\u00a0/\u00a020", "12.3\u00a0/\u00a020", "0,0\u00a0/\u00a020", "—")
    assert _duration_label(1032.0, 30, "fr") == format_duration(1032.0, "fr") + " / 30\u00a0min"
    assert _duration_label(65.0, 7.5, "en") == format_duration(65.0, "en") + " / 7.5\u00a0min"
    assert _duration_label(None, 20, "fr") == "— / 20\u00a0min"
    assert _duration_label(None, None, "fr") == "— / —" and _duration_label(12.0, "vingt", "fr").endswith(" / —")


def evidence(turn: int, kind: str, rule: str | None, points: int = 0, text: str = "") -> SimpleNamespace:
    words = text or f"{kind} {rule}"
    return SimpleNamespace(turn=turn, kind=kind, rule=rule, points=points,
                           explain=lambda lang, w=words: w if lang == "fr" else "EN " + w)


def test_observations_group_a_rule_with_every_turn_it_fired_at():
    found = _grouped([evidence(1, "weakness", "w1", -1), evidence(2, "strength", "s1", 2), evidence(5, "weakness", "w1", -2),
                      evidence(3, "missed", None), evidence(3, "missed", None), evidence(1, "missed", None),
                      evidence(4, "strength", "s1", 1), evidence(2, "strength", "s0", 1),
                      evidence(6, "missed", "technique", 0, "Technique incomplète"),
                      evidence(6, "weakness", None, -1, "sans règle"), evidence(7, "weakness", None, -1, "sans règle"),
                      evidence(8, "neutral", "n1")], "fr")
    assert [(g["kind"], g["sign"], g["rule"], g["text"], g["turns"], g["points"], g["turns_label"]) for g in found] == [
        ("strength", "+", "s1", "strength s1", [2, 4], 3, "T2, T4"),  # strengths first, by the first turn
        ("strength", "+", "s0", "strength s0", [2], 1, "T2"),
        ("weakness", "−", "w1", "weakness w1", [1, 5], -3, "T1, T5"),
        ("missed", "○", "technique", "Technique incomplète", [6], 0, "T6"),  # then the others by first turn
        ("weakness", "−", None, "sans règle", [6, 7], -2, "T6, T7"),  # no rule: grouped by its words
        ("neutral", "·", "n1", "neutral n1", [8], 0, "T8"),
        ("missed", "○", None, "3 occasions manquées", [1, 3], 0, "T1, T3")]  # missed moves: one line, last
    english = _grouped([evidence(2, "strength", "s1"), evidence(1, "missed", None)], "en")
    assert [g["text"] for g in english] == ["EN strength s1", "1 missed opportunity"]
    assert _grouped([], "fr") == []


def test_the_price_negotiation_in_the_currency_and_language_of_the_report():
    n = SimpleNamespace(unit="HT", currency="€", list_price=9600, target=8900, floor=8400, deal=True, final=9100.5,
                        walked_away=False, concessions=2, with_counterpart=1, without_counterpart=1,
                        counterparts=["paiement : comptant"], discount_pct=5.2,
                        offers=[{"amount": 9200, "counter": 9400, "counterpart": "x", "response": "counter", "kind": "offer",
                                 "extra": 1}, {"amount": 9100.5, "response": "accept"}])
    got = _negotiation(SimpleNamespace(negotiation=n), "fr")
    money = lambda v: format_money(v, "€", "fr")  # noqa: E731
    assert got == {"unit": "HT", "list": money(9600), "target": money(8900), "floor": money(8400), "deal": True,
                   "final": money(9100.5), "walked_away": False, "concessions": 2, "with_counterpart": 1,
                   "without_counterpart": 1, "counterparts": [localise("paiement : comptant", "fr")], "discount_pct": 5.2,
                   "offers": [{"amount": 9200, "counter": 9400, "counterpart": "x", "response": "counter", "kind": "offer",
                               "amount_label": money(9200), "counter_label": money(9400)},
                              {"amount": 9100.5, "counter": None, "counterpart": None, "response": "accept", "kind": None,
                               "amount_label": money(9100.5), "counter_label": "—"}]}
    assert _negotiation(SimpleNamespace(negotiation=n), "en")["list"] == format_money(9600, "€", "en") != money(9600)
    none = SimpleNamespace(**{**vars(n), "final": None, "deal": False})
    assert _negotiation(SimpleNamespace(negotiation=none), "fr")["final"] == "—"
    assert _negotiation(SimpleNamespace(negotiation=None), "fr") is None


def verdict(status: str, signed: bool = True, late: bool = False, problems: tuple = ()) -> SimpleNamespace:
    v = Verification(Path("r.jsonl"), status, list(problems),
                     seal={"sealed_at": "2025-06-02T08:20:00+00:00", "key_id": KEY.key_id,
                           **({"alg": "ed25519"} if signed else {}), **({"late": True} if late else {})},
                     certificate={"key_id": KEY.key_id} if signed else None)
    return SimpleNamespace(verification=v)


@pytest.mark.parametrize(("status", "signed", "late", "which", "level"), [
    (VALID, True, False, "signed", "ok"), (VALID, False, False, "unsigned", "warn"), (LATE, True, True, "late", "bad"),
    (UNVERIFIABLE, True, False, "unverifiable", "warn"), (INVALID, True, False, "invalid", "bad")])
def test_the_seal_status_says_what_the_verification_found(status, signed, late, which, level):
    wrong = Problem("bad_seal", Reason("verify.bad_seal"), 7)
    rec = verdict(status, signed, late, (wrong, Problem("no_key", Reason("verify.no_key"))))
    for lang in ("fr", "en"):
        s = seal_status(rec, lang)
        assert s == {"status": status, "signed": signed, "late": late, "key_id": KEY.key_id, "level": level,
                     "label": t("jury.seal." + which, lang, key_id=KEY.key_id),
                     "sealed_at": "2025-06-02T08:20:00+00:00",
                     "sealed_at_label": french_datetime("2025-06-02T08:20:00+00:00", lang),
                     "problems": [wrong.data(lang)]}  # "no key" is what the status already says
    bare = SimpleNamespace(verification=Verification(Path("r.jsonl"), INVALID))
    assert seal_status(bare)["sealed_at"] is None and seal_status(bare)["sealed_at_label"] is None


# ---------------------------------------------------------------- one exam record, read back

@pytest.fixture(scope="module")
def negotiation(tmp_path_factory):
    """A signed exam on a bundled price negotiation, annotated by the jury (a criterion's comment, a decision)."""
    folder = tmp_path_factory.mktemp("jury")
    sc = load_scenario(resolve_scenario("assurance-artisan"))
    run, clock = begin(sc, folder, candidate="Camille Lefèvre", seed=7, examiner="M. Bernard", interview=20)
    clock.advance(17 * 60 + 12)
    play_randomly(run, clock, random.Random(3), price_bias=0.8)
    add_annotation(run.path, KEY, "Mme Durand", "2025-06-02T09:00:00+00:00", "Bonne découverte : à l'écoute.",
                   {"n_prix": "Concession sans contrepartie.", "objectif": "Manqué."}, "Admissible")
    return load_exam(run.path, PUBLIC)


def test_the_jury_data_is_the_record_as_read(negotiation):
    rec = negotiation
    for lang in ("fr", "en"):
        d = jury_data(rec, lang)
        assert (d["kind"], d["format"], d["record"], d["mode"], d["candidate"], d["examiner"]) == (
            "negosim-jury-report", 1, str(rec.path), "exam", "Camille Lefèvre", "M. Bernard")
        assert d["scenario"] == {"id": "assurance-artisan", "title": localise(rec.scenario_title, lang),
                                 "hash": rec.header["scenario_hash"], "seed": 7, "pool": []}
        assert d["date"] == rec.interview_started == "2025-06-02T08:17:12.000+00:00"
        assert d["date_label"] == french_datetime(rec.date, lang)
        assert d["preparation"] == {"allowed_minutes": 30, "used_seconds": 1032.0,
                                    "label": _duration_label(1032.0, 30, lang)}
        assert d["interview"] == {"allowed_minutes": 20, "used_seconds": rec.interview_seconds,
                                  "label": _duration_label(rec.interview_seconds, 20, lang)}
        assert d["writing"] is None and d["written"] is None  # no writing phase in this exam
        assert (d["outcome"], d["outcome_label"]) == (rec.outcome, outcome_label(rec.outcome, lang))
        assert d["seal"] == seal_status(rec, lang) and d["notices"] == [] and d["error"] is None and d["graded"]
        assert d["annotations"] == [{"author": "Mme Durand", "at": "2025-06-02T09:00:00+00:00",
                                     "at_label": french_datetime("2025-06-02T09:00:00+00:00", lang),
                                     "comment": localise("Bonne découverte : à l'écoute.", lang), "decision": "Admissible",
                                     "criteria": {"n_prix": "Concession sans contrepartie.", "objectif": "Manqué."},
                                     "signed": True}]
        assert d["annotation_problems"] == []
        debrief = rec.debrief
        assert d["mark"] == debrief.mark
        assert d["blocks"] == [{"id": b.id, "number": b.number, "title": localise(b.title(lang), lang), "mark": b.mark,
                                "level": b.level, "level_label": debrief.level_label(b.level, lang)}
                               for b in debrief.block_results if b.assessed]
    assert jury_data(rec, "fr")["annotations"][0]["comment"] == "Bonne découverte\u00a0: à l'écoute."


def test_a_tampered_annotation_is_reported_in_the_readers_language(negotiation, tmp_path):
    import shutil

    from simulator.exam.annotate import annotations_path

    record = tmp_path / negotiation.path.name
    shutil.copy(negotiation.path, record)
    notes = annotations_path(negotiation.path).read_text(encoding="utf-8")
    annotations_path(record).write_text(notes.replace("Manqué.", "Réussi."), encoding="utf-8")
    rec = load_exam(record, PUBLIC)
    problems = [p for p in rec.annotations.problems if p.code != "no_key"]
    assert problems, "the changed comment no longer matches its signature"
    french, english = jury_data(rec, "fr")["annotation_problems"], jury_data(rec, "en")["annotation_problems"]
    assert french == [p.text("fr") for p in problems] and english == [p.text("en") for p in problems]
    assert french != english


def test_the_grid_has_every_criterion_of_the_assessed_blocks_with_its_evidence(negotiation):
    rec = negotiation
    debrief = rec.debrief
    for lang in ("fr", "en"):
        d = jury_data(rec, lang)
        assessed = {b.id for b in debrief.block_results if b.assessed}
        grid = {c["id"]: c for c in d["criteria"]}
        assert list(grid) == [c.id for c in debrief.criteria.values() if c.block in assessed] + ["objectif"]
        for cid, c in grid.items():
            if cid == "objectif":
                continue
            crit = debrief.criteria[cid]
            ordered = sorted(crit.evidence, key=lambda e: (e.turn, e.kind))
            assert {k: c[k] for k in ("block", "title", "level", "level_label", "points", "max", "mark")} == {
                "block": crit.block, "title": localise(crit.title(lang), lang), "level": crit.level,
                "level_label": debrief.level_label(crit.level, lang), "points": crit.points, "max": crit.max,
                "mark": crit.mark}
            assert c["evidence"] == [{"turn": e.turn, "kind": e.kind, "sign": KIND_MARK.get(e.kind, "·"),
                                      "points": e.points, "rule": e.rule, "text": localise(e.explain(lang), lang)}
                                     for e in ordered]
            assert c["observations"] == _grouped(ordered, lang)
            assert c["jury_comment"] == ("Concession sans contrepartie." if cid == "n_prix" else None)
        objective = debrief.objective
        met = (objective.ratio or 0) >= 1
        assert grid["objectif"] == {
            "id": "objectif", "block": None, "title": localise(objective.title(lang), lang), "level": objective.level,
            "level_label": debrief.level_label(objective.level, lang), "points": None, "max": None,
            "mark": objective.mark, "evidence": [], "jury_comment": "Manqué.",
            "observations": [{"kind": "strength" if met else "weakness", "sign": "+" if met else "−", "rule": None,
                              "text": localise(objective.label(lang) + (f" — {objective.summary}" if objective.summary
                                                                        else ""), lang),
                              "turns": [objective.turn] if objective.turn else [], "points": 0,
                              "turns_label": f"T{objective.turn}" if objective.turn else "—"}]}
    kinds = {e["kind"] for c in jury_data(rec)["criteria"] for e in c["evidence"]}
    assert kinds >= {"strength", "weakness", "missed"}  # the record shows each kind


def test_the_price_negotiation_and_the_timed_transcript(negotiation):
    rec = negotiation
    d = jury_data(rec)
    assert d["negotiation"] == _negotiation(rec.debrief, "fr") and d["negotiation"]["list"] == format_money(
        rec.debrief.negotiation.list_price, rec.debrief.negotiation.currency, "fr")
    transcript = d["transcript"]
    session = rec.session
    names = {"client": session.scenario.spec.persona.client.name,
             "gatekeeper": session.scenario.spec.persona.gatekeeper.name}
    assert transcript[0] == {"turn": 0, "time": "0:00", "learner": None,
                             "replies": [{"who": names[c.speaker], "text": localise(c.text, "fr")} for c in session.opening]}
    assert [row["turn"] for row in transcript[1:]] == [turn.number for turn in session.turns]
    for row, turn, times in zip(transcript[1:], session.turns, rec.turn_times, strict=True):
        m, s = row["time"].split(":")
        assert int(m) * 60 + int(s) == int(times.seconds) and row["at"] == times.at
        assert row["learner"] == localise(turn.learner_text, "fr")
        assert row["replies"] == [{"who": names.get(c.speaker, c.speaker), "text": localise(c.text, "fr")}
                                  for c in turn.replies]
    assert {r["who"] for row in transcript for r in row["replies"]} == set(names.values())


def test_the_markdown_report_says_what_the_data_says(negotiation):
    rec = negotiation
    d = jury_data(rec)
    md = render_markdown(rec)
    lines = md.split("\n")
    assert md == localise(md, "fr") and md.endswith("|\n")
    assert lines[:14] == [
        "# Épreuve blanche — compte rendu du jury", "",
        "- **Candidat(e)**\u00a0: Camille Lefèvre",
        f"- **Scénario**\u00a0: {d['scenario']['title']} (`assurance-artisan`, graine 7)",
        f"- **Date**\u00a0: {d['date_label']}",
        f"- **Préparation**\u00a0: {d['preparation']['label']}",
        f"- **Entretien**\u00a0: {d['interview']['label']}",
        f"- **Issue**\u00a0: {d['outcome_label']}",
        f"- **Sceau**\u00a0: {localise(d['seal']['label'], 'fr')}",
        "- **Examinateur ou examinatrice**\u00a0: M. Bernard", "",
        f"## Note globale\u00a0: {mark_label(d['mark'])}", "",
        "| Bloc | Note | Niveau |"]
    assert f"| Bloc 4 — Négocier et suivre une vente | {mark_label(d['blocks'][0]['mark'])} | " \
           f"{d['blocks'][0]['level_label']} |" in lines
    for c in d["criteria"]:
        row = next(line for line in lines if line.startswith(f"| {localise(c['title'], 'fr')} |"))
        cells = row.split(" | ")
        assert cells[1] == c["level_label"] and cells[3] == mark_label(c["mark"])
        assert cells[2] == (f"{c['points']}/{c['max']}" if c["level"] != "non_evalue" and c["points"] is not None else "—")
        for g in c["observations"]:
            assert localise(f"{g['sign']} {g['text']} ({g['turns_label']})", "fr").replace("|", "/") in row
        assert row.count("<br>") == max(len(c["observations"]) - 1, 0) + (c["jury_comment"] is not None)  # one a line
        assert (c["jury_comment"] is not None) == ("<br>**Jury**\u00a0: " in row)
    assert "## Grille d'évaluation\n\n| Critère | Niveau | Points | Note | Observations |\n|---|---|---|---|---|" in md
    negotiation_words = next(line for line in lines if line.startswith("Tarif "))
    assert d["negotiation"]["list"] in negotiation_words and d["negotiation"]["floor"] in negotiation_words
    assert "## Transcription" in lines and "## Annotations du jury" in lines
    assert "\n\n## Négociation du prix\n\nTarif " in md and "\n\n## Transcription\n\n*" in md  # a blank line after each
    first = next(row for row in d["transcript"] if row["learner"])
    assert f"**[{first['time']}] T{first['turn']} — Candidat(e)**\u00a0: {first['learner']}  " in lines
    assert ("- **Mme Durand**, " + d["annotations"][0]["at_label"] + " (signée)\u00a0: Bonne découverte\u00a0: à l'écoute."
            " — décision\u00a0: Admissible") in lines
    assert lines[-7:] == ["&nbsp;", "", "| Nom | Date | Signature |", "|---|---|---|", "| | | |", "| | | |", ""]


def test_the_english_markdown_has_no_space_before_its_colons(negotiation):
    md = render_markdown(negotiation, "en")
    assert "- **Candidate**: Camille Lefèvre" in md and "\u00a0:" not in md.split("## Transcript")[0].replace(
        negotiation.scenario_title, "")
    assert "## Overall mark: " in md and "seed 7" in md and "| Name | Date | Signature |" in md


def test_the_html_report_shows_the_same_figures(negotiation):
    rec = negotiation
    d = jury_data(rec)
    html = render_html(rec)
    assert '<html lang="fr">' in html and "<th>Candidat(e)</th><td><strong>Camille Lefèvre</strong></td>" in html
    assert f"<span class=\"v\">{mark_label(d['mark'])}</span>" in html and "\u00a0: " in html
    assert '<div class="seal ok">' in html and "(assurance-artisan, graine 7)" in html
    for c in d["criteria"]:
        assert f"<td class=\"num\">{mark_label(c['mark'])}</td>" in html
    en = render_html(rec, "en")
    assert '<html lang="en">' in en and f"<span class=\"v\">{mark_label(d['mark'], 'en')}</span>" in en
    assert "\u00a0:" not in en.split("<h2>")[0].replace(rec.scenario_title, "")
    assert "(assurance-artisan, seed 7)" in en


def test_render_gives_the_format_asked_for(negotiation):
    rec = negotiation
    assert json.loads(render(rec, "json")) == json.loads(json.dumps(jury_data(rec), ensure_ascii=False))
    assert render(rec, "json") == render_json(rec) and render_json(rec).endswith("}\n") and "Lefèvre" in render_json(rec)
    assert json.loads(render(rec, "json", "en"))["outcome_label"] == outcome_label(rec.outcome, "en")
    assert render(rec, "md") == render_markdown(rec) and render(rec, "md", "en") == render_markdown(rec, "en")
    assert render(rec, "html") == render_html(rec) and render(rec, "html", "en") == render_html(rec, "en")
    assert render_json(rec).startswith('{\n  "kind": "negosim-jury-report",\n  "format": 1,')


def test_a_record_that_does_not_verify_shows_no_grading(negotiation, tmp_path):
    forged = tmp_path / "forged.jsonl"
    forged.write_bytes(negotiation.path.read_bytes().replace(b"Camille", b"Camilla", 1))
    rec = load_exam(forged, PUBLIC)
    d = jury_data(rec)
    assert d["graded"] is False and "mark" not in d and "criteria" not in d and "transcript" not in d
    assert d["seal"]["level"] == "bad" and d["seal"]["problems"]
    md = plain(render_markdown(rec))
    assert md.endswith("**Aucune correction** : l'enregistrement n'est pas vérifiable.\n")
    assert "- Ligne" not in md and f"  - ligne {d['seal']['problems'][0]['line']} : " in md
    assert plain(render_markdown(rec, "en")).endswith("**No grading**: the record cannot be verified.\n")
    html = render_html(rec)
    assert "<strong>Aucune correction.</strong>" in html and "Grille" not in html
    # an unreplayable record says why instead
    rec.error = None
    failing = SimpleNamespace(**{k: getattr(rec, k) for k in ("path", "header", "exam", "candidate", "scenario_id",
                              "scenario_title", "interview_started", "preparation_started", "date",
                              "preparation_seconds", "interview_seconds", "writing_seconds", "writing_end", "outcome",
                              "verification", "notices", "annotations", "works", "questions", "session", "turn_times",
                              "is_exam")}, error="rejeu impossible : tour 3", debrief=None)
    assert plain(render_markdown(failing)).endswith("**Aucune correction** : rejeu impossible : tour 3\n")


def test_the_written_work_the_jury_reads_and_grades(tmp_path):
    run = written_exam(exam_scenario(tmp_path), tmp_path / "r")
    rec = load_exam(run.path, PUBLIC)
    d = jury_data(rec)
    assert d["writing"] == {"allowed_minutes": 10, "used_seconds": rec.writing_seconds, "end": rec.writing_end,
                            "label": _duration_label(rec.writing_seconds, 10, "fr")}
    written = d["written"]
    assert [(w["kind"], w["final"]) for w in written["works"]] == [("crm_note", True), ("email", True)]
    email = written["works"][1]
    assert {"label": "Objet", "text": "Suite à notre entretien"} in email["rows"]
    first, second = written["questions"]
    assert first["question"] == localise(run.questions[0].text_fr, "fr") and first["answer"].startswith("Entre 9 h")
    assert second["answer"] == "" and first["expected"] and first["auto_label"]
    graded = {a.question_id: a for a in rec.debrief.written.jury}
    assert [q["auto"] for q in written["questions"]] == [graded[q["id"]].auto for q in written["questions"]]
    assert second["auto"] is not None  # pre-graded (the unanswered question is wrong), the first left to the jury
    assert [s["title"] for s in written["sections"]] and all(s["lines"] for s in written["sections"])
    md = plain(render_markdown(rec))
    work_lines = ["## Écrits du candidat", "", "### Note CRM (version définitive)", "",
                  "- **Résultat de l'entretien** : Vente conclue", "- **Besoins découverts** : Être livré vite.",
                  "- **Prochaine étape** : Livraison", "- **Date de la prochaine étape** : 14/01/2027", "",
                  "### Courriel de suivi (version définitive)", "", "- **Objet** : Suite à notre entretien"]
    assert "\n".join(work_lines) in md
    for section in written["sections"]:  # the findings, under each work's title
        assert "\n".join([f"### {plain(section['title'])}", ""] + [f"- {plain(x)}" for x in section["lines"]]) in md
    for i, q in enumerate(written["questions"], 1):
        assert "\n".join([f"{i}. **{plain(q['question'])}**",
                          f"   - Réponse du candidat : {q['answer'] or '(pas de réponse)'}",
                          f"   - Pré-correction automatique : {plain(q['auto_label'])}",
                          f"   - Réponse attendue : {plain(q['expected'])}",
                          "   - Appréciation du jury : ☐ juste   ☐ partielle   ☐ fausse"]) in md
    assert md.index("## Questions du jury") > md.index("### Courriel de suivi\n") > md.index("## Transcription")
    assert "\n\n## Questions du jury\n\n1. **" in md and "\n\n## Écrits du candidat\n\n### Note CRM" in md
    html = render_html(rec)
    assert html.count("☐ juste") == 2 and "Suite à notre entretien" in html and "Réponse attendue" in html
    english = jury_data(rec, "en")["written"]
    assert english["questions"][0]["question"] == localise(run.questions[0].text_en, "en")


def test_the_price_lines_of_a_deal_and_of_no_deal(negotiation, tmp_path):
    md = plain(render_markdown(negotiation))
    assert "Tarif 9 600 €, objectif 8 900 €, plancher 8 400 € (TTC par an). Pas d'accord sur le prix.\n" \
           "Concessions : 0 (dont 0 sans contrepartie)." in md
    sc = load_scenario(resolve_scenario("assurance-artisan"))
    run, clock = begin(sc, tmp_path, seed=7, interview=20, preparation=0)
    play_randomly(run, clock, random.Random(7), price_bias=0.9)  # a deal, two counterparts obtained
    rec = load_exam(run.path, PUBLIC)
    n = jury_data(rec)["negotiation"]
    assert n["deal"] and n["counterparts"] and n["concessions"] == 4
    md = plain(render_markdown(rec))
    assert f"(TTC par an). Accord à {plain(n['final'])}.\nConcessions : 4 (dont {n['without_counterpart']} sans " \
           "contrepartie)." in md
    html = plain(render_html(rec))
    assert f"<td>{plain(n['final'])}</td>" in html and "Contreparties obtenues : " + ", ".join(
        plain(c) for c in n["counterparts"]).replace("'", "&#39;") + "." in html


@pytest.fixture(scope="module")
def written_work(tmp_path_factory):
    """An exam with a preparation sheet (a draft), a self-assessment and a CRM note handed in, one jury question
    answered, sealed without a jury key and annotated so (no decision), its scenario file edited since."""
    from simulator.written.model import CrmNote, JuryAnswer, JuryAnswers, PreparationSheet, SelfAssessment

    folder = tmp_path_factory.mktemp("ecrits")
    sc = exam_scenario(folder)
    run, clock = begin(sc, folder / "r", seed=4, after=10, questions=1, preparation=5, key=None)  # sealed, unsigned
    run.save_work(PreparationSheet(decision_maker="client", questions=("Quel délai ?",)))  # never handed in
    clock.advance(60)
    run.start_interview()
    run.step(ChoiceInput("presenter"))
    while not run.session.ended:
        clock.advance(10)
        offered = run.session.choices()
        run.step(ChoiceInput(next((c for c in offered if c.id.startswith("traiter")), offered[0]).id))
    run.save_work(SelfAssessment(levels={"n_conclusion": "acquis"}, best_turn=4, best_why="J'ai conclu."), final=True)
    run.save_work(CrmNote(outcome="vente", needs="Être livré vite."), final=True)
    run.save_work(JuryAnswers(tuple(JuryAnswer(q.id, q.text_fr, "Une réponse") for q in run.questions)), final=True)
    run.finish_writing()
    add_annotation(run.path, None, "M. Petit", "2025-06-02T10:00:00+00:00", "Relu | vu.")
    path = folder / "examen.yaml"
    path.write_text(path.read_text("utf-8").replace("Un scénario d'épreuve.", "Un scénario modifié."), "utf-8")
    return load_exam(run.path, None)


def test_each_kind_of_written_work_is_shown_as_its_form_says(written_work):
    rec = written_work
    d = jury_data(rec)
    works = {w["kind"]: w for w in d["written"]["works"]}
    assert list(works) == ["preparation", "crm_note", "self_assessment"] and not works["preparation"]["final"]
    assert works["self_assessment"]["final"] and works["crm_note"]["final"]
    conclusion = rec.debrief.criteria["n_conclusion"].title("fr")
    assert {"label": conclusion, "text": "Acquis"} in works["self_assessment"]["rows"] or any(
        r["label"] == localise(conclusion, "fr") for r in works["self_assessment"]["rows"])
    assert any(r["text"] == "J'ai conclu." for r in works["self_assessment"]["rows"])
    english = {w["kind"]: w for w in jury_data(rec, "en")["written"]["works"]}
    assert rec.debrief.criteria["n_conclusion"].title("en") in [r["label"] for r in english["self_assessment"]["rows"]]
    assert any("Quel délai ?" in r["text"] for r in works["preparation"]["rows"])
    [question] = d["written"]["questions"]
    assert question["answer"] == "Une réponse" and question["auto_label"]
    assert [s["title"] for s in d["written"]["sections"]] == [
        localise(title, "fr") for title, _ in __import__("simulator.report.written", fromlist=["written_sections"])
        .written_sections(rec.debrief, "fr")[1:]] and d["written"]["sections"]
    md = plain(render_markdown(rec))
    assert f"### {works['preparation']['title']} (brouillon)" in md
    assert f"### {works['self_assessment']['title']} (version définitive)" in md
    assert "- **M. Petit**, 2 juin 2025 à 12 h 00 (non signée) : Relu \\| vu." in md.split("\n")  # Markdown escaped
    assert "— décision" not in md


def test_notices_and_unsigned_annotations_reach_the_report(written_work):
    rec = written_work
    d = jury_data(rec)
    assert d["notices"] and all(isinstance(n, str) and n for n in d["notices"])  # the scenario changed since
    md = plain(render_markdown(rec))
    assert all(f"- ⚠ {plain(n)}" in md for n in d["notices"])
    assert d["annotations"][0]["signed"] is False and d["annotations"][0]["decision"] is None
    assert d["annotation_problems"] == [p.text("fr") for p in rec.annotations.problems if p.code != "no_key"]
    assert d["seal"]["level"] == "warn" and '<div class="seal warn">' in render_html(rec)
    objective = next(c for c in d["criteria"] if c["id"] == "objectif")
    met = rec.debrief.objective
    assert (met.ratio or 0) >= 1 and objective["observations"][0]["kind"] == "strength"
    assert objective["observations"][0]["sign"] == "+" and objective["observations"][0]["turns_label"] == (
        f"T{met.turn}" if met.turn else "—")


def test_an_interview_with_no_move_reached_no_turn_of_its_objective(tmp_path):
    run, clock = begin(exam_scenario(tmp_path), tmp_path / "r", preparation=0, interview=1)
    run.start_interview()
    clock.advance(120)  # time is up before the candidate said anything
    assert run.tick() == "ended"
    d = jury_data(load_exam(run.path, PUBLIC))
    objective = next(c for c in d["criteria"] if c["id"] == "objectif")
    assert d["outcome"] == "time_up" and objective["observations"][0]["turns"] == []
    assert objective["observations"][0]["turns_label"] == "—" and d["transcript"][1:] == []


def test_written_work_that_could_not_be_graded_still_shows_each_question_and_what_is_expected(tmp_path):
    import copy

    from simulator.written.jury_grading import questions_for

    run = written_exam(exam_scenario(tmp_path), tmp_path / "r")
    ungraded = copy.copy(load_exam(run.path, PUBLIC))
    ungraded.debrief = None  # replayed, but the scorer failed
    written = jury_data(ungraded)["written"]
    bank = questions_for(ungraded.session.scenario)
    assert [q["expected"] for q in written["questions"]] == [localise(bank[q.id].expected("fr"), "fr") for q in run.questions]
    assert all(q["auto"] is None and q["auto_label"] == t("report.written.auto_none", "fr") for q in written["questions"])
    assert [q["answer"] for q in written["questions"]][0].startswith("Entre 9 h") and written["sections"] == []


def test_a_question_never_answered_has_an_empty_answer(tmp_path):
    from simulator.written.model import CrmNote

    run, clock = begin(exam_scenario(tmp_path), tmp_path / "r", seed=4, after=10, questions=1, preparation=0)
    run.start_interview()
    run.step(ChoiceInput("partir"))
    run.save_work(CrmNote(outcome="perdu"), final=True)  # the answers never saved
    run.finish_writing()
    [question] = jury_data(load_exam(run.path, PUBLIC))["written"]["questions"]
    assert question["answer"] == "" and question["question"]
