"""``negosim simulate``: many seeded playthroughs, or a systematic exploration, of one scenario."""

from __future__ import annotations

import json

import click

from simulator.cli.helptext import HelpedCommand

# Policies that play the same game whatever the seed: one game says it all, and its path is printed.
DETERMINISTIC = ("best", "worst")


def _policies() -> list[str]:
    from simulator import simulate as sim

    try:
        import simulator.scoring.policies  # noqa: F401 - registers best / worst
    except ImportError:
        pass
    return sorted([*sim.POLICIES, "explore"])


@click.command(cls=HelpedCommand)
@click.argument("scenario")
@click.option("--policy", default="random", show_default=True)
@click.option("-n", "runs", type=click.IntRange(1, 1_000_000), default=None)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--loop-limit", type=click.IntRange(2, 10_000), default=200, show_default=True)
@click.option("--max-situations", type=click.IntRange(1, 10_000_000), default=20_000, show_default=True)
@click.option("--jobs", type=click.IntRange(0, 64), default=None)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def simulate(scenario: str, policy: str, runs: int | None, seed: int, loop_limit: int, max_situations: int, jobs: int | None,
             fmt: str) -> None:
    from simulator import simulate as sim
    from simulator.content.library import resolve_scenario
    from simulator.content.loader import load_scenario

    available = _policies()
    if policy not in available:
        from simulator.cli.words import say

        raise click.BadParameter(say("cli.simulate.unknown_policy", policies=", ".join(available)), param_hint="--policy")
    if runs is None:
        runs = 1 if policy in DETERMINISTIC else 200
    sc = load_scenario(resolve_scenario(scenario))  # content errors are reported by the command group
    if policy == "explore":
        report = sim.explore(sc, max_situations=max_situations, loop_limit=loop_limit).as_dict()
    else:
        report = sim.run_policy(sc, policy, runs, seed, loop_limit, scores=_scores(sc, runs, jobs)).as_dict()
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_text(report)
    bad = report.get("errors") or (report.get("loops", {}) if isinstance(report.get("loops"), dict) else {}).get("count")
    raise SystemExit(1 if bad else 0)


def _scores(scenario, games: int, jobs: int | None):
    """The batch's marks (only they are printed: the debrief's texts are not written), worked out with one memo
    (the batch's sessions share their situations: each graded once), beside the play on a spare core."""
    try:
        from simulator.scoring import default_rubric
        from simulator.scoring.batch import batch_scores
    except ImportError:
        return None
    return batch_scores(scenario, default_rubric(), games, jobs)


def _num(value: float | int, lang: str) -> str:
    """A figure as the reader writes it: a decimal comma in French (the JSON output keeps the number)."""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text if lang == "en" else text.replace(".", ",")


def _outcomes(counts: dict[str, int], lang: str) -> str:
    from simulator.exam.record import outcome_label

    return ", ".join(f"{outcome_label(k, lang).lower()} {v}" for k, v in sorted(counts.items()))


def _spread(figures: dict, lang: str) -> dict[str, str]:
    return {k: _num(figures[k], lang) for k in ("min", "median", "mean", "max")}


def _print_text(r: dict) -> None:
    from simulator.cli.words import cli_lang
    from simulator.i18n import nt, t

    lang = cli_lang()
    echo = click.echo
    if r["policy"] == "explore":
        bounded = t("cli.simulate.bounded", lang, walks=nt("cli.simulate.walks", r["random_walks"], lang))
        echo(t("cli.simulate.explored", lang, scenario=r["scenario"],
               situations=nt("cli.simulate.situations", r["situations"], lang), bounded=bounded if r["truncated"] else ""))
        echo(t("cli.simulate.states_reached", lang, reached=r["states_reached"], total=r["states_total"]))
        echo(t("cli.simulate.endings", lang, endings=", ".join(f"{k} ({v})" for k, v in sorted(r["endings"].items()))))
    else:
        echo(t("cli.simulate.runs", lang, scenario=r["scenario"], games=nt("cli.simulate.games", r["runs"], lang),
               policy=r["policy"], seed=r["seed"]))
        echo(t("cli.simulate.outcomes", lang, outcomes=_outcomes(r["outcomes"], lang)))
        if r["turns"]:
            echo(t("cli.simulate.turns", lang, **_spread(r["turns"], lang)))
        if "marks" in r:
            echo(t("cli.simulate.marks", lang, **_spread(r["marks"], lang)))
        for p in r.get("paths", [])[:3] if (r["policy"] in DETERMINISTIC or r.get("distinct_paths", 9) <= 3) else []:
            games = f" ({nt('cli.simulate.games', p['games'], lang)})" if r["runs"] > 1 else ""
            echo(t("cli.simulate.path", lang, games=games, inputs=" → ".join(p["inputs"]), ending=p["ending"]))
        if r["loops"]["count"]:
            echo(t("cli.simulate.loops", lang, count=r["loops"]["count"], seeds=r["loops"]["seeds"]))
    none = t("cli.simulate.none", lang)
    never = r["states_never_reached"]
    echo(t("cli.simulate.never_states", lang, n=len(never), names=", ".join(never) if never else none))
    nchoices = r["choices_never_taken"]
    echo(t("cli.simulate.never_choices", lang, n=len(nchoices),
           names=(", ".join(nchoices[:30]) if nchoices else none) + (" …" if len(nchoices) > 30 else "")))
    if r.get("loops") and isinstance(r["loops"], list) and r["loops"]:
        echo(t("cli.simulate.loop_paths", lang, paths=nt("cli.simulate.paths", len(r["loops"]), lang),
               path=" → ".join(r["loops"][0])))
    for err in r["errors"][:10]:
        seed = t("cli.simulate.error_seed", lang, seed=err["seed"]) if "seed" in err else ""
        echo(t("cli.simulate.error", lang, seed=seed, error=err["error"], path=" → ".join(err["path"])))
