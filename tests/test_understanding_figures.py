"""Which figure of a free-text line is the learner's price, when the line holds several.

Seen while playing: « …that downtime is worth around €190,000 a year. The subscription is €96,000 a year. » was
played as a first offer of €190,000, the first figure of the line. A trainer hears the cost quoted to argue, then
the price. The figure the learner proposes is the offer; a cost, a loss, a saving, a competitor's price or a
reference the line quotes is not; two figures as likely as each other are asked about, never guessed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.content.loader import load_scenario
from simulator.engine.session import PriceInput
from simulator.i18n import t
from simulator.player.free_text import FreeTextPlayer
from simulator.player.plain import PlainIO
from simulator.playtest import load_playtest, step_input
from simulator.store.journal import read_journal
from simulator.store.recorder import RecordedSession
from simulator.understanding.recognise import understand

pytest_plugins = ["test_tui_support"]  # fixtures: anyio_backend, scenario_dir, only_test_scenarios

ROOT = Path(__file__).resolve().parent.parent


def offered(line: str, lang: str, context: str | None = None) -> float | None:
    """The figure the line offers (None when it offers none, or hesitates between figures)."""
    price = understand(line, lang, context).price
    return price.value if price else None


def tied(line: str, lang: str) -> list[float]:
    choice = understand(line, lang).price_choice()
    assert choice.offer is None, (line, choice.offer)
    return [a.value for a in choice.tied]


# ---------------------------------------------------------------- the figure a line offers
@pytest.mark.parametrize("line,lang,price", [
    # a cost, a loss or a failure quoted first, then the price
    ("With 9% failed deliveries, that downtime is worth around €190,000 a year. The subscription is €96,000 a year.",
     "en", 96000),
    ("Une panne vous coûte 40 000 € par an ; notre contrat est à 9 600 € TTC.", "fr", 9600),
    ("Pour couvrir le vol qui vous a coûté 8 000 € d'outils, je vous propose 9 600 €.", "fr", 9600),
    ("Un arrêt de trois jours, c'est 15 000 € de perdus. Notre contrat : 9 600 €.", "fr", 9600),
    ("Failed deliveries cost you €1,500 a day; our subscription costs €96,000 a year.", "en", 96000),
    ("Compared with €190,000 of failed deliveries, €96,000 a year is a small price.", "en", 96000),
    # the price, then a saving, an instalment or a loss it covers
    ("Je vous propose 9 600 €, ce qui vous fait économiser 2 000 € par rapport à votre assureur.", "fr", 9600),
    ("The subscription is €96,000 a year, which saves you about €190,000 in failed deliveries.", "en", 96000),
    ("362 000 € HT, soit environ 6 830 € par mois en crédit-bail.", "fr", 362000),
    ("Je vous propose 9 600 € pour couvrir la panne qui vous coûte 40 000 €.", "fr", 9600),
    # a competitor's price, then ours (or ours, then theirs)
    ("L'offre allemande à 340 000 € est une machine nue ; je vous propose 362 000 € HT clés en main.", "fr", 362000),
    ("Chez Routevia c'est 64 000 €, chez nous 96 000 €.", "fr", 96000),
    ("Routevia quoted you €64,000 but our price is €96,000.", "en", 96000),
    ("Our price is €96,000 a year, against €64,000 from Routevia.", "en", 96000),
    ("Votre contrat sera à 9 600 € TTC, contre 8 100 € chez votre assureur actuel.", "fr", 9600),
    # a reference price the learner comes down from
    ("Le prix catalogue est de 9 600 €, je vous le fais à 9 300 €.", "fr", 9300),
    ("Je peux passer de 9 600 € à 9 200 € si vous signez sur trois ans.", "fr", 9200),
    ("I can offer €92,000 instead of €96,000.", "en", 92000),
    ("The list price is €96,000 but I can do €92,000 for a three-year term.", "en", 92000),
    ("So we agreed on €90,000, that's €6,000 below the list price of €96,000.", "en", 90000),
    # the client's own figure or budget, then the learner's floor; a part, then the total
    ("Je comprends, 7 200 € c'est votre budget, mais je ne peux pas descendre sous 9 000 €.", "fr", 9000),
    ("Pour les 4 camions, ça fait 2 400 € de prime, sur un total de 9 600 €.", "fr", 9600),
    # « ça vous coûte », « it'll cost you »: the pronoun may be the offer
    ("Ça vous coûte 9 600 € par an et ça vous évite de perdre 40 000 €.", "fr", 9600),
    ("It'll cost you €96,000 a year and save you €190,000.", "en", 96000),
    # the price restated another way is still the price
    ("La machine vous coûtera 362 000 € HT, soit 6 830 € par mois en crédit-bail.", "fr", 362000),
])
def test_the_offer_is_the_figure_the_learner_proposes(line, lang, price):
    assert offered(line, lang) == price


@pytest.mark.parametrize("line,lang,figures", [
    ("9 600 € ou 9 200 € sur trois ans.", "fr", [9600, 9200]),
    ("Je vous propose 9 600 €, ou 9 200 € si vous vous engagez sur trois ans.", "fr", [9600, 9200]),
    ("9 200 € contre un engagement sur trois ans, sinon 9 600 €.", "fr", [9200, 9600]),
    ("I can do €92,000 or €90,000 with upfront payment.", "en", [92000, 90000]),
    ("€92,000 for a three-year term, otherwise €96,000.", "en", [92000, 96000]),
    ("€92,000 if you sign for three years; €96,000 otherwise.", "en", [92000, 96000]),
])
def test_two_prices_as_likely_as_each_other_are_asked_about_not_guessed(line, lang, figures):
    assert tied(line, lang) == figures


def test_a_line_whose_figures_are_all_quoted_offers_none():
    assert offered("Une panne vous coûte 40 000 €, vous perdez 12 000 € de chiffre d'affaires.", "fr") is None
    assert offered("That downtime is worth €190,000, and you lose about €1,500 a day.", "en") is None


def test_the_clients_figure_quoted_back_is_not_the_offer_and_accepted_it_is():
    context = "Non. Ce que je peux faire, c'est 7 200 €."
    assert offered("7 200 € ? Je peux descendre à 9 300 € si vous signez sur trois ans.", "fr", context) == 9300
    assert offered("D'accord pour 7 200 €, ce qui vous fait 2 400 € d'économies.", "fr", context) == 7200


# ---------------------------------------------------------------- properties
FILLER = {
    "fr": ["vous", "coûte", "perdez", "économisez", "concurrent", "environ", "notre", "prix", "je", "propose", "par",
           "an", "HT", "leur", "offre", "au", "lieu", "de", "panne", "soit", "remise", "contre", "chez", "Routevia",
           ",", ";", ".", "?", "et", "ou", "votre", "assureur", "actuel", "c'est", "à", "pour", "TTC", "moins"],
    "en": ["costs", "you", "worth", "saves", "lose", "competitor", "around", "our", "price", "I", "can", "offer",
           "per", "year", "their", "instead", "of", "downtime", "off", "discount", "from", "Routevia", ",", ";", ".",
           "?", "and", "or", "your", "current", "is", "at", "for", "the", "subscription", "less"],
}


def _money(n: int, lang: str) -> str:
    return f"{n:,}".replace(",", " ") + " €" if lang == "fr" else f"€{n:,}"


@settings(max_examples=150, deadline=None)
@given(lang=st.sampled_from(["fr", "en"]), amount=st.integers(min_value=1, max_value=10**7), data=st.data())
def test_a_line_with_one_figure_offers_that_figure_whatever_words_surround_it(lang, amount, data):
    words = st.lists(st.sampled_from(FILLER[lang]), max_size=12)
    line = " ".join([*data.draw(words), _money(amount, lang), *data.draw(words)])
    u = understand(line, lang)
    assert [a.value for a in u.amounts if a.kind == "money"] == [amount], line  # the line holds that one figure
    assert u.price is not None and u.price.value == amount, line


PRICED = {
    "fr": ["Pour couvrir {n}{c}, je vous propose {p}.", "Je vous propose {p} pour couvrir {n}{c}.",
           "Notre contrat est à {p} TTC et protège {n}{c}.", "{p} par an, c'est notre prix pour {n}{c}.",
           "Pour {n}{c}, le prix est de {p}.", "Je peux vous faire {p} si vous signez, et {n}{c} sera couvert."],
    "en": ["To cover {n}{c}, I can offer {p}.", "I can offer {p} to cover {n}{c}.",
           "Our subscription is {p} a year and it fixes {n}{c}.", "For {n}{c}, the price is {p}.",
           "I'll do it for {p} if you sign for three years, and {n}{c} goes away."],
}
NOUNS = {"fr": ["la panne", "le vol de mars", "l'arrêt de l'atelier", "un sinistre"],
         "en": ["the downtime", "failed deliveries", "the missed slots", "every late van"]}
CLAUSE = {"fr": [" qui vous coûte {x}", ", qui vous coûte {x},", " qui vous coûte {x} par an"],
          "en": [" which costs you {x}", ", which costs you {x},", " that costs you {x} a year"]}


@settings(max_examples=150, deadline=None)
@given(lang=st.sampled_from(["fr", "en"]), price=st.integers(min_value=100, max_value=10**6),
       cost=st.integers(min_value=100, max_value=10**6), data=st.data())
def test_a_clause_quoting_what_something_costs_the_client_never_changes_the_price(lang, price, cost, data):
    template = data.draw(st.sampled_from(PRICED[lang]))
    noun = data.draw(st.sampled_from(NOUNS[lang]))
    clause = data.draw(st.sampled_from(CLAUSE[lang])).format(x=_money(cost, lang))
    plain = template.format(n=noun, c="", p=_money(price, lang))
    quoted = template.format(n=noun, c=clause, p=_money(price, lang))
    assert offered(plain, lang) == price
    assert offered(quoted, lang) == price, quoted


# ---------------------------------------------------------------- in the plain free-text player
def _at(home: Path, name: str, path_name: str, state: str) -> RecordedSession:
    """``name`` played along its playtest path ``path_name`` until the interview reaches ``state``."""
    scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    path = next(p for p in load_playtest(ROOT / "scenarios" / "tests" / f"{name}.yaml").paths if p.name == path_name)
    rec = RecordedSession.start(scenario, seed=path.seed, learner="test", mode="practice", folder=home / "sessions")
    for step in path.inputs:
        if rec.session.state == state:
            return rec
        rec.step(step_input(step))
    raise AssertionError(f"the path no longer reaches {state}")


def _typed(rec: RecordedSession, *lines: str) -> list[str]:
    queue, written = list(lines), []
    FreeTextPlayer(rec, PlainIO(lambda prompt: queue.pop(0) if queue else None, written.append)).run()
    return written


def _offers(rec: RecordedSession) -> list[float]:
    return [turn.input.amount for turn in rec.session.turns if isinstance(turn.input, PriceInput)]


@pytest.mark.parametrize("name,path_name,state,line,price", [
    ("software-subscription-en", "expert", "negotiation",
     "With 9% failed deliveries, that downtime is worth around €190,000 a year. The subscription is €96,000 a year.",
     96000),
    ("assurance-artisan", "maintien-mecanique", "annonce-prix",  # the line announcing the price carries its figure
     "Une panne vous coûte 40 000 € par an ; notre contrat est à 9 600 € TTC.", 9600),
])
def test_in_the_plain_player_the_line_is_played_as_an_offer_of_the_price_not_the_cost(home, name, path_name, state,
                                                                                       line, price):
    rec = _at(home, name, path_name, state)
    before = len(_offers(rec))
    _typed(rec, line)
    assert _offers(rec)[before:] == [price]
    moves = [r["free_text"] for r in read_journal(rec.path).records if r.get("type") == "input" and "free_text" in r]
    assert moves[-1]["text"] == line and moves[-1]["offer"] == price


def test_in_the_plain_player_the_client_asks_which_of_two_prices_and_the_answer_is_played(home):
    rec = _at(home, "assurance-artisan", "maintien-mecanique", "annonce-prix")
    _typed(rec, "valeur-puis-prix")  # the option announcing the price: the client now takes offers
    before = len(_offers(rec))
    line = "Je vous propose 9 600 €, ou 9 200 € si vous vous engagez sur trois ans."
    written = _typed(rec, line, "9 200 €")
    said = " ".join(" ".join(written).split())  # the player wraps long lines
    asked = " ".join(t("free.clarify_figure", "fr", figures="9\u202f600\u00a0€ ou 9\u202f200\u00a0€").split())
    assert asked in said, said  # the client asks, in its own words, which figure; nothing is played then
    assert _offers(rec)[before:] == [9200]
    unclear = [r for r in read_journal(rec.path).records if r.get("type") == "free_text_unclear"]
    assert unclear[-1]["text"] == line and unclear[-1]["figures_asked"] == [9600, 9200]  # kept: nothing typed is lost


def test_between_two_figures_as_likely_one_out_of_any_plausible_range_is_not_the_offer(home):
    # assurance-artisan: list 9 600 €, floor 8 400 €; 96 000 € is a slip of the keyboard, not a price to ask about
    rec = _at(home, "assurance-artisan", "maintien-mecanique", "annonce-prix")
    _typed(rec, "valeur-puis-prix")
    before = len(_offers(rec))
    _typed(rec, "96 000 € ou 9 600 €")
    assert _offers(rec)[before:] == [9600]


@pytest.mark.anyio
async def test_in_the_terminal_ui_the_client_asks_which_of_two_prices_too(home, scenario_dir, only_test_scenarios):
    from test_tui_support import inputs_of, journal_lines, journals, make_app, open_first_scenario, transcript_text

    async def type_line(pilot, text: str) -> None:
        pilot.app.screen.query_one("#free-input").value = text
        await pilot.press("enter")
        await pilot.pause()

    app = make_app(extra_dirs=[scenario_dir], seed=3, free=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_scenario(pilot)
        await type_line(pilot, "bonjour, comment s'est passe votre hiver cote chauffage ?")  # into the price state
        [journal] = journals(home)
        await type_line(pilot, "Je vous propose 1 000 euros, ou 950 euros si vous signez sur deux ans.")
        assert "vous me proposez" in " ".join(transcript_text(app).split()) and inputs_of(journal) == [{"choice": "question"}]
        assert [r["figures_asked"] for r in journal_lines(journal) if r.get("type") == "free_text_unclear"] == [[1000, 950]]
        await type_line(pilot, "950 euros")
        assert inputs_of(journal)[-1] == {"price": 950}


# ---------------------------------------------------------------- a party named by its proper name
def _scenario_names(name: str):
    from simulator.understanding.figures import scenario_names

    return scenario_names(load_scenario(ROOT / "scenarios" / f"{name}.yaml").spec)


def offered_in(scenario: str, line: str, lang: str) -> float | None:
    """The figure the line offers, read with the proper names of ``scenario`` (as the free-text players read it)."""
    price = understand(line, lang).price_choice((), _scenario_names(scenario)).offer
    return price.value if price else None


@pytest.mark.parametrize("line,lang,price", [
    ("You could go with Routevia at €64,000, but €96,000 a year buys the integration too.", "en", 96000),
    ("Vous pouvez prendre Routevia à 64 000 €, mais 96 000 € comprend l'intégration.", "fr", 96000),
    ("Next to Routevia's €64,000, €96,000 a year includes the training.", "en", 96000),
    ("La MAAF est à 8 100 € sans la perte d'exploitation ; 9 600 € avec.", "fr", 9600),
])
def test_a_competitor_named_right_before_its_figure_is_quoted_not_offered(line, lang, price):
    assert offered(line, lang) == price


@settings(max_examples=100, deadline=None)
@given(lang=st.sampled_from(["fr", "en"]), name=st.from_regex(r"[A-Z][a-z]{3,9}( [A-Z][a-z]{2,6})?", fullmatch=True),
       theirs=st.integers(min_value=1000, max_value=10**6), data=st.data())
def test_whatever_the_competitor_s_name_its_figure_is_not_the_offer(lang, name, theirs, data):
    price = data.draw(st.integers(min_value=1000, max_value=10**6).filter(lambda p: p != theirs))
    template = data.draw(st.sampled_from({
        "fr": ["Vous pouvez prendre {n} à {x}, mais {p} comprend l'installation.",
               "Je sais que {n} est à {x} ; {p} par an, c'est tout compris.",
               "Comparé à {n} pour {x}, {p} par an couvre aussi la formation."],
        "en": ["You could go with {n} at {x}, but {p} a year buys the integration too.",
               "I know {n} is at {x}; {p} a year covers everything.",
               "Next to {n} for {x}, {p} a year includes the training."]}[lang]))
    line = template.format(n=name, x=_money(theirs, lang), p=_money(price, lang))
    assert offered(line, lang) == price, line


@pytest.mark.parametrize("line,lang,price", [
    # the first word of a sentence takes a capital whatever it is: the scenario says Routevia is a name
    ("Routevia at €64,000 leaves out integration, €96,000 a year covers everything.", "en", 96000),
    ("Compare like with like: Routevia at €64,000, us at €96,000 with integration and training.", "en", 96000),
])
def test_a_competitor_the_scenario_names_is_recognised_at_the_start_of_a_sentence_too(line, lang, price):
    assert offered_in("software-subscription-en", line, lang) == price


@pytest.mark.parametrize("scenario,line,lang,price", [
    # the learner's own product (named in the scenario's offer), the client's town, a product the line calls ours
    ("software-subscription-en", "Tallis FieldOps at €96,000 a year, instead of €100,000 at list.", "en", 96000),
    ("software-subscription-en", "FieldOps at €96,000 a year, instead of Routevia at €64,000 without integration.",
     "en", 96000),
    ("software-subscription-en", "Rolled out in Rotterdam for €96,000 a year instead of €100,000.", "en", 96000),
    ("software-subscription-en", "For Brinkhorst at €92,000 a year on a three-year term, instead of €96,000.", "en",
     92000),
    ("assurance-artisan", "Pour vos camions garés à Rezé à 9 600 € par an, au lieu de 10 200 €.", "fr", 9600),
    ("assurance-artisan", "Notre formule Sérénité à 9 600 € par an, au lieu de 10 200 €.", "fr", 9600),
    ("software-subscription-en", "So the Premium Plan at €92,000, instead of €96,000 at list.", "en", 92000),
    ("assurance-artisan", "Donc à 9 300 € au lieu de 9 600 €, on signe ?", "fr", 9300),
])
def test_a_proper_noun_that_is_not_a_competitor_leaves_the_offer_as_it_is(scenario, line, lang, price):
    assert offered_in(scenario, line, lang) == price
    assert offered(line, lang) in (price, None)  # without the scenario's names, never another figure


def test_the_scenario_s_names_are_its_proper_nouns_the_learner_s_side_apart():
    names = _scenario_names("software-subscription-en")
    assert {"tallis", "fieldops"} <= names.ours and "routevia" not in names.ours
    assert {"routevia", "brinkhorst", "rotterdam"} <= names.known and not names.known & names.ours
    assert not {"the", "a", "yes", "ok", "which", "it"} & (names.known | names.ours)  # words it also writes in lower case


def test_in_the_plain_player_a_competitor_s_figure_named_first_is_not_played(home):
    rec = _at(home, "software-subscription-en", "expert", "negotiation")
    before = len(_offers(rec))
    _typed(rec, "Routevia at €64,000 leaves out integration and training, so €96,000 a year is the fair comparison.")
    assert _offers(rec)[before:] == [96000]
