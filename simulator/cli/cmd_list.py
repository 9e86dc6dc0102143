"""``negosim list``: the scenarios available, one line each.

Headers only, as the library screen reads them (the bundled scenarios' cards ship with the package, the
others are cached by size and modification time): listing never loads nor checks a whole scenario, so it
costs about as much as ``negosim --help``. ``negosim validate`` is where a scenario is checked.
"""

from __future__ import annotations

import click

from simulator.cli.helptext import HelpedCommand
from simulator.cli.words import say


@click.command("list", cls=HelpedCommand)
@click.option("--scenarios", "extra", multiple=True, type=click.Path(exists=True, file_okay=False))
def list_scenarios(extra: tuple[str, ...]) -> None:
    from pathlib import Path

    from simulator.store.scenario_index import scan_library

    for card in scan_library([Path(e) for e in extra]).cards:
        if card.error:
            click.echo(f"{card.id:<32} " + say("cli.list.unreadable", path=card.path))
            continue
        blocks = "+".join(card.blocks)
        click.echo(f"{card.id:<32} {blocks:<12} {card.sector:<16} {'★' * card.difficulty:<3} {card.duration:>3} min  "
                   f"{card.title}")
