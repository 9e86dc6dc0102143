"""The learner's terminal app: library, briefing, play, debrief, history (Textual).

Start-up is kept close to a bare Textual app: only the library screen is imported before the first
paint; the engine, the scenario loader and the scorer are imported when a scenario is opened (and
warmed up in the background once the library is on screen).
"""

from __future__ import annotations

from .collector import hold_start, paused_while_loading, start_drawn

# No collection while Textual and the library load: what they make lives as long as the app (see collector)
with paused_while_loading():
    import os
    from collections.abc import Iterable
    from pathlib import Path
    from typing import TYPE_CHECKING, Any

    from textual.app import App, SystemCommand
    from textual.binding import Binding
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.signal import Signal

    from ..errors import NegosimError
    from ..i18n import LANGS, detect_lang, get_lang, set_lang, t
    from ..lang import default_learner
    from ..store.settings import Settings
    from .bindings import localise_bindings
    from .nbsp import install as keep_no_break_spaces
    from .themes import DARK, LIGHT, THEMES

    if TYPE_CHECKING:
        from ..content.scenario import Scenario
        from ..store.recorder import RecordedSession
        from ..store.scenario_index import ScenarioCard

    keep_no_break_spaces()

MIN_WIDTH, MIN_HEIGHT = 60, 18  # below this the screens cannot show a conversation and its choices
PRACTICE, EXAM = "practice", "exam"


class NegosimApp(App[int]):
    CSS_PATH = "negosim.tcss"
    TITLE = "negosim"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1,question_mark", "help", "help", id="negosim.help"),
        Binding("f2", "switch_lang", "lang", show=False, id="negosim.lang"),
        Binding("f3", "toggle_theme", "theme", show=False, id="negosim.theme"),
        Binding("ctrl+q", "quit", "quit", show=False, priority=True, id="negosim.quit"),
        Binding("ctrl+p", "command_palette", "palette", show=False, priority=True, id="negosim.palette"),
    ]

    def __init__(self, lang: str | None = None, scenario: str | None = None, seed: int | None = None,
                 learner: str | None = None, resume: str | None = None, extra_dirs: list[Path] | None = None,
                 mode: str = PRACTICE, settings: Settings | None = None, ask_learner: bool = False,
                 watch: bool = False, free: bool = False):
        self.settings = settings or Settings.load()
        self.free = free or self.settings.free_text  # free-text mode (--free, or the setting)
        set_lang(detect_lang(lang, self.settings.lang))
        super().__init__()
        # Who is playing: named on the command line, by the classroom server (NEGOSIM_LEARNER), or at the first
        # start of the terminal app (asked once, then kept in the settings); never an anonymous « apprenant »
        named = learner or os.environ.get("NEGOSIM_LEARNER") or self.settings.learner
        self.learner = named or default_learner(get_lang())
        self.first_start = not named and not ask_learner and not watch
        self.mode = mode
        self.extra_dirs = list(extra_dirs or [])
        self.initial_scenario = scenario
        self.initial_seed = seed
        self.initial_resume = resume
        self.ask_learner = ask_learner  # served to a classroom: each tab says who is playing
        self.watch = watch  # live preview of the scenario file for its author (live.py); nothing recorded
        self.on_library_ready: Any = None  # benchmarks and tests hook here: called once the list is shown
        for theme in THEMES:
            self.register_theme(theme)
        # set without the watcher: assigning ``theme`` queues a full CSS reparse right after start-up
        theme = LIGHT if self.settings.theme == LIGHT.name else DARK
        self.set_reactive(App.theme, theme.name)
        self.set_class(theme.dark, "-dark-mode", update=False)
        self.set_class(not theme.dark, "-light-mode", update=False)
        self.set_class(True, f"-theme-{theme.name}", update=False)
        # App.__init__ built the stylesheet with no variables (see get_css_variables): give it ours before the
        # CSS is first parsed (cheap: nothing is parsed yet), or the saved theme would not show at start
        self._theme_chosen = True
        self.stylesheet.set_variables(self.get_css_variables())
        self._refresh_truecolor_filter(self.ansi_theme)
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        localise_bindings(self)
        self._too_small_shown = False
        self._index = None
        self.language_signal: Signal[str] = Signal(self, "language")  # published once per language switch

    _theme_chosen = False  # set in __init__ once our theme is the app's
    _start_held = False  # the collector is off from the app's start to its first frame (see collector)

    def get_css_variables(self) -> dict[str, str]:
        # App.__init__ asks for the variables of Textual's default theme (a whole colour system worked out), which
        # ours replace a few lines later: until our theme is set, there is nothing worth building
        return super().get_css_variables() if self._theme_chosen else {}

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notification is plain text: its message often quotes content, a path or an error, and Textual
        would read ``[...]`` in them as markup (a bracketed id or path vanished). Widgets' ``notify`` passes
        ``markup=True`` by default, so the flag is ignored here: nothing negosim says is markup."""
        del markup
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- start
    def on_load(self) -> None:
        self._start_held = hold_start()

    def _end_start_hold(self) -> None:
        if self._start_held:
            self._start_held = False
            start_drawn()

    def on_unmount(self) -> None:
        self._end_start_hold()  # an app that ended before its first frame leaves the collector as it found it

    def get_default_screen(self) -> Screen:
        from .screens.library import LibraryScreen

        return LibraryScreen()

    def on_mount(self) -> None:
        opener = (self._open_live_preview if self.watch else self._open_initial_resume if self.initial_resume
                  else self._open_initial_scenario if self.initial_scenario else None)
        if self.ask_learner or self.first_start:
            from .screens.learner import LearnerScreen

            def named(name: str | None) -> None:  # the scenario asked for opens once the learner is named
                self._set_learner(name)
                if opener is not None:
                    self.call_after_refresh(opener)

            self.push_screen(LearnerScreen(), named)
        elif opener is not None:
            self.call_after_refresh(opener)
        self.call_after_refresh(self._check_size)
        if self.settings.problems:
            from ..store.notice import shown  # (phrases and notices are not loaded for a start without problems)

            for problem in self.settings.problems:
                self.notify(t("settings.unreadable", problem=shown(problem, get_lang())), severity="warning",
                            timeout=8, markup=False)

    def _open_initial_scenario(self) -> None:
        from ..content.diagnostics import ContentError
        from ..content.library import resolve_scenario

        try:
            path = resolve_scenario(self.initial_scenario or "", self.extra_dirs)
        except ContentError as exc:
            self.show_error(exc)
            return
        scenario = self.load_scenario_or_report(path)
        if scenario is not None:
            self.start_play(scenario, seed=self.initial_seed, show_briefing=True, prepare=True)

    def _open_live_preview(self) -> None:
        from ..content.bundled import DEFAULT_SCENARIO
        from ..content.diagnostics import ContentError
        from ..content.library import resolve_scenario
        from .live import open_preview

        try:
            path = resolve_scenario(self.initial_scenario or DEFAULT_SCENARIO, self.extra_dirs)
        except ContentError as exc:
            self.show_error(exc)
            return
        open_preview(self, path, self.initial_seed)

    def _open_initial_resume(self) -> None:
        ref = self.initial_resume or ""
        if ref == "last":
            from ..store.resumable import latest_resumable  # closes sessions that ended without their end record

            last = latest_resumable(self.session_index, self.learner)
            if last is None:
                self.notify(t("resume.none"), severity="warning")
                return
            ref = str(last)
        self.resume_session(Path(ref))

    def _set_learner(self, name: str | None) -> None:
        if name:
            self.learner = name
            if self.first_start:  # asked once on this machine: kept for the next starts
                self.settings.learner = name
                self.settings.save()
            self.sub_title = name
            library = self.screen_stack[0]
            if hasattr(library, "load"):
                library.load()  # this learner's best marks

    def on_ready(self) -> None:
        # Textual's Ready: the first frame is on screen, and the library fills its table in on_mount,
        # so the list and the best marks are in that frame (the bare-app benchmark uses the same event)
        self._end_start_hold()
        self.library_ready()

    def library_ready(self) -> None:
        if self.on_library_ready is not None:
            hook, self.on_library_ready = self.on_library_ready, None
            hook()
        self.set_timer(0.6, self._warm_up)

    def _warm_up(self) -> None:
        """Import the engine in the background so opening the first scenario feels instant."""
        def work() -> None:
            import simulator.content.loader  # noqa: F401
            import simulator.store.recorder  # noqa: F401

        self.run_worker(work, thread=True, exclusive=True, group="warm-up", exit_on_error=False)

    @property
    def session_index(self):
        """The index every screen reads and every session of this app writes (in the background)."""
        if self._index is None:
            from ..store.index_writer import BackgroundIndex

            self._index = BackgroundIndex()
        return self._index

    # -- navigation used by the screens
    def load_scenario_or_report(self, path: Path | str) -> Scenario | None:
        from ..content.diagnostics import ContentError
        from ..content.loader import load_scenario

        try:
            return load_scenario(path)
        except ContentError as exc:
            self.show_error(exc)
            return None

    def show_error(self, exc: NegosimError, *, toast: bool = False) -> None:
        """The one way every screen shows an error: its title, message and hint in the UI's language, in the
        error modal (with the error's code), or as a toast for a refused move the learner simply retries."""
        lang = get_lang()
        if toast:
            self.notify(exc.message(lang), severity="error", timeout=6)
            return
        from .screens.message import MessageScreen

        self.push_screen(MessageScreen(exc.title(lang), "\n".join(exc.lines(lang)), hint=exc.hint(lang), code=exc.code))

    def open_briefing(self, card: ScenarioCard) -> None:
        scenario = self.load_scenario_or_report(card.path)
        if scenario is None:
            return
        from .screens.briefing import BriefingScreen

        self.push_screen(BriefingScreen(scenario, mode=self.mode))

    def start_play(self, scenario: Scenario, seed: int | None = None, show_briefing: bool = False,
                   replace: bool = False, prepare: bool = False) -> None:
        from ..store.recorder import RecordedSession

        try:
            rec = RecordedSession.start(scenario, seed=seed, learner=self.learner, mode=self.mode,
                                        index=self.session_index)
        except OSError as exc:
            self.notify(t("error.journal", error=exc.strerror or str(exc)), severity="error", timeout=10, markup=False)
            return
        self.open_play(rec, replace=replace, show_briefing=show_briefing, prepare=prepare)

    def open_play(self, rec: RecordedSession, replace: bool = False, show_briefing: bool = False,
                  resumed: bool = False, prepare: bool = False) -> None:
        """The conversation; with ``prepare``, the preparation sheet over it first (the briefing beside it)."""
        from .collector import settle
        from .screens.play import PlayScreen

        screen_class = PlayScreen
        if self.free:
            from .screens.free_play import FreeTextPlayScreen as screen_class  # noqa: N813
        screen = screen_class(rec, mode=rec.header.get("mode", self.mode), resumed=resumed)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        if prepare:
            from .screens.written import preparation_screen

            self.push_screen(preparation_screen(rec, screen.mode))
        if show_briefing and not prepare:  # the preparation sheet shows the briefing beside it
            from .screens.briefing import BriefingOverlay, OpeningBriefing

            overlay = BriefingOverlay if rec.session.turns else OpeningBriefing
            self.push_screen(overlay(rec.session.scenario, mode=screen.mode))
        # once the conversation is on screen, before the first key: no collector pause on the keys afterwards
        self.call_after_refresh(settle)

    def resume_session(self, path: Path) -> None:
        from ..store.journal import JournalError
        from ..store.notice import shown
        from ..store.recorder import RecordedSession

        try:
            rec = RecordedSession.resume(path, index=self.session_index)
        except OSError as exc:
            self.show_error(JournalError(str(exc)))
            return
        except NegosimError as exc:  # a damaged journal, a scenario that no longer loads (with its diagnostics)...
            self.show_error(exc)
            return
        for notice in rec.notices:
            self.notify(shown(notice, get_lang()), severity="warning", timeout=8, markup=False)
        if rec.session.ended:
            self.after_interview(rec, drafts_only=True)  # back to a form left as a draft, else the debrief
        else:
            from .screens.written import preparation_pending

            self.open_play(rec, resumed=True, prepare=preparation_pending(rec))

    def after_interview(self, rec: RecordedSession, replace: bool = False, drafts_only: bool = False) -> None:
        """The written work after the interview (self-assessment, CRM note, email) still to do, then the debrief."""
        from .screens.written import open_after_interview

        open_after_interview(self, rec, replace=replace, drafts_only=drafts_only)

    def open_debrief(self, rec: RecordedSession, replace: bool = False) -> None:
        from .screens.debrief import DebriefScreen

        screen = DebriefScreen(rec)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def back_to_library(self) -> None:
        from .screens.library import LibraryScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()

    # -- app-wide actions
    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def action_switch_lang(self) -> None:
        await self.set_language("en" if get_lang() == "fr" else "fr")

    async def set_language(self, lang: str) -> None:
        if lang not in LANGS or lang == get_lang():
            return
        set_lang(lang)
        self.settings.lang = lang
        self.settings.save()
        localise_bindings(self)
        for screen in self.screen_stack:
            localise_bindings(screen)
        # said once: every screen that shows words rebuilds them (the one on top now, the others when they return)
        self.language_signal.publish(lang)
        self.refresh_bindings()
        self.notify(t("lang.switched"), timeout=3)

    def action_toggle_theme(self) -> None:
        # Textual publishes theme_changed_signal: the conversations (drawn with the theme's colours) redraw
        self.theme = LIGHT.name if self.theme == DARK.name else DARK.name
        self.settings.theme = self.theme
        self.settings.save()

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("palette.placeholder"), id="--command-palette"))

    def action_help_quit(self) -> None:
        self.notify(t("quit.how"), timeout=4)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(t("cmd.library"), t("cmd.library.help"), self.back_to_library)
        yield SystemCommand(t("cmd.history"), t("cmd.history.help"), self.open_history)
        yield SystemCommand(t("cmd.help"), t("cmd.help.help"), self.action_help)
        yield SystemCommand(t("cmd.lang"), t("cmd.lang.help"), self.action_switch_lang)
        yield SystemCommand(t("cmd.theme"), t("cmd.theme.help"), self.action_toggle_theme)
        extra = getattr(screen, "palette_commands", None)
        if extra is not None:
            yield from extra()
        yield SystemCommand(t("cmd.quit"), t("cmd.quit.help"), self.exit)

    def open_history(self) -> None:
        from .screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    # -- terminal size
    def on_resize(self) -> None:
        self.call_after_refresh(self._check_size)

    def _check_size(self) -> None:
        too_small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        if not too_small and self.screen.__class__.__name__ != "TooSmallScreen":
            return  # the usual case, without importing the notice's module at start-up
        from .screens.message import TooSmallScreen

        if too_small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen())
        elif not too_small and isinstance(self.screen, TooSmallScreen):
            self.pop_screen()
        elif too_small:
            self.screen.refresh_size()  # type: ignore[attr-defined]  # only TooSmallScreen is shown there (checked just above)


def scenario_dirs_from_env() -> list[Path]:
    """NEGOSIM_SCENARIOS: extra scenario folders for the library (one rule, in the core)."""
    from ..content.library import env_scenario_folders

    return env_scenario_folders()


def run_app(lang: str | None = None, scenario: str | None = None, seed: int | None = None,
            learner: str | None = None, resume: str | None = None, extra_dirs: list[Path] | None = None,
            mode: str = PRACTICE, ask_learner: bool = False, watch: bool = False, free: bool = False) -> int:
    """The app; with ``watch``, the live preview of ``scenario`` (a path or an id) for its author, not recorded."""
    extra = list(extra_dirs or []) + scenario_dirs_from_env()
    app = NegosimApp(lang=lang, scenario=scenario, seed=seed, learner=learner, resume=resume,
                     extra_dirs=extra, mode=mode, ask_learner=ask_learner, watch=watch, free=free)
    try:
        result = app.run()
    finally:
        if app._index is not None:
            app._index.flush()  # the history is up to date before the process ends
    return result or 0
