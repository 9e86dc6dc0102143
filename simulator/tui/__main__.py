"""``python -m simulator.tui``: the app alone, as ``negosim serve`` starts it in each browser tab."""

from __future__ import annotations

import argparse
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator.tui", description="negosim, interface du terminal")
    parser.add_argument("--lang", choices=["fr", "en"], default=None)
    parser.add_argument("--scenarios", action="append", type=Path, default=[], metavar="DOSSIER")
    parser.add_argument("--ask-name", action="store_true", help="demander le nom de l'apprenant au démarrage")
    args = parser.parse_args(argv)
    from .app import run_app

    return run_app(lang=args.lang, extra_dirs=args.scenarios, ask_learner=args.ask_name)


if __name__ == "__main__":
    raise SystemExit(main())
