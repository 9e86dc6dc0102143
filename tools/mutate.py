"""Mutation testing of one core module at a time, with mutmut 3 (``pip install -e '.[mutation]'``).

Usage::

    python tools/mutate.py simulator/engine/price.py                       # the tests listed below for it
    python tools/mutate.py simulator/exam/seal.py --tests tests/test_seal.py tests/test_seal_properties.py
    python tools/mutate.py simulator/engine/price.py --survivors            # after adding tests: rerun the survivors
    python tools/mutate.py simulator/engine/price.py --report               # print the last run's results
    python tools/mutate.py simulator/engine/session.py --changed            # after editing the module: rerun the
                                                                            # mutants of the functions changed

For each module it prints the mutants made, killed, survived (with the diff of each survivor), the ones no
selected test reaches, and the mutation score: killed / (all - listed equivalents). Exit status 1 when a
module scores under ``--target`` (85 % by default).

Why a copy: mutmut reads its settings from the ``pyproject.toml`` of the directory it runs in and keeps its
mutants and results in ``mutants/`` there. Each module gets its own work directory
``build/mutation/<module>/`` - a copy of the project files (mtimes kept) whose ``pyproject.toml`` has the
shared ``[tool.mutmut]`` settings plus this module and its tests - so runs never touch the work tree, two
modules can be run side by side, and ``--survivors`` can reuse a run's results after tests were added.

Equivalent mutants (a change no test can see, e.g. a bound compared with ``<`` or ``<=`` where both sides
can never be equal) are listed in ``tools/mutants_equivalent.toml`` with the line the mutant writes and why;
an entry whose line no longer matches its mutant is reported as stale rather than trusted.

Not run in CI: a module takes minutes on two cores. Run one module at a time (CPU is shared).
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "mutation"
EQUIVALENTS = ROOT / "tools" / "mutants_equivalent.toml"

# the jury reading's properties over the bundled scenarios: a minute and more per surviving mutant (the examples
# of the same files cover the path judgement)
JURY_READING_PROPERTIES = (
    *(f"--deselect=tests/test_judgement.py::{name}" for name in (
        "test_a_fault_never_raises_a_mark", "test_a_complete_technique_never_scores_below_its_parts_alone",
        "test_a_strong_interview_is_not_a_perfect_one", "test_a_competency_partly_shown_is_not_called_not_acquired",
        "test_a_fault_caps_the_competency_it_was_committed_in")),
    *(f"--deselect=tests/test_jury_reading_rules.py::{name}" for name in (
        "test_the_needs_left_only_lower_the_criteria_they_name", "test_an_interview_led_keeps_the_jurys_floor")),
)

# The tests that cover each core module (``--tests`` overrides). Keep them to the files that exercise the
# module directly: mutmut runs, for each mutant, only the tests that reached the mutated function.
DEFAULT_TESTS: dict[str, list[str]] = {
    "simulator/engine/session.py": ["tests/test_engine.py", "tests/test_engine_properties.py", "tests/test_price.py",
                                    "tests/test_implausible_price.py", "tests/test_mutants_session.py",
                                    "tests/test_contre_figure.py", "tests/test_counterpart_repeated.py",
                                    "tests/test_perf_engine_routes.py",
                                    # which line is a turn's arrival line (ArrivalLine)
                                    "tests/test_carried_offer_arrival.py::test_the_line_of_the_state_a_move_lands_in_is_its_arrival_line",
                                    "tests/test_carried_offer_arrival.py::test_through_automatic_transitions_only_the_last_state_s_line_is_the_arrival_line",
                                    # the menu's order (Session.in_shown_order) against its SHA-256 definition
                                    "tests/test_perf_simulate.py::test_the_menu_order_is_the_sha256_definition"],
    "simulator/content/balance.py": ["tests/test_perf_load.py"],
    "simulator/engine/price.py": ["tests/test_price.py", "tests/test_implausible_price.py", "tests/test_mutants_price.py"],
    "simulator/engine/machine.py": ["tests/test_engine.py", "tests/test_engine_properties.py", "tests/test_mutants_session.py",
                                    "tests/test_perf_engine_routes.py", "tests/test_mutants_machine.py"],
    # (not the properties over bundled scenarios, nor the bundled playtests: a minute and more per surviving mutant;
    # test_judgement.py's examples cover the path judgement, its properties walk the bundled scenarios)
    "simulator/scoring/scorer.py": ["tests/test_scoring.py", "tests/test_scoring_objective.py",
                                    "tests/test_mutants_scorer.py", "tests/test_mutants_scorer_memo.py",
                                    "tests/test_mutants_scorer_debrief.py", "tests/test_mutants_scorer_evidence.py",
                                    "tests/test_mutants_scorer_marks.py", "tests/test_mutants_scorer_markonly.py",
                                    "tests/test_mutants_scorer_ethics_memo.py", "tests/test_mutants_scorer_memo_marks.py",
                                    "tests/test_judgement.py", "tests/test_perf_scoring_graph.py",
                                    "tests/test_jury_reading_rules.py",
                                    # a turn's note marks its arrival line (_note)
                                    "tests/test_carried_offer_arrival.py::"
                                    "test_the_html_report_leaves_out_the_question_a_carried_figure_answered",
                                    # the written criteria beside the interview's (_written_results, _assemble)
                                    "tests/test_written_grading.py",
                                    "tests/test_perf_scoring_memo.py::"
                                    "test_the_turn_counter_is_part_of_the_situation_only_when_something_reads_it",
                                    "--deselect=tests/test_scoring.py::test_bundled_playtests_expert_paths_beat_the_others",
                                    *JURY_READING_PROPERTIES],
    # the jury's reading across turns: its examples, and the scorer's tests that reach it through a debrief
    "simulator/scoring/judgement.py": ["tests/test_judgement.py", "tests/test_jury_reading_rules.py",
                                       "tests/test_scoring.py", "tests/test_mutants_scorer.py",
                                       "tests/test_mutants_scorer_debrief.py", "tests/test_mutants_scorer_evidence.py",
                                       "tests/test_calibration_agreement.py", "tests/test_mutants_judgement.py",
                                       *JURY_READING_PROPERTIES],
    "simulator/content/expressions.py": ["tests/test_expressions.py", "tests/test_mutants_expressions.py"],
    # (of test_perf_cohort.py only its fastest test: the others build cohorts of exams, 10 s per surviving mutant)
    "simulator/exam/sealed_grade.py": ["tests/test_mutants_sealed_grade.py", "tests/test_cohort.py",
                                       "tests/test_perf_cohort.py::"
                                       "test_a_grade_from_other_code_or_an_unsigned_record_is_not_trusted"],
    "simulator/exam/flow.py": ["tests/test_mutants_flow.py", "tests/test_exam_flow.py", "tests/test_exam_writing.py",
                               "tests/test_exam_no_resume.py"],
    "simulator/exam/verify.py": ["tests/test_seal.py", "tests/test_seal_properties.py", "tests/test_verify_messages.py",
                                 "tests/test_exam_malformed.py", "tests/test_mutants_verify.py",
                                 "tests/test_verify_english.py",
                                 "tests/test_perf_cohort.py::test_a_valid_record_checks_two_signatures_not_one_per_line"],
    # (what load_exam reads, line by line, in test_mutants_record.py; the jury report and hostile records besides)
    "simulator/exam/record.py": ["tests/test_mutants_record.py", "tests/test_exam_report.py", "tests/test_exam_malformed.py",
                                 "tests/test_hostile_reports.py", "tests/test_verify_english.py"],
    # (not test_cohort.py: its 200 generated records cost 6 s per mutant; test_mutants_cohort.py reads small ones)
    "simulator/exam/cohort.py": ["tests/test_mutants_cohort.py", "tests/test_mutants_cohort_words.py",
                                 "tests/test_mutants_cohort_rows.py", "tests/test_cohort_practice.py",
                                 "tests/test_cohort_lang.py"],
    "simulator/exam/report.py": ["tests/test_mutants_report.py", "tests/test_mutants_report_markdown.py",
                                 "tests/test_exam_report.py",
                                 "tests/test_exam_writing.py::"
                                 "test_the_jury_report_prints_the_written_work_and_a_place_to_grade_each_answer"],
    "simulator/exam/mac.py": ["tests/test_mac_properties.py", "tests/test_verify_english.py"],
    # (the annotation tests of these files; test_mutants_annotate.py for what they left alive)
    "simulator/exam/annotate.py": ["tests/test_seal.py", "tests/test_verify_english.py", "tests/test_mac_properties.py",
                                   "tests/test_mutants_annotate.py"],
    "simulator/exam/seal.py": ["tests/test_seal.py", "tests/test_seal_properties.py", "tests/test_mutants_verify.py"],
    "simulator/exam/keys.py": ["tests/test_seal.py", "tests/test_cli_english_keys.py", "tests/test_mutants_keys.py"],
    # mutexam1: the small exam modules, each on its own fast tests (test_exam_flow.py drives the countdown)
    "simulator/exam/clock.py": ["tests/test_mutants_clock.py", "tests/test_exam_flow.py"],
    "simulator/exam/reason.py": ["tests/test_mutants_reason.py", "tests/test_verify_english.py"],
    "simulator/exam/graded.py": ["tests/test_mutants_graded.py"],
    "simulator/exam/progress_chart.py": ["tests/test_mutants_progress_chart.py", "tests/test_cohort_practice.py"],
    # (not test_crash.py: it kills real processes, 80 s a run)
    "simulator/store/journal.py": ["tests/test_journal.py", "tests/test_store_journal_damage.py",
                                   "tests/test_store_journal_fuzz.py", "tests/test_store_resume.py",
                                   "tests/test_mutants_journal.py"],
}

# What mutmut's exit codes mean for the score (its own table: mutmut.stats.status_by_exit_code).
KILLED = {1, 3, 24, -24, 36, 152, 255, 37}  # failed test, internal pytest error, timeouts, type check
SURVIVED = {0}
NO_TESTS = {5, 33}


@dataclass
class Outcome:
    """One module's results, read back from mutmut's ``.meta`` file."""

    module: str
    killed: list[str] = field(default_factory=list)
    survived: list[str] = field(default_factory=list)
    no_tests: list[str] = field(default_factory=list)
    other: dict[str, str] = field(default_factory=dict)  # suspicious, segfault: name -> code
    pending: list[str] = field(default_factory=list)  # not run yet (a run stopped early): left out of the score
    equivalent: dict[str, str] = field(default_factory=dict)  # name -> why

    @property
    def total(self) -> int:
        return len(self.killed) + len(self.survived) + len(self.no_tests) + len(self.other)

    @property
    def score(self) -> float:
        counted = self.total - len(self.equivalent)  # (pending ones are not in total)
        return len(self.killed) / counted if counted else 1.0


def slug(module: str) -> str:
    return module.removesuffix(".py").replace("/", ".")


def project_files() -> list[Path]:
    """The files git knows or would add (tracked, plus untracked not ignored): what a clone would hold."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                         capture_output=True, check=True).stdout.decode()
    return [Path(p) for p in out.split("\0") if p and (ROOT / p).is_file()]


def toml_value(value: object) -> str:
    """The few TOML values our settings use; JSON's string escapes are valid TOML basic strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"unsupported setting value {value!r}")


def without_table(text: str, header: str) -> str:
    """``text`` minus the TOML table ``header`` (up to the next table)."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.strip().startswith("["):
            skipping = line.strip() == header
        if not skipping:
            out.append(line)
    return "".join(out)


def prepare(module: str, tests: list[str], keep: bool) -> Path:
    """Copy the project into the module's work directory with this run's ``[tool.mutmut]`` settings."""
    work = WORK / slug(module)
    if not keep and work.exists():
        shutil.rmtree(work)
    for rel in project_files():
        target = work / rel
        if target.exists() and target.stat().st_mtime == (ROOT / rel).stat().st_mtime:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    settings = dict(tomllib.loads(text).get("tool", {}).get("mutmut", {}))
    settings["only_mutate"] = [module]
    # in one process: mutmut records which tests reach which function in its own process, and pytest-xdist
    # (the project's addopts say -n auto) would run them in workers it cannot see
    settings["pytest_add_cli_args"] = [*settings.get("pytest_add_cli_args", []), "-n", "0"]
    settings["pytest_add_cli_args_test_selection"] = tests
    table = "\n[tool.mutmut]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in settings.items())
    (work / "pyproject.toml").write_text(without_table(text, "[tool.mutmut]").rstrip() + "\n" + table, "utf-8")
    return work


def mutmut(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # tests/conftest.py's "mutation" Hypothesis profile: no shrinking of a mutant's failure (seed: pyproject)
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"NEGOSIM_MUTATION": "1"}
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=work, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def read_outcome(work: Path, module: str) -> Outcome:
    meta = work / "mutants" / (module + ".meta")
    if not meta.exists():
        raise SystemExit(f"{module}: mutmut left no results ({meta} missing); see its output above")
    codes: dict[str, int | None] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    outcome = Outcome(module)
    for name, code in sorted(codes.items()):
        if code in KILLED:
            outcome.killed.append(name)
        elif code in SURVIVED:
            outcome.survived.append(name)
        elif code in NO_TESTS:
            outcome.no_tests.append(name)
        elif code is None:
            outcome.pending.append(name)
        else:
            outcome.other[name] = str(code)
    return outcome


def function_sources(mutated_file: Path) -> dict[str, str]:
    """Every function of mutmut's mutated copy of a module (originals and mutants), by name."""
    text = mutated_file.read_text("utf-8")
    lines = text.splitlines()
    return {node.name: "\n".join(lines[node.lineno - 1:node.end_lineno])
            for node in ast.walk(ast.parse(text)) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


def diffs_of(work: Path, module: str, names: list[str]) -> dict[str, str]:
    """The change each mutant makes, as a unified diff of its function (what ``mutmut show`` prints, but
    read from the mutated copy in one pass instead of one process per mutant)."""
    sources = function_sources(work / "mutants" / module)
    out = {}
    for name in names:
        function = name.rsplit(".", 1)[-1]
        base = function.rsplit("__mutmut_", 1)[0]  # x_name, or xǁClassǁname for a method
        real = base.split("ǁ")[-1] if "ǁ" in base else base.removeprefix("x_")
        original = sources.get(base + "__mutmut_orig", "").replace(base + "__mutmut_orig", real, 1)
        mutant = sources.get(function, "").replace(function, real, 1)
        lines = difflib.unified_diff(original.splitlines(), mutant.splitlines(), n=1, lineterm="")
        out[name] = "\n".join(line for line in lines if not line.startswith(("---", "+++")))
    return out


def function_texts(source: str) -> dict[str, str]:
    """Each function of a module's source by mutmut's name for it (``x_name``, ``xǁClassǁname`` for a method),
    nested functions inside their own: what a mutant's verdict depends on besides the functions it calls."""
    lines = source.splitlines()

    def text(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
        start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        return "\n".join(lines[start - 1:node.end_lineno])

    out = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            out[f"x_{node.name}"] = text(node)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    out[f"xǁ{node.name}ǁ{item.name}"] = text(item)
    return out


def function_of(name: str) -> str:
    """``simulator.engine.session.xǁSessionǁoffered__mutmut_3`` -> ``xǁSessionǁoffered``."""
    return name.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[-1]


def changed_functions(old: str, new: str) -> set[str]:
    """The functions of ``new`` whose text differs from ``old``'s (or that ``old`` lacks)."""
    before = function_texts(old)
    return {name for name, text in function_texts(new).items() if before.get(name) != text}


def mutated_lines(diff: str) -> list[str]:
    return [line[1:].strip() for line in diff.splitlines() if line.startswith("+")]


def load_equivalents() -> dict[str, dict[str, str]]:
    if not EQUIVALENTS.exists():
        return {}
    return tomllib.loads(EQUIVALENTS.read_text("utf-8")).get("mutant", {})


def apply_equivalents(outcome: Outcome, diffs: dict[str, str]) -> list[str]:
    """Mark listed survivors as equivalent; return the warnings about stale entries for this module."""
    warnings = []
    prefix = slug(outcome.module) + "."
    for name, entry in load_equivalents().items():
        if not name.startswith(prefix):
            continue
        if name not in outcome.survived and name not in outcome.no_tests:
            warnings.append(f"listed as equivalent but {'killed' if name in outcome.killed else 'absent'}: {name}")
            continue
        diff = diffs.get(name, "")
        if entry.get("line", "").strip() not in mutated_lines(diff):
            warnings.append(f"stale equivalent entry (its mutant now writes something else): {name}")
            continue
        outcome.equivalent[name] = entry.get("why", "")
    return warnings


def run_module(module: str, tests: list[str], max_children: int, mode: str, quiet: bool) -> Outcome:
    """Run mutmut on ``module`` (mode ``all``), on the last run's survivors only (``survivors``), or not at
    all (``report``: print the last run's results again)."""
    work = WORK / slug(module)
    meta = work / "mutants" / (module + ".meta")
    before: dict[str, int | None] = {}
    if mode != "all":
        if not meta.exists():
            raise SystemExit(f"{module}: no previous run; run it without --survivors / --report first")
        before = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    if mode == "survivors" and (work / module).read_text("utf-8") != (ROOT / module).read_text("utf-8"):
        raise SystemExit(f"{module}: changed since the last run (its mutants are renumbered): run it without --survivors "
                         "(or with --changed)")
    if mode == "changed":
        return run_changed(module, tests, max_children, quiet, before)
    # (and the ones a stopped run left untested: their verdicts are what it still owes)
    previous = [name for name, code in before.items() if code in SURVIVED | NO_TESTS or code is None]
    if mode == "survivors":  # a survivor listed as equivalent would survive again, at the cost of every test
        listed = load_equivalents()
        previous = [name for name in previous if not (name in listed and before[name] in SURVIVED)]
    if mode == "all" or (mode == "survivors" and previous):
        work = prepare(module, tests, keep=mode == "survivors")
        print(f"== {module}: mutmut on {' '.join(tests)} (work dir {work.relative_to(ROOT)})", flush=True)
        # A '*' makes mutmut match the name instead of looking its tests up (a mutant no test reached before
        # has no entry); it matches only that mutant.
        run_mutants(work, module, max_children, quiet, [name.replace("__mutmut_", "__mutmut*_") for name in previous])
        if mode == "survivors":
            keep_verdicts(meta, before, set(previous))
    return reported(work, module)


def run_mutants(work: Path, module: str, max_children: int, quiet: bool, patterns: list[str]) -> bool:
    """mutmut on the mutants ``patterns`` name (all of them when none), its output shown as asked; whether it ran."""
    done = mutmut(work, "run", "--max-children", str(max_children), *patterns)
    if not quiet or done.returncode != 0:
        print(done.stdout[-4000:] if quiet else done.stdout)
    if done.returncode != 0:
        print(f"{module}: mutmut exited with {done.returncode} (clean tests failing, or a bad test list?)")
    return done.returncode == 0


def reported(work: Path, module: str) -> Outcome:
    """The work dir's verdicts, with the listed equivalents applied, printed."""
    outcome = read_outcome(work, module)
    diffs = diffs_of(work, module, outcome.survived + outcome.no_tests)
    warnings = apply_equivalents(outcome, diffs)
    report(outcome, diffs, warnings)
    return outcome


def run_changed(module: str, tests: list[str], max_children: int, quiet: bool,
                before: dict[str, int | None]) -> Outcome:
    """After an edit of the module: the mutants of the functions whose text changed (or that are new) are made
    and run again, with the tests listed now; the others keep the last run's verdicts (same function, same
    mutants; tests only added). A verdict may still hang on a changed function the unchanged one calls: run
    the module whole before quoting a figure as the module's own."""
    work = WORK / slug(module)
    last = (work / module).read_text("utf-8")
    changed = changed_functions(last, (ROOT / module).read_text("utf-8"))
    print(f"== {module}: functions changed since the last run: {', '.join(sorted(changed)) or 'none'}", flush=True)
    work = prepare(module, tests, keep=True)
    os.utime(work / module)  # newer than mutmut's mutated copy, so that mutmut makes the mutants again
    meta = work / "mutants" / (module + ".meta")
    if changed:
        # mutmut's map of which tests reach which function predates the edit: a new function has no entry (its
        # mutants would all be "not reached") and a changed one may be reached by other tests now; without its
        # stats file mutmut builds the map again
        (work / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
        if not run_mutants(work, module, max_children, quiet,
                           [f"{slug(module)}.{name}__mutmut_*" for name in sorted(changed)]):
            # the work copy goes back to the last run's text: the next --changed sees the same edit again
            (work / module).write_text(last, "utf-8")
            raise SystemExit(f"{module}: nothing was measured; fix what failed, then run --changed again")
        codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        kept = {name: code for name, code in before.items() if function_of(name) not in changed}
        keep_verdicts(meta, kept, {name for name in codes if function_of(name) in changed})
    return reported(work, module)


def keep_verdicts(meta: Path, before: dict[str, int | None], rerun: set[str]) -> None:
    """mutmut forgets every verdict when the test list changes; a mutant not run again keeps its previous one
    (same module, tests only added): a kill stays a kill, a survivor listed as equivalent stays a survivor."""
    data = json.loads(meta.read_text("utf-8"))
    codes = data["exit_code_by_key"]
    for name, code in before.items():
        if name not in rerun and code is not None and codes.get(name, 0) is None:
            codes[name] = code
    meta.write_text(json.dumps(data, indent=4), "utf-8")


def report(outcome: Outcome, diffs: dict[str, str], warnings: list[str]) -> None:
    for name in outcome.survived + outcome.no_tests:
        if name in outcome.equivalent:
            continue
        tag = "survived" if name in outcome.survived else "no test reaches it"
        print(f"\n--- {name} ({tag})\n{diffs[name]}")
    for name, code in outcome.other.items():
        print(f"--- {name}: mutmut status {code} (not counted as killed)")
    for warning in warnings:
        print(f"!!! {warning}")
    print(f"\n{outcome.module}: {outcome.total} mutants, {len(outcome.killed)} killed, "
          f"{len(outcome.survived)} survived, {len(outcome.no_tests)} not reached, "
          f"{len(outcome.equivalent)} equivalent (listed); score {outcome.score:.1%}"
          + (f" - PARTIAL: {len(outcome.pending)} not run yet" if outcome.pending else "") + "\n", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="+", metavar="MODULE", help="e.g. simulator/engine/price.py")
    parser.add_argument("--tests", nargs="+", help="the test files to run (default: the module's list in this script); "
                        "pytest options may be given as one word each, e.g. --deselect=tests/test_x.py::test_slow")
    parser.add_argument("--max-children", type=int, default=2, help="parallel test processes (default 2)")
    parser.add_argument("--survivors", action="store_const", const="survivors", dest="mode", default="all",
                        help="after adding tests: rerun only the previous run's survivors, unreached mutants and the ones "
                             "a stopped run left untested, with the tests given now; its kills are kept (the module "
                             "must be unchanged)")
    parser.add_argument("--changed", action="store_const", const="changed", dest="mode",
                        help="after editing the module: rerun the mutants of the functions changed since the last run "
                             "(and new ones); the others keep their verdicts")
    parser.add_argument("--report", action="store_const", const="report", dest="mode",
                        help="run nothing: print the previous run's results again")
    parser.add_argument("--target", type=float, default=0.85, help="score under which the exit status is 1")
    parser.add_argument("--quiet", action="store_true", help="only the tail of mutmut's own output")
    args = parser.parse_args(argv)

    outcomes = []
    for module in args.modules:
        module = module.removeprefix("./")
        if not (ROOT / module).is_file():
            parser.error(f"{module}: no such file (give a path such as simulator/engine/price.py)")
        tests = args.tests or DEFAULT_TESTS.get(module)
        if not tests:
            parser.error(f"{module}: say which tests cover it with --tests tests/test_x.py ...")
        missing = [t for t in tests if not t.startswith("-") and not (ROOT / t.split("::")[0]).exists()]
        if missing:
            parser.error(f"{module}: no such test file: {', '.join(missing)}")
        outcomes.append(run_module(module, tests, args.max_children, args.mode, args.quiet))

    print("module".ljust(40), "mutants  killed  survived  no-test  equivalent  score")
    for o in outcomes:
        print(o.module.ljust(40), f"{o.total:7d} {len(o.killed):7d} {len(o.survived):9d} {len(o.no_tests):8d} "
              f"{len(o.equivalent):11d}  {o.score:.1%}")
    return 0 if all(o.score >= args.target for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
