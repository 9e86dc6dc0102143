"""A scripted learner for the plain players' written-work forms: answers each field by its label, so a test
says what is written where without counting prompts."""

from __future__ import annotations

import re
from collections.abc import Callable

HEADER = re.compile(r"^\[(\d+)/(\d+)\] (.*)")


class Learner:
    """Plays ``moves`` at the players' own prompts, and fills each form field with ``fields[label prefix]`` (a line,
    or a list of lines for a field of several lines); a field not named gets "1" when it lists options (a choice,
    a level), nothing otherwise. Recaps are answered ``recap`` (Enter: hand in). ``stop_at``: a label prefix where
    the input ends (the learner leaves, or the process is killed). ``tick``: called before each answer (a clock)."""

    def __init__(self, moves: list[str], fields: dict[str, str | list[str]] | None = None, recap: str = "",
                 stop_at: str | None = None, tick: Callable[[], None] | None = None):
        self.moves = list(moves)
        self.fields = fields or {}
        self.recap = recap
        self.stop_at = stop_at
        self.tick = tick
        self.out: list[str] = []
        self.prompts: list[str] = []
        self.pending: list[str] = []

    def write(self, text: str) -> None:
        self.out.extend(text.split("\n"))

    def read_line(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        self.out.append(prompt)
        if len(self.prompts) > 400:  # a form asking the same thing forever: end the input, the test then fails
            return None
        if self.tick:
            self.tick()
        bare = re.sub(r"^\[[^\]]*\] ", "", prompt).strip()  # the exam's clock before the prompt
        if bare == "…":
            return self.pending.pop(0) if self.pending else ""
        field = self._field() if bare == ">" else None
        if field is not None:
            label, has_options = field
            if self.stop_at and label.startswith(self.stop_at):
                return None
            answer = next((v for k, v in self.fields.items() if label.startswith(k)), None)
            if answer is None:
                return "1" if has_options else ""
            lines = [answer] if isinstance(answer, str) else list(answer)
            self.pending = lines[1:] + ([""] if not isinstance(answer, str) else [])
            return lines[0]
        if bare.startswith(("Entrée pour remettre", "Entrée pour compléter", "Enter to hand", "Enter to complete")):
            return self.recap
        return self.moves.pop(0) if self.moves else None

    def _field(self) -> tuple[str, bool] | None:
        """The label of the field being asked (the last header shown since the last recap), and whether it lists options."""
        for i in range(len(self.out) - 1, -1, -1):
            line = self.out[i]
            if line.startswith(("Récapitulatif", "Summary —")) or line.startswith("=" * 20):
                return None
            m = HEADER.match(line)
            if m:
                return m.group(3), any(re.match(r"^ {4}\d+\. ", x) for x in self.out[i + 1:])
        return None

    @property
    def text(self) -> str:
        return "\n".join(self.out).replace("\u00a0", " ").replace("\u202f", " ")
