"""A DataTable whose Enter is shown in the footer under the screen's own words."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable

from ..bindings import localise_bindings


class OpenTable(DataTable):
    BINDINGS = [Binding("enter", "select_cursor", "open", id="negosim.open")]

    def __init__(self, **kwargs):
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        localise_bindings(self)
