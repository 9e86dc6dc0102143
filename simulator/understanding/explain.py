"""A reading of one free-text line in a scenario, and its explanation (« compris : question ouverte »).

``Reader`` gathers what a scenario brings (language, counterparts, a state's options and its client line)
so the CLI, the players and the playtests read lines the same way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .counterparts import CounterpartMatch, find_counterpart
from .matching import Candidate, OptionMatch, match_options
from .recognise import Understanding, understand

# Below this calibrated family confidence the act reading is unsure (docs/free-text.md, « Le seuil de confiance »;
# chosen from the out-of-fold figures ``crossval`` prints): the client asks what the learner means.
SURE_CONFIDENCE = 0.5
# A line with fewer words the model learnt from (« bof », « oui », a slip of the keyboard) gives it nothing to go
# on, whatever its probabilities say: a linear model is sure of itself far from anything it saw.
MIN_KNOWN_WORDS = 2


@dataclass(frozen=True)
class Reading:
    understanding: Understanding
    counterpart: CounterpartMatch | None
    match: OptionMatch | None

    @property
    def sure(self) -> bool:
        u = self.understanding
        if u.known_words < MIN_KNOWN_WORDS and "echo" not in {c.id for c in u.cues}:
            return False
        if self.match is not None:
            # the option's wording weighs as much as its acts: the match decides (matching.MIN_SCORE, MIN_MARGIN)
            return self.match.sure
        return u.confidence >= SURE_CONFIDENCE

    def as_dict(self) -> dict[str, Any]:
        out = self.understanding.as_dict()
        out["acts"] = [a["act"] for a in out["acts"]]
        out["act_confidences"] = [a.as_dict() for a in self.understanding.acts]
        out["counterpart"] = self.counterpart.id if self.counterpart else None
        out["sure"] = self.sure
        if self.match is not None:
            out.update(self.match.as_dict())
        return out

    def summary(self, lang: str = "fr") -> str:
        """« question ouverte (82 %) » in the learner's language: what the players show discreetly. With an
        option matched, the act named is the option's act the line was most recognised as (the one graded)."""
        from ..content.acts import default_catalogue

        u = self.understanding
        act, confidence = u.acts[0].act, u.acts[0].confidence
        if self.match is not None and self.match.best is not None and self.match.best.acts:
            act = max(self.match.best.acts, key=lambda a: u.scores.get(a, 0.0))
            confidence = self.match.best.score
        return f"{default_catalogue().label(act, lang).lower()} ({percent(confidence, lang)})"

    def render(self, lang: str | None = None) -> str:
        """What ``negosim understand`` prints for the line, in ``lang`` (the catalogs' ``free.understand.*``)."""
        from ..content.acts import default_catalogue
        from ..i18n import t

        u = self.understanding
        shown = lang or u.lang
        cat = default_catalogue()
        lines = [t("free.quoted", shown, text=u.text)]
        acts = t("free.understand.sep", shown).join(
            f"{cat.label(a.act, shown)} [{a.act}] {percent(a.confidence, shown)}" for a in u.acts)
        lines.append(t("free.understand.understood", shown, acts=acts))
        lines.append(t("free.understand.family", shown, family=u.family, percent=percent(u.confidence, shown))
                     + ("" if self.sure else t("free.understand.unsure", shown))
                     + ("" if self.sure or u.known_words >= MIN_KNOWN_WORDS else t("free.understand.few_words", shown)))
        if u.cues:
            lines.append(t("free.understand.cues", shown, cues=t("free.understand.sep", shown).join(u.cue_words(shown))))
        for amount in u.amounts:
            kind = t("free.understand.kind_money" if amount.kind == "money" else "free.understand.kind_percent", shown)
            lines.append(t("free.understand.amount", shown, value=f"{amount.value:g}", kind=kind))
        if self.counterpart:
            lines.append(t("free.understand.counterpart", shown, id=self.counterpart.id))
        if self.match is not None and self.match.best is not None:
            best, runner = self.match.best, self.match.runner_up
            lines.append(t("free.understand.option", shown, id=best.id, score=f"{best.score:.2f}",
                           closest=best.closest[:70]))
            if runner is not None:
                lines.append(t("free.understand.runner_up", shown, id=runner.id, score=f"{runner.score:.2f}"))
        return "\n".join(lines)


def percent(value: float, lang: str) -> str:
    """« 82 % » in French (a narrow no-break space before the sign), "82%" in English."""
    return f"{value * 100:.0f}\u202f%" if lang == "fr" else f"{value:.0%}"


@dataclass
class Reader:
    lang: str = "fr"
    counterparts: tuple[tuple[str, str], ...] = ()
    candidates: tuple[Candidate, ...] | None = None
    context: str | None = None

    @classmethod
    def for_scenario(cls, spec: Any, lang: str | None = None) -> Reader:
        """A reader with the scenario's language and counterparts."""
        counterparts = tuple((c.id, c.label) for c in spec.price.counterparts) if spec.price else ()
        return cls(lang or spec.language, counterparts)

    @classmethod
    def open(cls, scenario_ref: str | None, state_id: str | None, lang: str | None) -> Reader:
        if scenario_ref is None:
            return cls(lang or "fr")
        from ..content.library import resolve_scenario
        from ..content.loader import load_scenario
        from .scenario_context import state_context

        scenario = load_scenario(resolve_scenario(scenario_ref))
        spec = scenario.spec
        reader = cls.for_scenario(spec, lang)
        if state_id is not None:
            if state_id not in spec.states:
                import difflib

                close = difflib.get_close_matches(state_id, list(spec.states), n=1)
                hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
                raise LookupError(f"état « {state_id} » absent du scénario {spec.id}{hint}")
            state = spec.states[state_id]
            reader.candidates = tuple(Candidate(c.id, c.text, tuple(c.acts), tuple(c.examples)) for c in state.choices)
            reader.context = state_context(state)
        return reader

    def read(self, text: str, context: str | None = None, candidates: list[Candidate] | None = None,
             counts_as: dict[str, str] | None = None) -> Reading:
        u = understand(text, self.lang, context if context is not None else self.context)
        counterpart = find_counterpart(text, self.counterparts, self.lang) if self.counterparts else None
        pool = candidates if candidates is not None else self.candidates
        match = match_options(u, pool, counts_as) if pool is not None else None
        return Reading(u, counterpart, match)
