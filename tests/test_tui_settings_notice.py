"""A settings file the app cannot use (not JSON, not an object, not a file) is said at start, in the learner's
language, and left as it was: the app starts with its defaults instead of stopping or overwriting it."""

from __future__ import annotations

import pytest
from test_tui_support import make_app, plain, until

pytest_plugins = ["test_tui_support"]

pytestmark = pytest.mark.anyio


async def _notices_at_start(app) -> list[str]:
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: len(app._notifications) > 0, "a notice at start")
        return [plain(str(note.message)) for note in app._notifications]  # no-break spaces as spaces


FIX = "corrigez cette ligne ou supprimez le fichier (les réglages par défaut s'appliquent en attendant)"


@pytest.mark.parametrize("content, said", [
    ('{"lang": "en",\n "theme": ', "{path}:2:11 : JSON invalide — " + FIX),
    ("\ufffe\x00 pas du JSON", "{path}:1:1 : JSON invalide — " + FIX),
])
async def test_a_malformed_settings_file_is_said_in_french_and_kept(home, content, said):
    path = home / "settings.json"
    path.write_text(content, encoding="utf-8")
    before = path.read_bytes()
    app = make_app()
    notices = await _notices_at_start(app)
    [notice] = [n for n in notices if n.startswith("Réglages ignorés : ")]
    # where the fault is (file:line:column), for the learner to mend the file or delete it, in French: not the
    # JSON parser's English
    assert notice == "Réglages ignorés : " + said.format(path=path), notice
    assert app.settings.lang is None  # nothing half-read from it: the defaults (here French, by the environment)
    assert path.read_bytes() == before  # not overwritten: what the learner wrote is still there to mend


async def test_a_settings_file_not_in_utf8_is_said_as_such(home):
    path = home / "settings.json"
    path.write_bytes('{"lang": "fr", "theme": "sombre é"}'.encode("latin-1"))  # saved by an editor in Latin-1
    notices = await _notices_at_start(make_app())
    assert (f"Réglages ignorés : {path} : ce fichier n'est pas en UTF-8 — enregistrez-le en UTF-8 ou supprimez-le "
            "(les réglages par défaut s'appliquent en attendant)") in notices, notices


async def test_settings_that_are_not_an_object_are_said_as_such(home):
    path = home / "settings.json"
    path.write_text('["en"]', encoding="utf-8")
    notices = await _notices_at_start(make_app())
    assert f"Réglages ignorés : {path} : un objet JSON est attendu" in notices, notices


async def test_a_settings_path_that_is_not_a_file_is_said_without_a_traceback(home):
    (home / "settings.json").mkdir()  # unreadable (root reads any file: a folder cannot be read as text)
    notices = await _notices_at_start(make_app())
    assert any(n.startswith(f"Réglages ignorés : {home / 'settings.json'}") for n in notices), notices


async def test_in_english_when_the_environment_asks_for_it(home, monkeypatch):
    monkeypatch.setenv("NEGOSIM_LANG", "en")  # the language setting cannot be read: the environment's is used
    path = home / "settings.json"
    path.write_text("42", encoding="utf-8")
    notices = await _notices_at_start(make_app())
    assert f"Settings ignored: {path}: a JSON object is expected" in notices, notices
    path.write_text('{"lang": "fr"', encoding="utf-8")
    notices = await _notices_at_start(make_app())
    assert (f"Settings ignored: {path}:1:14: invalid JSON — fix this line or delete the file (the default settings "
            "apply meanwhile)") in notices, notices
