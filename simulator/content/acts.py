"""The catalogue of dialogue acts: the shared vocabulary of scenarios, rubric and debrief."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .bundled import acts_file
from .spec import Act, ActCatalogue
from .validation import validate_document
from .yaml_source import SourceMap, load_document


@dataclass(frozen=True)
class Catalogue:
    acts: dict[str, Act]
    source: SourceMap

    def label(self, act_id: str, lang: str = "fr") -> str:
        act = self.acts.get(act_id)
        if act is None:
            return act_id
        return act.label_fr if lang == "fr" else act.label_en


# Acts the engine gives price offers itself (« attribué par le moteur » in rubrics/acts.yaml): they must exist in
# the catalogue, and no authored choice may carry them. ``prix_aberrant``: a figure out of any plausible range.
ENGINE_ACTS = ("annonce_prix", "maintien_prix", "concession_avec_contrepartie", "concession_sans_contrepartie",
               "remontee_prix", "demande_contrepartie", "prix_aberrant")


def load_catalogue(path: Path | None = None) -> Catalogue:
    from .diagnostics import ContentError, DiagnosticSink

    path = path or acts_file()
    doc = load_document(path)
    spec = validate_document(doc, ActCatalogue, "NS030")
    sink = DiagnosticSink(str(path))
    acts: dict[str, Act] = {}
    for i, act in enumerate(spec.acts):
        if act.id in acts:
            line, col = doc.source.locate(("acts", i, "id"))
            sink.add("NS031", f"acte « {act.id} » déclaré deux fois", line=line, column=col,
                     where=f"acts[{i}].id", hint="chaque acte a un identifiant unique")
        acts[act.id] = act
    for needed in ENGINE_ACTS:
        if needed not in acts:
            sink.add("NS032", f"l'acte « {needed} » est utilisé par le moteur de négociation et doit exister",
                     line=1, column=1, hint="ajoutez-le au catalogue")
    if sink.has_errors:
        raise ContentError(sink.items)
    return Catalogue(acts, doc.source)


@cache
def default_catalogue() -> Catalogue:
    return load_catalogue()


_QUALITY_WORDS = {"good": "bon geste", "neutral": "neutre", "weak": "maladresse"}


def suggest_act(name: str, acts: dict[str, Act]) -> str:
    """A 'did you mean' for an unknown act that never turns a mistake into a good move.

    A good act is only suggested for a typo (nearly the same spelling): « argument_premature » is not
    « argument_cap » with a slip of the keyboard, and suggesting it would grade a fault as a skill. Other
    near names are offered with their quality, so the author picks what the line really is."""
    import difflib

    def ratio(other: str) -> float:
        return difflib.SequenceMatcher(None, name, other).ratio()

    close = difflib.get_close_matches(name, sorted(acts), n=4, cutoff=0.6)
    typo = [a for a in close if ratio(a) >= 0.85]
    if typo:
        return f"vouliez-vous dire '{typo[0]}' ?"
    safe = [a for a in close if acts[a].quality != "good"]
    if safe:
        shown = ", ".join(f"'{a}' ({_QUALITY_WORDS[acts[a].quality]})" for a in safe[:3])
        return f"actes proches : {shown} — choisissez celui qui décrit vraiment la réplique"
    if close:
        return (f"aucun acte proche de même nature ; voyez le catalogue (rubrics/acts.yaml), famille de '{close[0]}'")
    return f"{len(acts)} actes possibles : voyez le catalogue (rubrics/acts.yaml) ou la complétion de l'éditeur"
