"""A counterpart the client already granted does not pay for a second concession: it says so, and the move is graded
as the concession for nothing it is (seen in play: one « maintenance sur trois ans » covered three concessions)."""

from __future__ import annotations

from test_contre_figure import negotiating, replies, with_line

from simulator.engine.session import PriceInput
from simulator.scoring import default_rubric, score


def _twice(text: str):
    s = negotiating(text)
    s.step(PriceInput(1000))
    first = s.step(PriceInput(950, "duree"))
    again = s.step(PriceInput(920, "duree"))
    return s, first, again


def test_asked_again_the_client_says_it_is_already_granted():
    _, first, again = _twice(with_line("counterpart_accepted", "\"{contrepartie} : d'accord.\""))
    assert replies(first)[0] == "Engagement 24 mois : d'accord."
    assert again.offer.repeated and not again.offer.with_counterpart
    assert replies(again)[0] == "Ça, vous l'avez déjà obtenu (Engagement 24 mois) : cela ne compte pas deux fois."
    assert "d'accord" not in " ".join(replies(again))
    assert again.replies[0].speaker == first.replies[0].speaker == "client"  # said by whoever negotiates


def test_an_author_may_word_the_repeat():
    _, first, again = _twice(with_line("counterpart_repeated", "\"{contrepartie}, vous l'avez déjà. Autre chose ?\""))
    assert replies(again)[0] == "Engagement 24 mois, vous l'avez déjà. Autre chose ?"
    assert again.replies[0].speaker == first.replies[0].speaker == "client"


def test_the_repeat_is_graded_as_a_concession_for_nothing():
    s, first, again = _twice(with_line("counterpart_accepted", "\"{contrepartie} : d'accord.\""))
    assert "concession_avec_contrepartie" in first.acts
    assert "concession_sans_contrepartie" in again.acts and "concession_avec_contrepartie" not in again.acts
    debrief = score(s.scenario, default_rubric(), s.turns)
    assert debrief.negotiation is not None
    n = debrief.negotiation
    assert (n.concessions, n.with_counterpart, n.without_counterpart) == (2, 1, 1)
    assert n.counterparts == ("Engagement 24 mois",)
