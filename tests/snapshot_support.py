"""What the snapshot tests share: the test library (two scenarios written for the tests) and its fixture.

Snapshots are taken with pytest-textual-snapshot's ``snap_compare`` (its diff report on failure:
``snapshot_report.html``), stored in ``tests/__snapshots__/<test file>/<test>.svg``. Animations are off and
no text input has focus when a picture is taken, so nothing blinks; Textual is pinned. After a deliberate
change, update with ``pytest tests/test_snapshots_*.py --snapshot-update`` and look at the SVGs before
committing them.
"""

from __future__ import annotations

import pytest
from test_tui_support import NEGO, write_scenario


@pytest.fixture
def library(scenario_dir, only_test_scenarios):
    """Only the tests' scenarios (the bundled ones change as authors work): a prospection call, a negotiation."""
    write_scenario(scenario_dir, NEGO.replace("id: tui-nego", "id: tui-appel")
                   .replace("blocks: [negociation]", "blocks: [prospection]").replace("difficulty: 2", "difficulty: 1")
                   .replace("le contrat d'entretien", "l'appel au gérant").replace("sector: services", "sector: banque"),
                   name="tui-appel.yaml")
    return scenario_dir


async def open_nego(pilot) -> None:
    from test_tui_support import skip_written

    await pilot.press("down", "enter")  # the second row: the negotiation
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await skip_written(pilot)  # the preparation sheet put aside
