"""Finding scenarios: by path, or by id among the bundled ones, the user's own and extra folders."""

from __future__ import annotations

import os
from pathlib import Path

from .bundled import bundled_scenario_files


def env_scenario_folders() -> list[Path]:
    """NEGOSIM_SCENARIOS (set by ``negosim --scenarios DIR``): extra folders, separated like PATH."""
    value = os.environ.get("NEGOSIM_SCENARIOS", "")
    return [Path(p).expanduser() for p in value.split(os.pathsep) if p.strip()]


def scenario_folders(extra: list[Path] | None = None) -> list[Path]:
    """Where scenarios are looked for: bundled, the user's own folder, --scenarios folders, then ``extra``."""
    from .bundled import scenarios_dir

    folders = [scenarios_dir()]
    try:
        from ..store.paths import user_scenarios_dir

        folders.append(user_scenarios_dir())
    except OSError:
        pass  # an unwritable data folder must not hide the bundled scenarios
    folders.extend(env_scenario_folders())
    folders.extend(extra or [])
    return folders


def scenario_files(extra: list[Path] | None = None) -> list[Path]:
    files: list[Path] = []
    seen: set[Path] = set()
    for folder in scenario_folders(extra):
        for f in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            real = f.resolve()
            if real not in seen:
                seen.add(real)
                files.append(f)
    return files or bundled_scenario_files()


def library_ids(extra: list[Path] | None = None) -> set[str]:
    return {f.stem for f in scenario_files(extra)}


def is_path_ref(ref: str, extra: list[Path] | None = None) -> bool:
    """Whether a command line argument that may be a scenario id or a file or folder is read as a path:
    when it looks like one, or when it names no scenario of the library."""
    return looks_like_path(ref) or ref not in library_ids(extra)


def looks_like_path(ref: str) -> bool:
    """A reference is a file path only when it says so: a .yaml/.yml name, a folder separator, or a start
    in ``.`` or ``~``. Anything else is a scenario id, looked up in the library folders only, so a file of
    the current folder named like a bundled scenario never shadows it."""
    separators = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    return Path(ref).suffix.lower() in (".yaml", ".yml") or any(s in ref for s in separators) or ref[:1] in (".", "~")


def resolve_scenario(ref: str, extra: list[Path] | None = None) -> Path:
    """A path as given (when it looks like one), or the library file whose name (the scenario id) is ``ref``."""
    from .diagnostics import ContentError, Diagnostic, did_you_mean  # not needed to list: the library starts faster

    if looks_like_path(ref):
        p = Path(ref).expanduser()
        if not p.is_file():
            raise ContentError([Diagnostic("NS001", "error", "fichier introuvable", ref,
                                           hint="vérifiez le chemin, ou donnez l'identifiant d'un scénario livré")])
        return p
    files = scenario_files(extra)
    for f in files:
        if f.stem == ref:
            return f
    hint = did_you_mean(ref, [f.stem for f in files]) + " ; « negosim list » les liste"
    if Path(ref).is_file():  # a file of the current folder: read only when asked as a path
        hint = f"pour ouvrir le fichier « {ref} » du dossier courant, écrivez ./{ref}"
    raise ContentError([Diagnostic("NS001", "error", f"scénario « {ref} » introuvable", ref, hint=hint)])
