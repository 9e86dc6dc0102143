"""negosim import twee on Twine 2 HTML (published story, library archive): the Twee import's mapping, HTML positions."""

from __future__ import annotations

import html
import json
import string
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.authoring.twee import import_twee, read_twee
from simulator.authoring.twine_html import import_twine_html, is_twine_html, read_twine_html
from simulator.cli.main import cli
from simulator.content.diagnostics import ContentError
from simulator.content.loader import load_scenario, load_scenario_text

IFID = "3F1C2A9E-5B7D-4E21-9C0A-7D2B6E8F1A34"

# What Twine 2.6 writes with « Publish to File » for a Harlowe story, the format's page cut down: the passage
# elements follow one another on a line (a line break only where a passage's text has one), the text is escaped
# as lodash does (&amp; &lt; &gt; &quot; &#39;), the user stylesheet and script are not; the missing space in
# options=""tags="" is Twine 2.6's. The engine's script mentions tw-storydata: it must not be read as a story.
PUBLISHED = (
    '<!DOCTYPE html>\n'
    '<html>\n'
    '<head>\n'
    '<meta charset="utf-8">\n'
    '<title>Rendez-vous chez « Bâti &amp; Fils »</title>\n'
    '<style title="Twine CSS">tw-storydata { display: none; }</style>\n'
    '</head>\n'
    '<body>\n'
    '<tw-story></tw-story>\n'
    '<tw-storydata name="Rendez-vous chez « Bâti &amp; Fils »" startnode="2" creator="Twine" '
    'creator-version="2.6.2" format="Harlowe" format-version="3.3.7" ifid="' + IFID + '" options=""tags="" '
    'zoom="1" hidden><style role="stylesheet" id="twine-user-stylesheet" type="text/twine-css">'
    'tw-story { font-family: "Georgia", serif; }</style>'
    '<script role="script" id="twine-user-script" type="text/twine-javascript">'
    'window.score = 0;\nif (window.score < 1 && true) { window.score = 1; }</script>'
    '<tw-tag name="success" color="green"></tw-tag>'
    '<tw-passagedata pid="1" name="Catalogue" tags="act:argument_caracteristiques" position="400,100" '
    'size="100,100">Hmm. Ça ne m&#39;intéresse pas vraiment.\n'
    '[[Chantiers]]</tw-passagedata>'
    '<tw-passagedata pid="2" name="Accueil" tags="phase:contact" position="100,100" size="100,100">'
    'Bonjour, asseyez-vous. (set: $patience to 5)Je vous écoute.\n'
    '[[Merci de me recevoir. Parlons de vos chantiers ?-&gt;Chantiers]]\n'
    '[[Je vous présente notre catalogue.|Catalogue]]</tw-passagedata>'
    '<tw-passagedata pid="3" name="Chantiers" tags="phase:decouverte act:question_ouverte" position="250,250" '
    'size="100,100">Nous avons trois chantiers en retard, faute de livraisons à l&#39;heure.\n'
    '(if: $patience &gt; 3)[Je compte sur vous pour être &quot;rapide&quot;.]\n'
    '* [[Si je comprends bien, les délais sont votre priorité ?-&gt;Délais &amp; coûts]]\n'
    '* [[Parler prix &amp; remises-&gt;Prix]]\n'
    '* [[Au revoir][$patience to 0]]</tw-passagedata>'
    '<tw-passagedata pid="4" name="Délais &amp; coûts" tags="phase:reformulation act:resume_validation" '
    'position="400,400" size="100,100">&quot;Exactement&quot; : livrés en moins de 48 h (&lt; 2 jours), '
    'c&#39;est tout ce qui compte.\n'
    '[[Je vous propose une livraison garantie sous 48 h. On signe ?-&gt;Signature]]</tw-passagedata>'
    '<tw-passagedata pid="5" name="Signature" tags="success act:proposition_conclusion" position="550,400" '
    'size="100,100">Marché conclu. &lt;b&gt;Merci&lt;/b&gt; !</tw-passagedata>'
    '<tw-passagedata pid="6" name="Au revoir" tags="failure act:abandon" position="550,250" size="100,100">'
    'Au revoir.</tw-passagedata></tw-storydata>\n'
    '<script title="Twine engine code" data-main="harlowe">'
    'var data = document.querySelector("tw-storydata"); var x = "<tw-storydata name=\'faux\'>";</script>\n'
    '</body>\n'
    '</html>\n'
)

# The same story as Twine 2.6's « Export as Twee » writes it.
TWEE = textwrap.dedent('''\
    :: StoryTitle
    Rendez-vous chez « Bâti & Fils »


    :: StoryData
    {
      "ifid": "''' + IFID + '''",
      "format": "Harlowe",
      "format-version": "3.3.7",
      "start": "Accueil",
      "zoom": 1
    }


    :: UserScript [script]
    window.score = 0;
    if (window.score < 1 && true) { window.score = 1; }


    :: UserStylesheet [stylesheet]
    tw-story { font-family: "Georgia", serif; }


    :: Catalogue [act:argument_caracteristiques] {"position":"400,100","size":"100,100"}
    Hmm. Ça ne m'intéresse pas vraiment.
    [[Chantiers]]


    :: Accueil [phase:contact] {"position":"100,100","size":"100,100"}
    Bonjour, asseyez-vous. (set: $patience to 5)Je vous écoute.
    [[Merci de me recevoir. Parlons de vos chantiers ?->Chantiers]]
    [[Je vous présente notre catalogue.|Catalogue]]


    :: Chantiers [phase:decouverte act:question_ouverte] {"position":"250,250","size":"100,100"}
    Nous avons trois chantiers en retard, faute de livraisons à l'heure.
    (if: $patience > 3)[Je compte sur vous pour être "rapide".]
    * [[Si je comprends bien, les délais sont votre priorité ?->Délais & coûts]]
    * [[Parler prix & remises->Prix]]
    * [[Au revoir][$patience to 0]]


    :: Délais & coûts [phase:reformulation act:resume_validation] {"position":"400,400","size":"100,100"}
    "Exactement" : livrés en moins de 48 h (< 2 jours), c'est tout ce qui compte.
    [[Je vous propose une livraison garantie sous 48 h. On signe ?->Signature]]


    :: Signature [success act:proposition_conclusion] {"position":"550,400","size":"100,100"}
    Marché conclu. <b>Merci</b> !


    :: Au revoir [failure act:abandon] {"position":"550,250","size":"100,100"}
    Au revoir.
    ''')


def storydata(name: str, passages: list[tuple[str, str, str]], start: int = 1) -> str:
    """A tw-storydata element as Twine writes it in an archive; passages are (name, tags, text)."""
    body = "".join(f'<tw-passagedata pid="{i}" name="{html.escape(n)}" tags="{html.escape(t)}" position="0,0" '
                   f'size="100,100">{html.escape(x)}</tw-passagedata>' for i, (n, t, x) in enumerate(passages, 1))
    return (f'<tw-storydata name="{html.escape(name)}" startnode="{start}" creator="Twine" creator-version="2.6.2" '
            f'format="Harlowe" format-version="3.3.7" ifid="{IFID}" options=""tags="" zoom="1" hidden>'
            '<style role="stylesheet" id="twine-user-stylesheet" type="text/twine-css"></style>'
            '<script role="script" id="twine-user-script" type="text/twine-javascript"></script>'
            f'{body}</tw-storydata>')


# « Library > Archive »: the stories one after the other, no page around them
ARCHIVE = storydata("Rendez-vous Bâti Plus", [("Accueil", "", "Bonjour.\n[[Signer->Fin]]"),
                                               ("Fin", "success act:proposition_conclusion", "Marché conclu.")]) + "\n\n" \
    + storydata("Relance client", [("Appel", "phase:contact", "Allô ?\n[[Relancer->Devis]]"),
                                   ("Devis", "success act:proposition_conclusion", "C'est signé.")]) + "\n\n"


def at(text: str, needle: str) -> tuple[int, int]:
    """(line, column), 1-based, of the first occurrence of needle: where a diagnostic should point."""
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- the same scenario as from Twee

def test_published_story_imports_as_its_twee_export():
    from_html = import_twine_html(PUBLISHED, "exports/entretien.html")
    from_twee = import_twee(TWEE, "exports/entretien.twee")
    # the only difference is the source file's name, in the header comment and the summary
    assert from_html.text.replace("entretien.html", "entretien.twee") == from_twee.text
    assert from_html.text.count("entretien.html") == 2
    assert sorted((d.code, d.where, d.message) for d in from_html.warnings) == \
        sorted((d.code, d.where, d.message) for d in from_twee.warnings)


def test_published_story_content():
    result = import_twine_html(PUBLISHED, "entretien.html")
    spec = load_scenario_text(result.text, "entretien.yaml").spec
    assert spec.title == "Rendez-vous chez « Bâti & Fils »"
    assert spec.id == "rendez-vous-chez-bati-fils"
    assert spec.start == "accueil"  # startnode="2", not the first passage
    assert spec.states["chantiers"].say == ("Nous avons trois chantiers en retard, faute de livraisons à l'heure. "
                                            "Je compte sur vous pour être \"rapide\".")
    assert spec.states["delais-couts"].say == ("\"Exactement\" : livrés en moins de 48 h (< 2 jours), "
                                               "c'est tout ce qui compte.")
    assert spec.states["catalogue"].say == "Hmm. Ça ne m'intéresse pas vraiment."
    assert [(c.text, c.next, c.acts) for c in spec.states["chantiers"].choices] == [
        ("Si je comprends bien, les délais sont votre priorité ?", "delais-couts", ["resume_validation"]),
        ("Parler prix & remises", "prix", []),
        ("Au revoir", "au-revoir", ["abandon"])]
    assert spec.states["prix"].end.outcome == "partial"  # the placeholder ending of the missing passage
    assert spec.states["signature"].end.outcome == "success" and spec.states["au-revoir"].end.outcome == "failure"
    assert spec.states["accueil"].phase == "contact" and spec.states["delais-couts"].phase == "reformulation"


def test_reader_gives_twine_names_tags_text_and_metadata():
    story = read_twine_html(PUBLISHED, "e.html")
    assert story.title == "Rendez-vous chez « Bâti & Fils »"
    assert story.data == {"ifid": IFID, "format": "Harlowe", "format-version": "3.3.7", "start": "Accueil"}
    names = [p.name for p in story.passages]
    assert names == ["UserStylesheet", "UserScript", "Catalogue", "Accueil", "Chantiers", "Délais & coûts",
                     "Signature", "Au revoir"]
    script = story.passages[1]
    assert script.tags == ["script"] and "window.score < 1 && true" in script.text  # a script is not unescaped
    chantiers = story.passages[4]
    assert chantiers.tags == ["phase:decouverte", "act:question_ouverte"]
    assert chantiers.metadata == {"position": "250,250", "size": "100,100"}
    assert chantiers.text.splitlines()[1] == '(if: $patience > 3)[Je compte sur vous pour être "rapide".]'


# ---------------------------------------------------------------- positions in the HTML file

def test_warnings_point_into_the_html_file():
    result = import_twine_html(PUBLISHED, "entretien.html")
    found = {(d.code, d.where): (d.line, d.column) for d in result.warnings}
    assert found == {
        ("NS614", "passage « UserStylesheet »"): at(PUBLISHED, '<style role="stylesheet"'),
        ("NS614", "passage « UserScript »"): at(PUBLISHED, '<script role="script"'),
        ("NS613", "passage « Accueil »"): at(PUBLISHED, '<tw-passagedata pid="2"'),
        ("NS613", "passage « Chantiers »"): at(PUBLISHED, '<tw-passagedata pid="3"'),
        ("NS612", "passage « Chantiers »"): (at(PUBLISHED, "* [[Parler prix")[0], 1),  # the line of the link
        ("NS615", "passage « Chantiers »"): (at(PUBLISHED, "* [[Au revoir]")[0], 1),
        ("NS613", "passage « Signature »"): at(PUBLISHED, '<tw-passagedata pid="5"'),
    }
    # published passages follow one another on a line: the column tells them apart
    assert found[("NS613", "passage « Accueil »")] == (12, 31)  # after « [[Chantiers]]</tw-passagedata> »
    assert found[("NS612", "passage « Chantiers »")] == (17, 1)
    rendered = [d.render() for d in result.warnings]
    assert "entretien.html:17:1: avertissement: passage « Chantiers »: lien vers « Prix »" in "\n".join(rendered)
    assert all(d.file == "entretien.html" and d.severity == "warning" for d in result.warnings)


def test_a_link_on_the_first_line_of_text_points_after_the_start_tag():
    text = storydata("S", [("Début", "", "[[Prix]]"), ("Fin", "success", "Ok.\n[[Nulle part]]")])
    result = import_twine_html(text, "s.html")
    first, second = [(d.line, d.column) for d in result.warnings if d.code == "NS612"]
    line, column = at(text, "[[Prix]]")
    assert first == (line, column)  # the text starts right after the tag, on the tag's line
    assert second == (2, 1)


def test_start_node_is_honoured_and_a_wrong_one_reported():
    passages = [("Un", "", "[[Deux]]"), ("Deux", "", "[[Trois]]"), ("Trois", "success", "Fin.")]
    assert import_twine_html(storydata("S", passages, start=2), "s.html").data["start"] == "deux"
    assert import_twine_html(storydata("S", passages, start=3), "s.html").data["start"] == "trois"
    text = storydata("S", passages, start=9)
    result = import_twine_html(text, "s.html")
    assert result.data["start"] == "un"
    assert [(d.code, d.line, d.column) for d in result.warnings] == [("NS617", 1, 1), ("NS617", *at(text, "<tw-passagedata"))]
    assert "startnode « 9 »" in result.warnings[0].message and "« Un »" in result.warnings[1].message


def test_empty_user_code_is_not_reported_and_reserved_names_are():
    text = storydata("S", [("Début", "", "[[StoryData]]"), ("StoryData", "", "Piège."), ("Fin", "success", "Ok.")])
    result = import_twine_html(text, "s.html")
    # the empty stylesheet and script Twine always writes say nothing; the reserved name is reported, then the
    # link to it, which now leads nowhere
    assert [(d.code, d.where) for d in result.warnings] == [
        ("NS614", "passage « StoryData »"), ("NS612", "passage « Début »")]
    assert "réservé" in result.warnings[0].message


# ---------------------------------------------------------------- choosing a story, refusing a file

def test_an_archive_needs_a_story_name():
    with pytest.raises(ContentError) as err:
        read_twine_html(ARCHIVE, "archive.html")
    (d,) = err.value.diagnostics
    assert d.code == "NS603" and "2 histoires" in d.message
    assert "« Rendez-vous Bâti Plus »" in d.message and "« Relance client »" in d.message
    assert "--story" in d.hint
    story = read_twine_html(ARCHIVE, "archive.html", "Relance client")
    assert story.title == "Relance client" and [p.name for p in story.passages] == ["Appel", "Devis"]
    assert read_twine_html(ARCHIVE, "archive.html", "Rendez-vous Bâti Plus").data["start"] == "Accueil"


def test_an_unknown_story_name_gets_did_you_mean():
    with pytest.raises(ContentError) as err:
        read_twine_html(ARCHIVE, "archive.html", "Relance clients")
    (d,) = err.value.diagnostics
    assert d.code == "NS603" and "« Relance clients »" in d.message
    assert "vouliez-vous dire 'Relance client' ?" in d.hint
    with pytest.raises(ContentError) as err:
        read_twine_html(ARCHIVE, "archive.html", "Tout autre chose")
    assert "noms possibles : Relance client, Rendez-vous Bâti Plus" in err.value.diagnostics[0].hint


@pytest.mark.parametrize("text", [
    "<!DOCTYPE html><html><body><p>Mon histoire</p></body></html>",
    "",
    '<html><body><div id="storeArea"><div tiddler="Start" tags="">Bonjour</div></div></body></html>',  # Twine 1
])
def test_html_without_a_twine_story_is_refused(text: str):
    with pytest.raises(ContentError) as err:
        read_twine_html(text, "page.html")
    (d,) = err.value.diagnostics
    assert d.code == "NS601" and "aucune histoire Twine trouvée" in d.message
    assert "exportez en Twee ou en HTML depuis Twine" in d.hint
    assert ("Twine 1" in d.hint) == ("tiddler" in text)


def test_a_story_without_passages_or_with_a_nameless_one_is_refused():
    with pytest.raises(ContentError) as err:
        read_twine_html(storydata("Vide", []), "v.html")
    assert [d.code for d in err.value.diagnostics] == ["NS601"] and "« Vide »" in err.value.diagnostics[0].message
    with pytest.raises(ContentError) as err:
        read_twine_html(storydata("S", [("A", "", "[[B]]"), (" ", "", "x")]), "v.html")
    assert [(d.code, d.severity, d.line) for d in err.value.diagnostics] == [("NS602", "error", 1)]


def test_format_detection():
    assert is_twine_html(PUBLISHED, "histoire.txt")  # by content
    assert is_twine_html("\n\n  " + ARCHIVE, "archive")
    assert is_twine_html("<html></html>", "page.HTM")  # by extension
    assert not is_twine_html(TWEE, "histoire.twee")
    assert not is_twine_html(":: Start\nLa balise <tw-storydata> est citée ici.\n", "h.twee")


# ---------------------------------------------------------------- the command

def test_cli_imports_a_published_story_that_validates(tmp_path: Path):
    source = write(tmp_path, "entretien.html", PUBLISHED)
    out = tmp_path / "scenarios" / "entretien.yaml"
    result = CliRunner().invoke(cli, ["import", "twee", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "7 états, 7 choix, 7 points signalés" in result.output
    assert f"{source}:17:1: avertissement: passage « Chantiers »: lien vers « Prix »" in result.output
    assert f"{source}:12:31: avertissement: passage « Accueil »: macro Harlowe non reprise" in result.output
    assert "Traceback" not in result.output
    spec = load_scenario(out).spec
    assert spec.id == "entretien" and spec.start == "accueil"
    validated = CliRunner().invoke(cli, ["validate", str(out)])
    assert validated.exit_code == 0, validated.output


def test_cli_detects_html_by_content(tmp_path: Path):
    source = write(tmp_path, "export-twine.txt", PUBLISHED)
    out = tmp_path / "e.yaml"
    result = CliRunner().invoke(cli, ["import", "twee", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load_scenario(out).spec.title == "Rendez-vous chez « Bâti & Fils »"


def test_cli_archive_needs_story(tmp_path: Path):
    source = write(tmp_path, "Bibliothèque Twine.html", ARCHIVE)
    out = tmp_path / "relance.yaml"
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "twee", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert "[NS603]" in result.output and "« Rendez-vous Bâti Plus »" in result.output
    assert "« Relance client »" in result.output and "--story" in result.output
    assert "Rien n'a été écrit : choisissez l'histoire avec --story NOM" in result.output.replace("\u00a0", " ")
    assert not out.exists()
    result = runner.invoke(cli, ["import", "twee", str(source), "-o", str(out), "--story", "Relance clien"])
    assert result.exit_code == 1 and "vouliez-vous dire 'Relance client' ?" in result.output
    assert not out.exists()
    result = runner.invoke(cli, ["import", "twee", str(source), "-o", str(out), "--story", "Relance client"])
    assert result.exit_code == 0, result.output
    spec = load_scenario(out).spec
    assert spec.start == "appel" and set(spec.states) == {"appel", "devis"}
    assert runner.invoke(cli, ["validate", str(out)]).exit_code == 0


def test_cli_refuses_bad_html_and_writes_nothing(tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "x.yaml"
    page = write(tmp_path, "page.html", "<!DOCTYPE html><html><body><h1>Bonjour</h1></body></html>\n")
    result = runner.invoke(cli, ["import", "twee", str(page), "-o", str(out)])
    assert result.exit_code == 1
    assert "aucune histoire Twine trouvée" in result.output and "exportez en Twee ou en HTML depuis Twine" in result.output
    assert "Rien n'a été écrit" in result.output and "Traceback" not in result.output
    assert not out.exists()
    binary = tmp_path / "b.html"
    binary.write_bytes(b"<html>\xff\xfe\x00\x01")
    result = runner.invoke(cli, ["import", "twee", str(binary), "-o", str(out)])
    assert result.exit_code == 1 and "[NS003]" in result.output and "Traceback" not in result.output
    latin1 = tmp_path / "l.html"
    latin1.write_bytes(storydata("Été", [("A", "success", "Ok.")]).encode("latin-1"))
    result = runner.invoke(cli, ["import", "twee", str(latin1), "-o", str(out)])
    assert result.exit_code == 1 and "UTF-8" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_cli_story_option_is_for_html_only(tmp_path: Path):
    source = write(tmp_path, "h.twee", TWEE)
    result = CliRunner().invoke(cli, ["import", "twee", str(source), "-o", str(tmp_path / "h.yaml"), "--story", "X"])
    assert result.exit_code == 2 and "--story" in result.output
    assert not (tmp_path / "h.yaml").exists()


def test_cli_help_names_both_formats():
    result = CliRunner().invoke(cli, ["import", "twee", "--help"])
    assert result.exit_code == 0
    assert "HTML" in result.output and "--story" in result.output and "Twee 3" in result.output


# ---------------------------------------------------------------- property: HTML and Twee read alike

_CHARS = string.ascii_letters + string.digits + " éèàçôÉ«»’–.,;:!?-()<>&\"'"
_names = st.text(alphabet=_CHARS + "[]{}\\", min_size=1, max_size=20).map(str.strip).filter(
    lambda n: n and n not in ("StoryTitle", "StoryData"))
_tags = st.lists(st.text(alphabet=string.ascii_letters + "éà:_-<>&\"'", min_size=1, max_size=10), max_size=3)
_texts = st.text(alphabet=_CHARS + "[]\n", max_size=80)


def _twee_escape(name: str) -> str:
    for ch in "\\[]{}":
        name = name.replace(ch, "\\" + ch)
    return name


def _as_twee(title: str, passages: list[tuple[str, list[str], str]]) -> str:
    def body(text: str) -> str:  # a line of text starting with « :: » is escaped, not a header
        return "\n".join("\\" + line if line.startswith("::") else line for line in text.split("\n"))

    out = [":: StoryTitle", body(title), "", ":: StoryData", json.dumps({"start": passages[0][0]}), ""]
    for name, tags, text in passages:
        out += [f":: {_twee_escape(name)}" + (f" [{' '.join(tags)}]" if tags else ""), body(text), ""]
    return "\n".join(out)


def _as_html(title: str, passages: list[tuple[str, list[str], str]]) -> str:
    body = "".join(f'<tw-passagedata pid="{i}" name="{html.escape(n)}" tags="{html.escape(" ".join(t))}" '
                   f'position="0,0" size="100,100">{html.escape(x)}</tw-passagedata>'
                   for i, (n, t, x) in enumerate(passages, 1))
    return (f'<html><body><tw-storydata name="{html.escape(title)}" startnode="1" format="Harlowe" hidden>'
            f'{body}</tw-storydata></body></html>')


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_names, passages=st.lists(st.tuples(_names, _tags, _texts), min_size=1, max_size=6,
                                       unique_by=lambda p: p[0]))
def test_html_and_twee_readers_agree(title: str, passages: list[tuple[str, list[str], str]]):
    from_html = read_twine_html(_as_html(title, passages), "p.html")
    from_twee = read_twee(_as_twee(title, passages), "p.twee")
    twee_passages = [p for p in from_twee.passages if p.name not in ("StoryTitle", "StoryData")]
    assert [(p.name, p.tags, p.text) for p in from_html.passages] == [(p.name, p.tags, p.text) for p in twee_passages]
    assert [p.name for p in from_html.passages] == [n for n, _, _ in passages]  # nothing lost or renamed
    assert from_html.title == from_twee.title
    assert from_html.data["start"] == from_twee.data["start"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("<>/=\"' &;#x\n") + ["tw-storydata", "tw-passagedata", "name", "pid",
                                                            "startnode", "<script>", "</script>", "<!--", "-->", "a"]),
                max_size=60).map("".join))
def test_any_markup_is_read_or_refused_cleanly(junk: str):
    try:
        read_twine_html(junk, "j.html")
    except ContentError as exc:
        assert exc.diagnostics and all(d.severity == "error" for d in exc.diagnostics)
