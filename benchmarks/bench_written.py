"""Grading the written work (issue 18): a session's debrief with its preparation sheet, CRM note and email,
against the same debrief without them, in the same run.

Each bundled scenario is played to its end (the last option each time, the target price when a price is
asked), then scored with a shared ``ScoringMemo`` (as ``negosim report`` on a cohort does) in alternating
blocks, alone and with a plausible set of works built from its ``preparation:`` section. Printed: the median
per session of each, and the ratio (what the written work adds to a session's grading). Every round's works
are written differently, as a cohort's are: no cache of an earlier round answers for them.

    .venv/bin/python benchmarks/bench_written.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import statistics
import time

from simulator.content.bundled import scenarios_dir
from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput, PriceInput, Session
from simulator.scoring import default_rubric
from simulator.scoring.scorer import ScoringMemo, score
from simulator.written.model import CrmNote, FollowUpEmail, PreparationSheet
from simulator.written.records import Saved


def works_for(scenario, n: int = 0) -> dict[str, Saved]:
    """A plausible set of works; ``n`` varies every text, so that no cache of an earlier round answers for it
    (a cohort's sessions are all written differently)."""
    prep, price = scenario.spec.preparation, scenario.spec.price
    needs = scenario.spec.persona.client.needs
    sheet = PreparationSheet(
        decision_maker=prep.actors[0].id, actors=tuple(a.id for a in prep.actors[1:3]),
        motives=tuple(scenario.spec.persona.client.motives[:2]),
        questions=tuple(f"Comment voyez-vous ce point n° {n} : {need.label.split(':')[0].lower()} ?" for need in needs[:4]),
        lead_argument=f"{needs[0].label} ({n})" if needs else "", price_opening=price.list_price if price else None,
        price_target=price.target if price else None, price_walk_away=price.floor if price else None,
        counterparts=tuple(c.id for c in price.counterparts[:2]) if price else ())
    crm = CrmNote(outcome="a_relancer", needs=" ; ".join(need.label for need in needs) + f" ({n})",
                  next_step=f"Rappeler ({n})", next_date="2030-01-10")
    email = FollowUpEmail(subject=f"Suite à notre échange ({n})", body=f"Bonjour Madame,\n\nMerci pour votre temps "
                          f"({n}). Je vous rappelle jeudi comme convenu.\n\nBien cordialement,\nLe commercial")
    return {w.kind: Saved(w, True, "2026-06-01T10:00:00+00:00") for w in (sheet, crm, email)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    rubric = default_rubric()
    sessions = []
    for path in sorted(scenarios_dir().glob("*.yaml")):
        scenario = load_scenario(path)
        session = Session.start(scenario, 0)
        while session.outcome is None and len(session.turns) < 40:
            options = session.choices()
            session.step(ChoiceInput(options[-1].id) if options else PriceInput(scenario.spec.price.target))
        memo = ScoringMemo(scenario, rubric)
        score(scenario, rubric, session.turns, memo=memo, works=works_for(scenario))  # warm: the memo, the act model
        sessions.append((scenario, session.turns, memo))
    alone, written = [], []
    for n in range(1, args.rounds + 1):
        for scenario, turns, memo in sessions:
            works = works_for(scenario, n)
            start = time.perf_counter()
            score(scenario, rubric, turns, memo=memo)
            alone.append(time.perf_counter() - start)
            start = time.perf_counter()
            score(scenario, rubric, turns, memo=memo, works=works)
            written.append(time.perf_counter() - start)
    a, w = statistics.median(alone), statistics.median(written)
    print(f"{len(sessions)} scenarios x {args.rounds} rounds")
    print(f"interview alone      : {a * 1000:7.2f} ms per session (median)")
    print(f"with its written work: {w * 1000:7.2f} ms per session (median)")
    print(f"ratio                : {w / a:7.2f}  (the written work adds {(w - a) * 1000:.2f} ms)")


if __name__ == "__main__":
    main()
