"""Authoring tools for trainers: graph export, scaffolding, Twine import and live reload.

Each module has one job and never imports the terminal UI:
``graph`` (Mermaid/DOT map of a scenario), ``scaffold`` (``negosim new``), ``twee`` (Twine import),
``watch`` (reload a scenario while it is being played), ``docgen`` (generated parts of docs/authoring.md).
"""
