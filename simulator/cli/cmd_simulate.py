"""``negosim simulate``: many seeded playthroughs, or a systematic exploration, of one scenario."""

from __future__ import annotations

import json

import click

# Policies that play the same game whatever the seed: one game says it all, and its path is printed.
DETERMINISTIC = ("best", "worst")


def _policies() -> list[str]:
    from simulator import simulate as sim

    try:
        import simulator.scoring.policies  # noqa: F401 - registers best / worst
    except ImportError:
        pass
    return sorted([*sim.POLICIES, "explore"])


@click.command()
@click.argument("scenario")
@click.option("--policy", default="random", show_default=True,
              help="random (le coup le moins joué d'abord), uniform, explore, best, worst ; "
                   "first, last, longest, shortest (joueurs qui jouent le menu sans le lire).")
@click.option("-n", "runs", type=click.IntRange(1, 1_000_000), default=None,
              help="Nombre de parties (défaut : 200 ; 1 pour best et worst, qui rejouent toujours la même partie).")
@click.option("--seed", type=int, default=0, show_default=True, help="Graine de la première partie.")
@click.option("--loop-limit", type=click.IntRange(2, 10_000), default=200, show_default=True,
              help="Nombre de tours au-delà duquel une partie est signalée comme une boucle.")
@click.option("--max-situations", type=click.IntRange(1, 10_000_000), default=20_000, show_default=True,
              help="Borne de l'exploration systématique.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def simulate(scenario: str, policy: str, runs: int | None, seed: int, loop_limit: int, max_situations: int, fmt: str) -> None:
    """Simule des parties d'un scénario et dit ce qui n'est jamais atteint (randomtest / quicktest)."""
    from simulator import simulate as sim
    from simulator.content.library import resolve_scenario
    from simulator.content.loader import load_scenario

    available = _policies()
    if policy not in available:
        raise click.BadParameter(f"politique inconnue ; possibles : {', '.join(available)}", param_hint="--policy")
    if runs is None:
        runs = 1 if policy in DETERMINISTIC else 200
    sc = load_scenario(resolve_scenario(scenario))  # content errors are reported by the command group
    if policy == "explore":
        report = sim.explore(sc, max_situations=max_situations, loop_limit=loop_limit).as_dict()
    else:
        scorer = _scorer(sc)
        report = sim.run_policy(sc, policy, runs, seed, loop_limit, scorer=scorer).as_dict()
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_text(report)
    bad = report.get("errors") or (report.get("loops", {}) if isinstance(report.get("loops"), dict) else {}).get("count")
    raise SystemExit(1 if bad else 0)


def _scorer(scenario):
    try:
        from simulator.scoring import default_rubric
        from simulator.scoring.scorer import ScoringMemo, marks
    except ImportError:
        return None
    rubric = default_rubric()
    memo = ScoringMemo(scenario, rubric)  # the batch's sessions share their situations: each graded once
    # only the marks are printed: the debrief's texts (evidence, "Mieux", priorities) are not written
    return lambda session: marks(session.scenario, rubric, session.turns, memo=memo).mark


def _num(value: float | int) -> str:
    """A figure as a French reader writes it: a decimal comma (the JSON output keeps the number)."""
    return f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)


def _outcomes(counts: dict[str, int]) -> str:
    from simulator.exam.record import outcome_label

    return ", ".join(f"{outcome_label(k).lower()} {v}" for k, v in sorted(counts.items()))


def _print_text(r: dict) -> None:
    echo = click.echo
    if r["policy"] == "explore":
        echo(f"{r['scenario']} — exploration : {r['situations']} situations"
             + (f" (bornée ; complétée par {r['random_walks']} parcours aléatoires)" if r["truncated"] else ""))
        echo(f"États atteints : {r['states_reached']}/{r['states_total']}")
        echo("Fins atteintes : " + ", ".join(f"{k} ({v})" for k, v in sorted(r["endings"].items())))
    else:
        echo(f"{r['scenario']} — {r['runs']} partie(s), politique {r['policy']}, graine {r['seed']}")
        echo("Issues : " + _outcomes(r["outcomes"]))
        t = r["turns"]
        if t:
            echo(f"Tours par partie : min {_num(t['min'])}, médiane {_num(t['median'])}, moyenne {_num(t['mean'])}, "
                 f"max {_num(t['max'])}")
        if "marks" in r:
            m = r["marks"]
            echo(f"Notes /20 : min {_num(m['min'])}, médiane {_num(m['median'])}, moyenne {_num(m['mean'])}, "
                 f"max {_num(m['max'])}")
        for p in r.get("paths", [])[:3] if (r["policy"] in DETERMINISTIC or r.get("distinct_paths", 9) <= 3) else []:
            games = f" ({p['games']} partie(s))" if r["runs"] > 1 else ""
            echo(f"Parcours joué{games} : {' → '.join(p['inputs'])} ⇒ {p['ending']}")
        if r["loops"]["count"]:
            echo(f"Boucles (limite atteinte) : {r['loops']['count']} — graines : {r['loops']['seeds']}")
    never = r["states_never_reached"]
    echo(f"États jamais atteints ({len(never)}) : " + (", ".join(never) if never else "aucun"))
    nchoices = r["choices_never_taken"]
    echo(f"Choix jamais pris ({len(nchoices)}) : " + (", ".join(nchoices[:30]) if nchoices else "aucun")
         + (" …" if len(nchoices) > 30 else ""))
    if r.get("loops") and isinstance(r["loops"], list) and r["loops"]:
        echo(f"Boucles : {len(r['loops'])} chemin(s), par exemple : {' → '.join(r['loops'][0])}")
    for err in r["errors"][:10]:
        seed = f"graine {err['seed']} : " if "seed" in err else ""
        echo(f"ERREUR {seed}{err['error']} — chemin : {' → '.join(err['path'])}")
