"""Les messages propres des commandes (``negosim validate``, ``verify``, ``cohort``…) et de leurs erreurs, en français."""
# ruff: noqa: E501 - one sentence per line reads and diffs better than split strings

STRINGS: dict[str, str | tuple[str, str]] = {
    # -- records given to verify and cohort
    "cli.records.missing": "✗ {path} : introuvable",
    "cli.records.none": "aucun enregistrement (*.jsonl) trouvé",
    # -- negosim validate
    "cli.validate.none": "aucun fichier .yaml trouvé dans les chemins donnés",
    "cli.validate.not_played": "Test de jeu {test} non joué : corrigez d'abord les erreurs du scénario.",
    "cli.validate.played": "Test de jeu {test} joué : {paths}, {verdict} (--no-playtest pour l'ignorer).",
    "cli.validate.paths": ("{n} parcours", "{n} parcours"),
    "cli.validate.all_passed": "tous réussis",
    "cli.validate.gaps": ("{n} écart", "{n} écarts"),
    "cli.validate.ok": "OK",
    "cli.validate.failed": "ÉCHEC",
    "cli.validate.summary": "{status} : {files}{tests}, {errors}, {warnings}.",
    "cli.validate.files": ("{n} fichier", "{n} fichiers"),
    "cli.validate.tests": (", {n} test de jeu joué", ", {n} tests de jeu joués"),
    "cli.validate.errors": ("{n} erreur", "{n} erreurs"),
    "cli.validate.warnings": ("{n} avertissement", "{n} avertissements"),
    # -- negosim verify: the verdict on one record
    "cli.verify.line": "{mark} {record} : {verdict}",
    "cli.verify.invalid": ("INVALIDE ({n} problème)", "INVALIDE ({n} problèmes)"),
    "cli.verify.valid_signed": "valide — signé avec la clé de jury {key_id}",
    "cli.verify.valid_unsigned": "valide — non signé (empreinte SHA-256 : détecte une corruption accidentelle, pas une falsification)",
    "cli.verify.late_signed": "scellé après coup (signé avec la clé de jury {key_id}) : enregistrement intact jusqu'à l'interruption, ne vaut pas épreuve",
    "cli.verify.late_unsigned": "scellé après coup (non signé) : enregistrement intact jusqu'à l'interruption, ne vaut pas épreuve",
    "cli.verify.unverifiable": "chaîne intacte, signature non vérifiable — signé avec la clé {key_id}, aucune clé publique de jury disponible",
    "cli.verify.unverifiable_late": "chaîne intacte, signature non vérifiable — signé avec la clé {key_id}, aucune clé publique de jury disponible ; scellé après coup",
    "cli.verify.invalid_because": "invalide — {reasons}",
    "cli.verify.unsigned": "scellé sans clé de jury (non signé) : signature exigée",
    "cli.verify.annotations": "    annotations du jury : {count} ({signed})",
    "cli.verify.signed": ("{n} signée", "{n} signées"),
    # -- negosim cohort
    "cli.cohort.bad_day": "« {value} » : une date AAAA-MM-JJ est attendue (ex. 2026-09-01)",
    "cli.cohort.csv_written": "CSV écrit : {path}",
    "cli.cohort.html_written": "HTML écrit : {path}",
    "cli.cohort.no_lrs": "--lrs : aucun LRS configuré (NEGOSIM_LRS_ENDPOINT, ou « xapi » dans settings.json)",
    "cli.cohort.lrs_failed": "--lrs : {error}",
    "cli.cohort.lrs_group": ", groupe « {group} »",
    # -- negosim report
    "cli.report.unreadable": "journal illisible : {error}",
    "cli.report.content": "le scénario ou la grille ne se charge pas :",
    "cli.report.scoring": "impossible de noter cette session : {error}",
    "cli.report.write": "impossible d'écrire « {path} » : {error}",
    "cli.report.written": "Rapport écrit : {path}",
    # -- negosim index rebuild
    "cli.index.failed": "index non reconstruit ({error}) : les journaux sont intacts dans {folder}",
    "cli.index.rebuilt": "Index reconstruit ({path}) : {summary}.",
    "cli.index.unreadable": "  illisible : {problem}",
    # -- negosim graph and import
    "cli.write_failed": "negosim {command} : impossible d'écrire {path} ({error}).",
    "cli.graph.has_errors": "La carte n'est dessinée que pour un scénario sans erreur : corrigez-les puis relancez.",
    "cli.graph.written": ("Carte écrite dans {path} ({fmt}, {n} état).", "Carte écrite dans {path} ({fmt}, {n} états)."),
    # -- negosim play
    "cli.play.storage": "impossible d'enregistrer la session{where} : {error}. Rien n'a été perdu ; choisissez un autre dossier avec --data-dir si besoin.",
}
