"""Screens that rebuild their words when the language changes: at once if on top, else when they come back."""

from __future__ import annotations

from typing import ClassVar


class Relabels:
    """Mixed into a Screen. The app publishes a language change once (``NegosimApp.language_signal``); each
    screen of this kind subscribes when mounted, relabels at once if it is on top and otherwise marks itself
    to relabel when it comes back. Screens drawn with the theme's colours (``redraw_on_theme``) follow
    Textual's ``theme_changed_signal`` the same way.

    Screens customise ``after_relabel`` (state to restore once recomposed) and ``on_resumed`` (what to do
    when they come back without a language change). They must not define ``on_screen_resume`` or call
    ``super().on_mount()`` themselves: Textual calls the handler of every class in the hierarchy, so it would
    run twice."""

    language_changed: bool = False
    redraw_on_theme: ClassVar[bool] = False

    def on_mount(self) -> None:
        app = self.app  # type: ignore[attr-defined]  # a mixin: the class it is mixed into is a Widget
        language = getattr(app, "language_signal", None)
        if language is not None:
            language.subscribe(self, self._words_changed)
        if self.redraw_on_theme:
            app.theme_changed_signal.subscribe(self, self._words_changed)

    async def _words_changed(self, _change: object) -> None:
        if self.is_current:  # type: ignore[attr-defined]  # a mixin: the class it is mixed into is a Screen
            await self.relabel()
        else:
            self.language_changed = True

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
