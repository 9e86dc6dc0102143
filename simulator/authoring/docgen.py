"""The generated parts of docs/authoring.md, so the guide cannot drift from the content it describes.

    python -m simulator.authoring.docgen           # rewrite the generated sections of docs/authoring.md
    python -m simulator.authoring.docgen --check   # exit 1 if they are stale (the tests do the same)
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..content.acts import ENGINE_ACTS, Catalogue, default_catalogue

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"
START = "<!-- actes:début — généré par « python -m simulator.authoring.docgen », ne pas modifier à la main -->"
END = "<!-- actes:fin -->"

FAMILIES = {"contact": "Contact et barrage", "questionnement": "Questionnement", "reformulation": "Reformulation",
            "argumentation": "Argumentation", "objection": "Objections", "prix": "Prix", "conclusion": "Conclusion",
            "reclamation": "Réclamation", "attitude": "Attitude"}
QUALITY = {"good": "bon", "neutral": "neutre", "weak": "faible"}
BLOCKS = {"prospection": "prospection", "negociation": "négociation"}


def acts_table(catalogue: Catalogue | None = None) -> str:
    catalogue = catalogue or default_catalogue()
    out = []
    by_family: dict[str, list] = {}
    for act in catalogue.acts.values():
        by_family.setdefault(act.family, []).append(act)
    for family, label in FAMILIES.items():
        acts = by_family.get(family, [])
        if not acts:
            continue
        out += [f"**{label}**", "", "| Identifiant | Libellé | Blocs | Qualité |", "|---|---|---|---|"]
        for act in acts:
            name = f"`{act.id}`" + (" (moteur)" if act.id in ENGINE_ACTS else "")
            blocks = ", ".join(BLOCKS[b] for b in act.block)
            out.append(f"| {name} | {act.label_fr.replace('|', '/')} | {blocks} | {QUALITY[act.quality]} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def with_generated(text: str, catalogue: Catalogue | None = None) -> str:
    """The guide's text with its acts section regenerated between the markers."""
    if START not in text or END not in text:
        raise ValueError("marqueurs de la section des actes absents du guide")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{acts_table(catalogue)}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = GUIDE.read_text(encoding="utf-8")
    fresh = with_generated(text)
    if "--check" in argv:
        if fresh != text:
            print(f"{GUIDE} : la table des actes est périmée ; lancez python -m simulator.authoring.docgen")
            return 1
        return 0
    GUIDE.write_text(fresh, encoding="utf-8")
    print(f"{GUIDE} : table des actes régénérée.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
