"""Running a negosim command as a user would, for the tests that read what it says in each language."""

from __future__ import annotations

from click.testing import CliRunner, Result

from simulator.cli.main import cli


def invoke(*args: object, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """``negosim ARGS`` in this process; whatever it says, never a traceback."""
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env, input=input)
    assert "Traceback" not in result.output, result.output
    return result


def without_own(text: str, *own: object) -> str:
    """``text`` with the user's own paths and ids taken out (longest first), so only negosim's words are left."""
    for value in sorted(map(str, own), key=len, reverse=True):
        text = text.replace(value, "")
    return text
