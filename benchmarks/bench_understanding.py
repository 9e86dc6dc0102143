"""Speed of free-text understanding (issue 14): load the model <= 100 ms, understand a line <= 5 ms, and the
app's start-up unchanged (the understanding layer is imported lazily).

Baselines measured in the same run: loading the act catalogue (what every session already does) for the
load, and reading one price with the keyboard reader for the line. Best of several runs.
Run: .venv/bin/python benchmarks/bench_understanding.py
"""

from __future__ import annotations

import subprocess
import sys

from _common import best_of, verdict

LINES = [
    "Comment gérez-vous aujourd'hui vos encaissements ?",
    "si vous signez sur trois ans je vous la fais a 9 200 €",
    "Si je comprends bien, c'est surtout la saison qui vous inquiète.",
    "Thanks for your time, I'll call you on Thursday at 10.",
]


def load_time() -> float:
    """What turning free text on costs in a player: a fresh interpreter that has the engine and the catalogue
    loaded already (as a player has), then imports the understanding layer, reads the weights and reads a line."""
    code = ("import simulator.engine.session, simulator.learner_input; "
            "from simulator.content.acts import default_catalogue; default_catalogue(); "
            "import time; t=time.perf_counter(); "
            "from simulator.understanding.recognise import understand; "
            "from simulator.understanding.model import default_model; default_model(); "
            "understand('bonjour'); print(time.perf_counter()-t)")
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
               for _ in range(3))


def baseline_load() -> float:
    """Loading the act catalogue with the engine already imported: what every session start already pays."""
    code = ("import simulator.engine.session, simulator.learner_input; import time; t=time.perf_counter(); "
            "from simulator.content.acts import default_catalogue; default_catalogue(); print(time.perf_counter()-t)")
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
               for _ in range(3))


def cli_imports_understanding() -> bool:
    code = "import sys, simulator.cli.main; print('simulator.understanding.recognise' in sys.modules)"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "True"


def main() -> int:
    from simulator.learner_input import parse_price
    from simulator.understanding.recognise import understand

    understand("échauffement")
    per_line = best_of(lambda: [understand(line) for line in LINES], repeats=5) / len(LINES)
    base_line = best_of(lambda: [parse_price("9 600 2", "fr", ["a", "b"]) for _ in LINES], repeats=5) / len(LINES)
    loaded, base = load_time(), baseline_load()
    lazy = not cli_imports_understanding()
    print(f"Chargement (import + poids) : {loaded * 1000:.1f} ms (cible <= 100 ms) ; "
          f"catalogue des actes : {base * 1000:.1f} ms ; ratio {loaded / base:.2f}  {verdict(loaded <= 0.100)}")
    print(f"Une ligne comprise : {per_line * 1000:.2f} ms (cible <= 5 ms) ; lecture d'un prix au clavier : "
          f"{base_line * 1000:.3f} ms ; ratio {per_line / base_line:.0f}  {verdict(per_line <= 0.005)}")
    print(f"Démarrage de l'application sans la compréhension (import paresseux) : {verdict(lazy)}")
    return 0 if loaded <= 0.100 and per_line <= 0.005 and lazy else 1


if __name__ == "__main__":
    raise SystemExit(main())
