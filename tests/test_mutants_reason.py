"""Reasons put into words under mutation (simulator/exam/reason.py, tools/mutate.py).

A finding of ``verify`` is read by a French jury, an English trainer and a script (``--json``): each must get
the same reason with its fields, in its language, with the plural its count calls for, the line numbers named
(at most eight, then how many in all), and nested reasons worded in the same language.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.exam.reason import LISTED, Reason, lines_named, worded
from simulator.i18n import get_lang, set_lang

CHANGED = Reason("verify.annotation.changed")


@pytest.fixture
def english():
    before = get_lang()
    set_lang("en")
    yield
    set_lang(before)


class Spoken:
    """Anything with a ``text(lang)`` (a verdict, say): worded in the language asked."""

    def text(self, lang=None):
        return f"<{lang}>"


def test_a_reason_with_a_nested_reason_in_each_language():
    reason = Reason("verify.annotation.mismatch", {"number": 3, "why": CHANGED})
    assert reason.text("fr") == "annotation 3\u00a0: empreinte incorrecte (annotation modifiée)"
    assert reason.text("en") == "annotation 3: wrong digest (annotation changed)"
    assert reason.written() == str(reason) == "annotation 3 : empreinte incorrecte (annotation modifiée)"
    assert reason.data() == {"number": 3, "why": {"key": "verify.annotation.changed"}}
    assert reason.text() == reason.text("fr")  # the current language: French by default


def test_the_current_language_is_the_default(english):
    assert Reason("verify.annotation.mismatch", {"number": 1, "why": CHANGED}).text() == \
        "annotation 1: wrong digest (annotation changed)"
    assert Reason("verify.after_seal", {"seal": 4}, 2).text() == "2 lines added after the seal (line 4)"
    # the written form is French whatever the language shown, its line count included
    assert Reason("verify.rewritten", {"lines": list(range(1, 10))}, 9).written().startswith(
        "lignes 1, 2, 3, 4, 5, 6, 7, 8 … (9 en tout) réécrites : ")
    assert Reason("verify.annotation.mismatch", {"number": 1, "why": CHANGED}).written() == \
        "annotation 1 : empreinte incorrecte (annotation modifiée)"


def test_plurals_follow_each_language():
    def said(count, lang):
        return Reason("verify.after_seal", {"seal": 9}, count).text(lang)

    assert [said(n, "fr") for n in (0, 1, 2)] == [
        "0 ligne ajoutée après le sceau (ligne 9)", "1 ligne ajoutée après le sceau (ligne 9)",
        "2 lignes ajoutées après le sceau (ligne 9)"]
    assert [said(n, "en") for n in (0, 1, 2)] == [
        "0 lines added after the seal (line 9)", "1 line added after the seal (line 9)",
        "2 lines added after the seal (line 9)"]
    # the written (French) form agrees too, 0 and 1 singular
    assert [Reason("verify.after_seal", {"seal": 9}, n).written() for n in (0, 1, 2)] == [
        "0 ligne ajoutée après le sceau (ligne 9)", "1 ligne ajoutée après le sceau (ligne 9)",
        "2 lignes ajoutées après le sceau (ligne 9)"]
    assert Reason("verify.after_seal", {"seal": 9}, 2).data() == {"n": 2, "seal": 9}
    assert list(Reason("verify.after_seal", {"seal": 9}, 2).data()) == ["n", "seal"]  # the count first


def test_a_plural_reason_without_a_count_is_written_in_the_singular():
    assert Reason("verify.rewritten", {"lines": [4]}).written() == \
        "ligne 4 réécrite : ses octets ne sont plus ceux que négosim a écrits"
    assert Reason("verify.rewritten", {"lines": [4, 6]}).data() == {"lines": [4, 6]}  # no count: no n


def test_line_numbers_are_named_at_most_eight_then_counted():
    many = Reason("verify.rewritten", {"lines": list(range(1, 12))}, 11)
    assert many.text("fr") == ("lignes 1, 2, 3, 4, 5, 6, 7, 8 … (11 en tout) réécrites\u00a0: leurs octets ne sont "
                               "plus ceux que négosim a écrits")
    assert many.text("en") == ("lines 1, 2, 3, 4, 5, 6, 7, 8 … (11 in all) rewritten: their bytes are no longer "
                               "those negosim wrote")
    assert many.written() == ("lignes 1, 2, 3, 4, 5, 6, 7, 8 … (11 en tout) réécrites : leurs octets ne sont plus "
                              "ceux que négosim a écrits")
    assert many.data()["lines"] == list(range(1, 12))  # machines get every line
    assert worded((3, 5), "en") == "3, 5" and worded([], "fr") == ""


@given(st.lists(st.integers(1, 10_000), max_size=30), st.sampled_from(["fr", "en"]))
def test_the_named_lines_are_the_first_ones_and_the_total_shows_when_some_are_left_out(numbers, lang):
    shown = lines_named(numbers, lang)
    head, _, tail = shown.partition(" … ")
    assert head == ", ".join(str(n) for n in numbers[:LISTED])
    word = "en tout" if lang == "fr" else "in all"
    assert tail == (f"({len(numbers)} {word})" if len(numbers) > LISTED else "")


def test_reasons_in_a_list_are_each_worded_in_the_language_asked():
    reasons = [Reason("verify.annotation.chain", {"number": 1}), Reason("verify.annotation.rewritten", {"number": 2})]
    listed = Reason("verify.annotate.invalid_annotations", {"reasons": reasons})
    assert listed.text("en") == ("existing annotations invalid: annotation 1: chain broken (an annotation changed, "
                                 "removed or moved before it); annotation 2: line rewritten")
    assert listed.written() == ("annotations existantes invalides : annotation 1 : chaîne rompue (annotation modifiée, "
                                "retirée ou déplacée avant elle); annotation 2 : ligne réécrite")
    assert listed.text("fr").startswith("annotations existantes invalides\u00a0: annotation 1\u00a0: chaîne rompue")
    assert listed.data() == {"reasons": [{"key": "verify.annotation.chain", "number": 1},
                                         {"key": "verify.annotation.rewritten", "number": 2}]}
    assert worded(("a", 2), "en") == "a; 2"  # a mixed list: each as it is


def test_anything_with_a_text_is_worded_in_the_language_asked_and_written_in_french():
    assert worded(Spoken(), "en") == "<en>" and worded(Spoken(), None) == "<None>"
    assert worded(Spoken(), "en", written=True) == "<fr>"
    assert worded([Spoken(), Spoken()], "en") == "<en>; <en>"
    assert worded([Spoken(), CHANGED], "en", written=True) == "<fr>; annotation modifiée"
    assert worded(CHANGED, "en") == "annotation changed" and worded(CHANGED, "en", written=True) == "annotation modifiée"
    assert worded(7, "en") == 7 and worded("x", "fr", written=True) == "x"  # anything else as it is
    reason = Reason("verify.annotation.wrong_key", {"number": 2, "key_id": Spoken()})
    assert reason.text("en") == "annotation 2: signed with another key (<en>)"
    assert reason.written() == "annotation 2 : signée avec une autre clé (<fr>)"


def test_an_unknown_key_shows_itself_rather_than_crashing():
    assert Reason("verify.no_such_reason").written() == "verify.no_such_reason"
    assert Reason("verify.no_such_reason").text("en") == "verify.no_such_reason"


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=20), st.integers(1, 99))
def test_every_field_is_in_the_sentence_in_both_languages(key_id, number):
    reason = Reason("verify.annotation.no_key", {"number": number, "key_id": key_id})
    for sentence in (reason.text("fr"), reason.text("en"), reason.written()):
        assert key_id in sentence and re.search(rf"\b{number}\b", sentence)
    assert reason.text("fr") != reason.text("en")
    assert reason.data() == {"number": number, "key_id": key_id}
