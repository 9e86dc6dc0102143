"""Screens that rebuild their words when the language changes: at once if on top, else when they come back."""

from __future__ import annotations


class Relabels:
    """Mixed into a Screen. The app sets ``language_changed`` on every screen of the stack and calls
    ``relabel()`` on the one on top; the others relabel when resumed.

    Screens customise ``after_relabel`` (state to restore once recomposed) and ``on_resumed`` (what to do
    when they come back without a language change). They must not define ``on_screen_resume`` themselves:
    Textual calls the handler of every class in the hierarchy, so it would run twice."""

    language_changed: bool = False

    async def relabel(self) -> None:
        self.language_changed = False
        await self.recompose()  # type: ignore[attr-defined]  # a mixin: the class it is mixed into is a Widget
        self.after_relabel()

    def after_relabel(self) -> None:
        """Put back what recomposing lost (focus, filled tables...)."""

    def on_resumed(self) -> None:
        """Coming back on top without a language change."""

    def on_screen_resume(self) -> None:
        if self.language_changed:
            self.call_later(self.relabel)  # type: ignore[attr-defined]  # a mixin: the class it is mixed into is a Widget
        else:
            self.on_resumed()
