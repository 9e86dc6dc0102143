"""Key bindings shown in the learner's language.

Bindings are declared with an id (``negosim.<action>``) so a learner can remap them in the settings
file; their descriptions are looked up in the catalog by that id (``key.<action>``) on each node, so
the footer and the help screen follow a language switch without rebuilding the screens.
"""

from __future__ import annotations

import dataclasses

from textual.dom import DOMNode

from ..i18n import t


def binding_label(binding_id: str | None, fallback: str = "") -> str:
    if not binding_id or not binding_id.startswith("negosim."):
        return fallback
    name = binding_id.removeprefix("negosim.")
    if name.startswith("choose_"):
        name = "choose"  # the nine digit keys share one label ("1-9 Répondre")
    return t("key." + name)


def localise_bindings(node: DOMNode) -> None:
    """Rewrite the descriptions of this node's own bindings (a per-instance copy) in the current language."""
    table = node._bindings.key_to_bindings  # noqa: SLF001 - per-node copy made by Textual in DOMNode.__init__
    for key, bindings in table.items():
        table[key] = [dataclasses.replace(b, description=binding_label(b.id, b.description))
                      if b.id and b.id.startswith("negosim.") else b for b in bindings]


def localise_select_menus(node: DOMNode) -> None:
    """Textual's drop-down lists carry their own English footer label (« esc Dismiss menu »): say it in the
    learner's language too (they have no binding id to look up, so the dismiss action is matched)."""
    from textual.widgets._select import SelectOverlay

    for overlay in node.query(SelectOverlay):
        table = overlay._bindings.key_to_bindings  # noqa: SLF001 - the per-node copy, as above
        for key, bindings in table.items():
            table[key] = [dataclasses.replace(b, description=t("key.dismiss_menu")) if b.action == "dismiss" else b
                          for b in bindings]
