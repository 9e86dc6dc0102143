"""negosim's two themes: a calm dark one (default) and a light one for bright rooms and projectors."""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="negosim-sombre",
    primary="#7AA2F7",
    secondary="#9ECE6A",
    accent="#E0AF68",
    warning="#E0AF68",
    error="#F7768E",
    success="#9ECE6A",
    foreground="#D5D8E0",
    background="#1A1B26",
    surface="#222436",
    panel="#2A2E44",
    dark=True,
)

LIGHT = Theme(
    name="negosim-clair",
    primary="#2E5AAC",
    secondary="#3B7A2A",
    accent="#A15C00",
    warning="#A15C00",
    error="#B3261E",
    success="#2E7D32",
    foreground="#1F2328",
    background="#FAFAF7",
    surface="#F0F0EA",
    panel="#E4E6EE",
    dark=False,
)

THEMES = (DARK, LIGHT)
