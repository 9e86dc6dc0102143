"""What a huge typed line costs the plain player: linear in its length, whatever it holds.

Issue 15: a 10 MB line took over a minute, because the « not an answer » message quoted it whole and
``textwrap`` wrapped it in quadratic time. Now the player refuses it unread after reading it. Target: the
player's whole handling of a 10 MB line (read, echo, length check, message) costs at most twice reading
that line alone, measured in the same run, best of 3, for each kind of line; and the shared price reader
(``parse_price``, also used by the terminal UI) answers in under a second at the length limit
(``MAX_LINE``) and past it (refused unread).
Run: .venv/bin/python benchmarks/bench_long_line.py
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from _common import best_of, verdict
from factories import MINIMAL

from simulator.content.loader import load_scenario
from simulator.learner_input import MAX_LINE, InputProblem, parse_price
from simulator.player.plain import PlainPlayer, stream_io
from simulator.store.recorder import RecordedSession

KINDS = {"lettres": "x", "chiffres": "9", "mots": "ab ", "¹²³": "²"}
MB = 1_000_000


def player_cost(player: PlainPlayer, line: str) -> tuple[float, float]:
    """Best of 3 of reading the line alone (the baseline), and of the player reading and answering it."""
    streams = [io.StringIO(line + "\n") for _ in range(6)]  # built outside the timing: that is the test's copy

    def read_only() -> None:
        assert streams.pop().readline()

    def played() -> None:
        player.io = stream_io(streams.pop(), io.StringIO(), interactive=False)
        got = player.io.read_line("> ")
        assert got is not None
        assert player.parse(got.strip(), player.rec.session.offered()) is None  # refused, never played

    return best_of(read_only), best_of(played)


def reader_cost(text: str) -> float:
    def once() -> None:
        try:
            parse_price(text, "fr", ["duree"])
        except InputProblem:
            pass

    return best_of(once)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        import os

        os.environ["NEGOSIM_HOME"] = tmp
        path = Path(tmp) / "mini.yaml"
        path.write_text(MINIMAL, encoding="utf-8")
        player = PlainPlayer(RecordedSession.start(load_scenario(path), seed=1), stream_io(io.StringIO(), io.StringIO(), False))
        print("ligne de 10 Mo tapée dans le joueur texte (lecture, écho, contrôle, message) contre sa seule lecture, "
              "meilleur de 3 :")
        for name, unit in KINDS.items():
            read, played = player_cost(player, unit * (10 * MB // len(unit)))
            ratio = played / read if read else 0.0
            print(f"  {name:10} lecture seule : {read * 1000:7.1f} ms   joueur : {played * 1000:7.1f} ms   "
                  f"rapport {ratio:4.2f}  cible <= 2 : {verdict(ratio <= 2)}")
        print("prix lu par le lecteur commun (aussi celui de l'interface plein écran) :")
        for name, unit in {"chiffres groupés": "999 ", "texte": "douze ", "chiffres": "9"}.items():
            at_limit = reader_cost("p " + unit * (MAX_LINE // len(unit) - 1))
            huge = reader_cost("p " + unit * (10 * MB // len(unit)))
            print(f"  {name:16} {MAX_LINE} caractères : {at_limit * 1000:6.1f} ms   10 Mo (refusé) : "
                  f"{huge * 1000:6.1f} ms  cible < 1 s : {verdict(max(at_limit, huge) < 1)}")


if __name__ == "__main__":
    main()
