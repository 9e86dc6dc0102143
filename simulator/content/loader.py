"""Load a scenario file: safe YAML, structural validation, then compile and check its meaning.

Every problem found in a file is reported at once, each with its line and column.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path
from typing import Any

from .acts import ENGINE_ACTS, Catalogue, default_catalogue, suggest_act
from .diagnostics import ContentError, Diagnostic, did_you_mean, sort_diagnostics
from .expressions import ExprError, Scope, Type, VarInfo, compile_condition, compile_effect
from .scenario import (
    EMPTY_LINES,
    CompiledAuto,
    CompiledState,
    Effect,
    LineSet,
    Scenario,
    lines_of,
    make_choice,
    make_state,
)
from .spec import PHASES, AutoTransition, IntVariable, ScenarioSpec, SetVariable
from .validation import validate_salvaged
from .written_checks import written_checks
from .yaml_source import Document, PathKey, dotted, gc_paused, load_document, parse_document

# Values authored lines may quote, filled in by the engine (Session.text_values).
TEXT_VALUES = ("deal_price", "last_offer", "counterparts_obtained", "last_counter", "gap")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_HYPHENATED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)+")
# What the engine fills in the price lines (Session._offer): anything else is a typo.
PRICE_VALUES = ("offre", "contre", "contrepartie")
_NO_IDS: frozenset[str] = frozenset()  # what most choices handle (and some discover): one set for them all

# Names the engine keeps up to date; authors may read them in conditions, never assign them.
BUILTIN_INTS = ("turn", "last_offer", "price_offers", "deal_price", "concessions", "concessions_without_counterpart",
                "last_counter", "counterparts_count")
BUILTIN_BOOLS = ("deal",)


def load_scenario(path: Path | str, catalogue: Catalogue | None = None) -> Scenario:
    with gc_paused():  # one pause for the whole load: see gc_paused
        return compile_document(load_document(path), catalogue)


def load_scenario_text(text: str, name: str = "<texte>", catalogue: Catalogue | None = None) -> Scenario:
    with gc_paused():
        return compile_document(parse_document(text, name), catalogue)


def compile_document(doc: Document, catalogue: Catalogue | None = None) -> Scenario:
    try:
        with gc_paused():
            return _compile_document(doc, catalogue)
    finally:
        doc.source.release()


def _compile_document(doc: Document, catalogue: Catalogue | None) -> Scenario:
    spec, structural, repaired = validate_salvaged(doc, ScenarioSpec, "NS020")
    if spec is None:
        raise ContentError(structural)
    compiler = _Compiler(doc, spec, catalogue or default_catalogue())
    scenario = compiler.run()
    if structural:
        # Report the meaning of the rest of the file with its structure, in one pass; what was repaired
        # to get there is already reported, and the whole-graph checks would judge a repaired graph.
        semantic = [d for d in compiler.diags if d.severity == "error" and not _touches(d.where, repaired)]
        raise ContentError(sort_diagnostics(structural + semantic))
    from .balance import balance_checks
    from .checks import early_contre_checks, graph_checks
    from .repeats import repeated_line_checks

    compiler.diags.extend(graph_checks(scenario, compiler.catalogue))
    compiler.diags.extend(early_contre_checks(scenario))
    compiler.diags.extend(repeated_line_checks(scenario))
    compiler.diags.extend(balance_checks(scenario, compiler.catalogue))
    errors = [d for d in compiler.diags if d.severity == "error"]
    if errors:
        raise ContentError(sort_diagnostics(compiler.diags))
    scenario.warnings.extend(sort_diagnostics(compiler.diags))
    return scenario


def _touches(where: str, repaired: list[PathKey]) -> bool:
    """Is a diagnostic at ``where`` about (or inside, or around) a value the salvage replaced?"""
    for path in repaired:
        other = dotted(path)
        if where == other or where.startswith(other + ".") or where.startswith(other + "["):
            return True
        if other.startswith(where + ".") or other.startswith(where + "["):
            return True
    return False


def _objections_by_state(spec: ScenarioSpec) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for oid, objection in spec.objections.items():
        out.setdefault(objection.state, []).append(oid)
    return {k: tuple(v) for k, v in out.items()}


def builtin_scope_entries(spec: ScenarioSpec) -> dict[str, VarInfo]:
    needs = frozenset(n.id for n in spec.persona.client.needs)
    objections = frozenset(spec.objections)
    entries = {name: VarInfo(Type("int"), writable=False) for name in BUILTIN_INTS}
    entries.update({name: VarInfo(Type("bool"), writable=False) for name in BUILTIN_BOOLS})
    entries["discovered"] = VarInfo(Type("set", needs), writable=False)
    for name in ("raised_objections", "open_objections", "handled_objections"):
        entries[name] = VarInfo(Type("set", objections), writable=False)
    entries["phase"] = VarInfo(Type("text", frozenset(PHASES)), writable=False)
    entries["state"] = VarInfo(Type("text", frozenset(spec.states)), writable=False)
    return entries


def initial_environment(spec: ScenarioSpec) -> dict[str, Any]:
    env: dict[str, Any] = {name: 0 for name in BUILTIN_INTS}
    env.update({name: False for name in BUILTIN_BOOLS})
    env["discovered"] = frozenset()
    env["raised_objections"] = frozenset()
    env["open_objections"] = frozenset()
    env["handled_objections"] = frozenset()
    env["phase"] = spec.states[spec.start].phase if spec.start in spec.states else "contact"
    env["state"] = spec.start
    for name, var in spec.variables.items():
        if isinstance(var, SetVariable):
            env[name] = frozenset(var.initial)
        else:
            env[name] = var.initial
    return env


class _Compiler:
    def __init__(self, doc: Document, spec: ScenarioSpec, catalogue: Catalogue):
        self.doc = doc
        self.src = doc.source
        self.spec = spec
        self.catalogue = catalogue
        self.diags: list[Diagnostic] = []
        self.scope = Scope(self._variables())
        # The same few expressions recur in every state: compile each text once (closures are pure).
        self._conditions: dict[str, Any] = {}
        self._effects: dict[str, Any] = {}
        self._needs = frozenset(n.id for n in spec.persona.client.needs)
        # Per set of acts (a large file uses a few): the reactions they trigger, and whether all may be written.
        # Keyed by the acts as a tuple, the same tuple object shared by every choice with those acts.
        self._acts: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[Effect, ...], bool]] = {}
        self._placeable_acts = frozenset(catalogue.acts).difference(ENGINE_ACTS)
        self._id_sets: dict[tuple[str, ...], frozenset[str]] = {}

    # -- helpers
    def error(self, code: str, path: PathKey, message: str, hint: str = "", *, key: bool = False) -> None:
        self.diags.append(self.src.diagnostic(code, path, message, hint, key=key))

    def warn(self, code: str, path: PathKey, message: str, hint: str = "") -> None:
        self.diags.append(self.src.diagnostic(code, path, message, hint, severity="warning"))

    def _variables(self) -> dict[str, VarInfo]:
        spec = self.spec
        scope = builtin_scope_entries(spec)
        for name, var in spec.variables.items():
            path = ("variables", name)
            if name in scope:
                self.error("NS113", path, f"« {name} » est un nom réservé au moteur",
                           "choisissez un autre nom de variable", key=True)
                continue
            if isinstance(var, IntVariable):
                if var.min > var.max:
                    self.error("NS110", path + ("min",), f"min ({var.min}) est plus grand que max ({var.max})",
                               "inversez les bornes")
                elif not var.min <= var.initial <= var.max:
                    self.error("NS110", path + ("initial",),
                               f"valeur initiale {var.initial} hors des bornes [{var.min}, {var.max}]",
                               "donnez une valeur entre min et max")
                scope[name] = VarInfo(Type("int", lo=var.min, hi=var.max))
            elif isinstance(var, SetVariable):
                items = frozenset(var.items)
                if len(items) != len(var.items):
                    self.error("NS113", path + ("items",), "élément en double dans la liste", "retirez le doublon")
                for i, item in enumerate(var.initial):
                    if item not in items:
                        self.error("NS110", path + ("initial", i), f"« {item} » n'est pas dans items",
                                   did_you_mean(item, items))
                scope[name] = VarInfo(Type("set", items))
            else:
                scope[name] = VarInfo(Type("bool"))
        return scope

    def condition(self, text: str | None, path: PathKey) -> Any:
        if text is None:
            return None
        if text in self._conditions:
            return self._conditions[text]
        try:
            compiled = self._conditions[text] = compile_condition(text, self.scope)
            return compiled
        except ExprError as exc:
            self._expr_error(exc, path, text)
            return None

    def effects(self, texts: list[str], path: PathKey) -> tuple[Any, ...]:
        out = []
        for i, text in enumerate(texts):
            if text in self._effects:
                out.append(self._effects[text])
                continue
            try:
                out.append(compile_effect(text, self.scope))
                self._effects[text] = out[-1]
            except ExprError as exc:
                self._expr_error(exc, path + (i,), text)
        return tuple(out)

    def _expr_error(self, exc: ExprError, path: PathKey, text: str = "") -> None:
        line, col = self.src.locate(path)
        message, hint = exc.message, exc.hint
        hyphen = _HYPHENATED.match(text, exc.column - 1) if text else None
        if hyphen and message.startswith("variable inconnue"):
            # « recyclage-caces » reads as « recyclage minus caces »: say so, not just « recyclage » unknown
            word = hyphen.group()
            known = self._expression_names()
            fixed = word.replace("-", "_")
            message = (f"« {word} » contient un tiret : dans une condition il se lit « {word.split('-')[0]} moins "
                       f"{word.split('-', 1)[1]} »")
            close = difflib.get_close_matches(fixed, sorted(known), n=1, cutoff=0.75)
            hint = (f"écrivez « {fixed} » (les identifiants s'écrivent avec _, jamais -)" if fixed in known
                    else f"vouliez-vous dire « {close[0]} » ? (les identifiants s'écrivent avec _, jamais -)" if close
                    else f"un identifiant s'écrit avec _ : déclarez « {fixed} » (dans variables ou persona) "
                         "ou corrigez le nom")
        self.diags.append(Diagnostic("NS103", "error", message, self.src.file, line, col + exc.column - 1,
                                     dotted(path), hint))

    def _expression_names(self) -> set[str]:
        names = set(self.scope.variables)
        names.update(n.id for n in self.spec.persona.client.needs)
        names.update(self.spec.objections)
        for var in self.spec.variables.values():
            if isinstance(var, SetVariable):
                names.update(var.items)
        return names

    def placeholders(self, text: str, path: PathKey) -> None:
        """Authored lines may quote a few values of the session ({deal_price}...); anything else is a typo."""
        for m in _PLACEHOLDER.finditer(text):
            name = m.group(1)
            if name not in TEXT_VALUES:
                self.error_in_text("NS114", path, m.start(), f"valeur inconnue « {{{name}}} » dans le texte",
                                   did_you_mean(name, TEXT_VALUES) + " ; valeurs possibles : "
                                   + ", ".join("{" + v + "}" for v in TEXT_VALUES))

    def error_in_text(self, code: str, path: PathKey, index: int, message: str, hint: str) -> None:
        """An error about a word inside a one-line text: point at the word, not at the start of the text."""
        self.diags.append(self.src.diagnostic_in_text(code, path, index, message, hint))

    def price_placeholders(self, value: Any, path: PathKey) -> None:
        """Price lines quote the offer being discussed: {offre}, {contre}, {contrepartie}."""
        for i, (text, _) in enumerate(lines_of(value)):
            for m in _PLACEHOLDER.finditer(text):
                name = m.group(1)
                if name not in PRICE_VALUES:
                    self.error_in_text("NS114", path if isinstance(value, str) else path + (i,), m.start(),
                               f"valeur inconnue « {{{name}}} » dans une réplique de prix",
                               did_you_mean(name, PRICE_VALUES) + " ; valeurs possibles ici : "
                               + ", ".join("{" + v + "}" for v in PRICE_VALUES))

    def lines(self, value: Any, path: PathKey, *, quoted: bool = True) -> LineSet:
        if value is None:
            return EMPTY_LINES
        if isinstance(value, str):  # most lines: one text, no condition (40,000 in a 10,000-state file)
            if quoted and "{" in value:
                self.placeholders(value, path)
            return LineSet.of(((value, None),))
        pairs = lines_of(value)
        if quoted:
            for i, (text, _) in enumerate(pairs):
                if "{" in text:
                    self.placeholders(text, path + (i,))
        return LineSet.of(tuple([(text, self.condition(cond, path + (i, "if")) if cond else None)
                                for i, (text, cond) in enumerate(pairs)]))

    def ids(self, ids: list[str]) -> frozenset[str]:
        """The frozenset of ``ids``, one object shared by every choice that names the same ones (most name
        the same need or none): 30,000 sets of a large file are a few, made and freed once."""
        key = tuple(ids)
        shared = self._id_sets.get(key)
        if shared is None:
            shared = self._id_sets[key] = frozenset(key)
        return shared

    def state_ref(self, target: str, path: PathKey) -> None:
        if target not in self.spec.states:
            self.error("NS101", path, f"état inconnu « {target} »", did_you_mean(target, self.spec.states))

    # -- the whole scenario
    def run(self) -> Scenario:
        spec = self.spec
        self.state_ref(spec.start, ("start",))
        needs = [n.id for n in spec.persona.client.needs]
        if len(set(needs)) != len(needs):
            self.error("NS113", ("persona", "client", "needs"), "besoin déclaré deux fois", "retirez le doublon")
        reactions = {}
        for act, effects in spec.reactions.items():
            if act not in self.catalogue.acts:
                self.error("NS102", ("reactions", act), f"acte inconnu « {act} »",
                           suggest_act(act, self.catalogue.acts), key=True)
            reactions[act] = self.effects(effects, ("reactions", act))
        interrupts = tuple(self.auto(a, ("interrupts", i), f"*/interrupt/{i}") for i, a in enumerate(spec.interrupts))
        triggers = {}
        for oid, obj in spec.objections.items():
            self.state_ref(obj.state, ("objections", oid, "state"))
            if obj.raise_when:
                cond = self.condition(obj.raise_when, ("objections", oid, "raise_when"))
                if cond is not None:
                    triggers[oid] = cond
        price_lines: dict[str, LineSet] = {}
        if spec.price is not None:
            self.price_checks()
            for name in ("counter", "accept", "walkaway", "counterpart_accepted", "counterpart_refused",
                         "counterpart_repeated", "raised", "held", "implausible"):
                value = getattr(spec.price.lines, name)
                if value is not None:  # these quote {offre}, {contre}, {contrepartie}: filled by the engine
                    self.price_placeholders(value, ("price", "lines", name))
                    price_lines[name] = self.lines(value, ("price", "lines", name), quoted=False)
        self.diags.extend(written_checks(spec, self.src))
        voices = _objections_by_state(spec)
        states = {sid: self.state(sid, reactions, voices.get(sid, ())) for sid in spec.states}
        return Scenario(
            spec=spec,
            source=self.src,
            content_hash=hashlib.sha256(self.doc.utf8).hexdigest(),
            states=states,
            initial_env=initial_environment(spec),
            reactions=reactions,
            interrupts=interrupts,
            objection_triggers=triggers,
            price_lines=price_lines,
            objections_at=voices,
        )

    def auto(self, a: AutoTransition, path: PathKey, event: str) -> CompiledAuto:
        self.state_ref(a.next, path + ("next",))
        cond = self.condition(a.if_, path + ("if",))
        return CompiledAuto(cond or (lambda env: False), a.next, self.lines(a.reply, path + ("reply",)), event)

    def price_checks(self) -> None:
        p = self.spec.price
        assert p is not None
        if not p.floor <= p.target <= p.list_price:
            # point at the figure that is out of order, not at the whole block
            culprit = "floor" if p.floor > min(p.target, p.list_price) else "target"
            self.error("NS107", ("price", culprit), f"prix incohérents : il faut plancher ({p.floor}) ≤ objectif "
                       f"({p.target}) ≤ catalogue ({p.list_price})",
                       "baissez le plancher (floor)" if culprit == "floor" else "l'objectif (target) dépasse le "
                       "prix catalogue (list) : baissez-le")
        if p.client.opening > p.client.reservation:
            self.error("NS107", ("price", "client", "opening"),
                       f"la première offre du client ({p.client.opening}) dépasse son prix de réserve "
                       f"({p.client.reservation})", "le client ouvre en dessous de ce qu'il est prêt à payer")
        if p.client.reservation < p.floor:
            self.warn("NS206", ("price", "client", "reservation"),
                      f"le prix de réserve du client ({p.client.reservation}) est sous le plancher ({p.floor}) : "
                      "aucun accord n'est possible au-dessus du plancher",
                      "voulu si le scénario apprend à savoir rompre ; sinon relevez la réserve")
        ids = [c.id for c in p.counterparts]
        if len(set(ids)) != len(ids):
            self.error("NS113", ("price", "counterparts"), "contrepartie déclarée deux fois", "retirez le doublon")

    def state(self, sid: str, reactions: dict[str, tuple[Effect, ...]], voices: tuple[str, ...]) -> CompiledState:
        # Run for each of 10,000 states: each check tests first and builds the path of a field only for a diagnostic.
        spec = self.spec
        st = spec.states[sid]
        path: PathKey = ("states", sid)
        states, objections, needs, known_acts = spec.states, spec.objections, self._needs, self.catalogue.acts
        choices = []
        seen: dict[str, int] = {}
        for i, ch in enumerate(st.choices):
            cpath = path + ("choices", i)
            if ch.id in seen:
                self.error("NS104", cpath + ("id",), f"choix « {ch.id} » en double dans cet état",
                           f"le choix n°{seen[ch.id] + 1} porte déjà cet identifiant")
            seen[ch.id] = i
            if ch.next not in states:
                self.state_ref(ch.next, cpath + ("next",))
            acts = tuple(ch.acts)
            known = self._acts.get(acts)
            if known is None:  # a set of acts not met yet: check it, and sum up its reactions once
                known = self._acts[acts] = (acts, tuple(e for act in acts for e in reactions.get(act, ())),
                                            self._placeable_acts.issuperset(acts))
            acts, reacted, acts_ok = known
            if not acts_ok:
                for j, act in enumerate(acts):
                    if act not in known_acts:
                        self.error("NS102", cpath + ("acts", j), f"acte inconnu « {act} »",
                                   suggest_act(act, known_acts))
                    elif act in ENGINE_ACTS:
                        self.error("NS102", cpath + ("acts", j), f"l'acte « {act} » est attribué par le moteur",
                                   "il est ajouté automatiquement quand l'apprenant propose un prix")
            if ch.raises or ch.handles:
                for field_name, ids in (("raises", ch.raises), ("handles", ch.handles)):
                    for j, oid in enumerate(ids):
                        if oid not in objections:
                            self.error("NS108", cpath + (field_name, j), f"objection inconnue « {oid} »",
                                       did_you_mean(oid, objections))
            if not needs.issuperset(ch.discovers) or not needs.issuperset(ch.argues):
                for field_name, ids in (("discovers", ch.discovers), ("argues", ch.argues)):
                    for j, nid in enumerate(ids):
                        if nid not in needs:
                            self.error("NS109", cpath + (field_name, j), f"besoin inconnu « {nid} »",
                                       did_you_mean(nid, needs) + " (déclarez-le dans persona.client.needs)")
            templated = "{" in ch.text
            if templated:
                self.placeholders(ch.text, cpath + ("text",))
            if not acts:
                self.warn("NS205", cpath, f"le choix « {ch.id} » n'a aucun acte de dialogue",
                          "sans acte, ce choix ne compte pour aucune compétence")
            effects = self.effects(ch.effects, cpath + ("effects",)) if ch.effects else ()
            choices.append(make_choice(  # CompiledChoice's fields, in order
                ch, sid, f"{sid}/{ch.id}",  # spec, state, event
                self.condition(ch.if_, cpath + ("if",)) if ch.if_ is not None else None,  # condition
                effects,
                self.lines(ch.reply, cpath + ("reply",)) if ch.reply is not None else EMPTY_LINES,  # reply
                acts,
                reacted + effects,  # step_effects
                self.ids(ch.discovers) if ch.discovers else _NO_IDS,  # discovers
                self.ids(ch.handles) if ch.handles else _NO_IDS, tuple(ch.raises),  # handles, raises
                ch.once, templated, ch.id, ch.text,  # once, templated, id, text
            ))
        autos = tuple(self.auto(a, path + ("auto", i), f"{sid}/auto/{i}") for i, a in enumerate(st.auto)) \
            if st.auto else ()
        if st.end is not None and (st.choices or st.auto or st.negotiation):
            self.error("NS111", path + ("end",), "un état de fin ne peut pas avoir de choix ni de suite",
                       "retirez « end » ou retirez choices/auto/negotiation")
        if st.end is None and not st.choices and not st.auto and st.negotiation is None:
            self.error("NS105", path, f"l'état « {sid} » n'a ni choix ni fin : l'apprenant serait bloqué",
                       "ajoutez des choix, une transition auto, ou « end: » pour en faire une fin", key=True)
        if st.negotiation is not None:
            if self.spec.price is None:
                self.error("NS112", path + ("negotiation",), "état de négociation sans bloc « price »",
                           "déclarez le bloc price en haut du scénario")
            self.state_ref(st.negotiation.accept, path + ("negotiation", "accept"))
            self.state_ref(st.negotiation.walkaway, path + ("negotiation", "walkaway"))
        return make_state(  # CompiledState's fields, in order
            sid, st, self.lines(st.say, path + ("say",)), tuple(choices), autos,  # id, spec, say, choices, auto
            {c.id: c for c in choices}, st.phase, st.speaker,  # by_id, phase, speaker
            st.end.outcome if st.end is not None else None, st.end is not None, voices)  # outcome, is_end, voices

