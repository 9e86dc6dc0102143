"""The commands' own messages (``negosim validate``, ``verify``, ``cohort``…) and their errors, in English."""
# ruff: noqa: E501 - one sentence per line reads and diffs better than split strings

STRINGS: dict[str, str | tuple[str, str]] = {
    # -- records given to verify and cohort
    "cli.records.missing": "✗ {path}: not found",
    "cli.records.none": "no record (*.jsonl) found",
    # -- negosim validate
    "cli.validate.none": "no .yaml file found in the paths given",
    "cli.validate.not_played": "Playtest {test} not played: fix the scenario's errors first.",
    "cli.validate.played": "Playtest {test} played: {paths}, {verdict} (--no-playtest to skip it).",
    "cli.validate.paths": ("{n} path", "{n} paths"),
    "cli.validate.all_passed": "all passed",
    "cli.validate.gaps": ("{n} mismatch", "{n} mismatches"),
    "cli.validate.ok": "OK",
    "cli.validate.failed": "FAILED",
    "cli.validate.summary": "{status}: {files}{tests}, {errors}, {warnings}.",
    "cli.validate.files": ("{n} file", "{n} files"),
    "cli.validate.tests": (", {n} playtest played", ", {n} playtests played"),
    "cli.validate.errors": ("{n} error", "{n} errors"),
    "cli.validate.warnings": ("{n} warning", "{n} warnings"),
    # -- negosim verify: the verdict on one record
    "cli.verify.line": "{mark} {record}: {verdict}",
    "cli.verify.invalid": ("INVALID ({n} problem)", "INVALID ({n} problems)"),
    "cli.verify.valid_signed": "valid — signed with jury key {key_id}",
    "cli.verify.valid_unsigned": "valid — unsigned (SHA-256 digest: detects accidental damage, not forgery)",
    "cli.verify.late_signed": "sealed after the fact (signed with jury key {key_id}): record intact up to the interruption, not valid as an exam",
    "cli.verify.late_unsigned": "sealed after the fact (unsigned): record intact up to the interruption, not valid as an exam",
    "cli.verify.unverifiable": "chain intact, signature not verifiable — signed with key {key_id}, no jury public key available",
    "cli.verify.unverifiable_late": "chain intact, signature not verifiable — signed with key {key_id}, no jury public key available; sealed after the fact",
    "cli.verify.invalid_because": "invalid — {reasons}",
    "cli.verify.unsigned": "sealed without a jury key (unsigned): a signature is required",
    "cli.verify.annotations": "    jury annotations: {count} ({signed})",
    "cli.verify.signed": ("{n} signed", "{n} signed"),
    # -- negosim cohort
    "cli.cohort.bad_day": "\"{value}\": a YYYY-MM-DD date is expected (e.g. 2026-09-01)",
    "cli.cohort.csv_written": "CSV written: {path}",
    "cli.cohort.html_written": "HTML written: {path}",
    "cli.cohort.no_lrs": "--lrs: no LRS configured (NEGOSIM_LRS_ENDPOINT, or \"xapi\" in settings.json)",
    "cli.cohort.lrs_failed": "--lrs: {error}",
    "cli.cohort.lrs_group": ", group \"{group}\"",
    # -- negosim report
    "cli.report.unreadable": "unreadable journal: {error}",
    "cli.report.content": "the scenario or the rubric does not load:",
    "cli.report.scoring": "this session cannot be graded: {error}",
    "cli.report.write": "cannot write \"{path}\": {error}",
    "cli.report.written": "Report written: {path}",
    # -- negosim index rebuild
    "cli.index.failed": "index not rebuilt ({error}): the journals are intact in {folder}",
    "cli.index.rebuilt": "Index rebuilt ({path}): {summary}.",
    "cli.index.unreadable": "  unreadable: {problem}",
    # -- negosim graph and import
    "cli.write_failed": "negosim {command}: cannot write {path} ({error}).",
    "cli.graph.has_errors": "The map is drawn only for a scenario without errors: fix them and run again.",
    "cli.graph.written": ("Map written to {path} ({fmt}, {n} state).", "Map written to {path} ({fmt}, {n} states)."),
    # -- negosim play
    "cli.play.storage": "the session cannot be saved{where}: {error}. Nothing was lost; choose another folder with --data-dir if need be.",
}
