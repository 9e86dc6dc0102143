"""What the learner does in a conversation, as messages: the answer widgets post them, the screen handles
them with ``@on(MoveChosen)``... and no widget calls the screen. ``PriceProposed`` is still the screen's own
form (its checks need the session); it is the next to move here."""

from __future__ import annotations

from textual import on
from textual.message import Message
from textual.widgets import Input


class MoveChosen(Message):
    """The learner picked an answer from the list (by its choice id)."""

    def __init__(self, choice: str) -> None:
        super().__init__()
        self.choice = choice


class FreeTextSubmitted(Message):
    """The learner typed their own line (free-text mode); ``input`` is the line, to clear once understood."""

    def __init__(self, line: Input, text: str) -> None:
        super().__init__()
        self.input = line
        self.text = text


class FreeTextInput(Input):
    """The free-text line: Enter posts :class:`FreeTextSubmitted` with what was typed."""

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(FreeTextSubmitted(self, event.value))
