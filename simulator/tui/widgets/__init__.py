"""Widgets of the play and debrief screens."""
