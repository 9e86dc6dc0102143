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


def resolve_scenario(ref: str, extra: list[Path] | None = None) -> Path:
    """A path as given, or the file whose name (the scenario id) matches ``ref``."""
    from .diagnostics import ContentError, Diagnostic, did_you_mean  # not needed to list: the library starts faster

    p = Path(ref)
    if p.suffix in (".yaml", ".yml") or os.sep in ref or p.exists():
        if not p.is_file():
            raise ContentError([Diagnostic("NS001", "error", "fichier introuvable", ref,
                                           hint="vérifiez le chemin, ou donnez l'identifiant d'un scénario livré")])
        return p
    files = scenario_files(extra)
    for f in files:
        if f.stem == ref:
            return f
    raise ContentError([Diagnostic("NS001", "error", f"scénario « {ref} » introuvable", ref,
                                   hint=did_you_mean(ref, [f.stem for f in files]) + " ; « negosim list » les liste")])
