"""Les erreurs que l'on montre à l'utilisateur (``simulator/errors.py``), en français."""
# ruff: noqa: E501 - one sentence per line reads and diffs better than split strings

STRINGS: dict[str, str | tuple[str, str]] = {
    # -- titles of the error modal, by kind of error
    "err.title": "Un problème est survenu",
    "err.engine.title": "Ce coup n'est pas possible",
    "err.exam.title": "L'épreuve ne peut pas continuer ainsi",
    "err.code": "code {code}",
    # -- the engine refuses a move
    "err.engine.ended": "la session est terminée",
    "err.engine.unknown_choice": "le choix « {choice} » n'existe pas dans l'état « {state} »",
    "err.engine.not_offered": "le choix « {choice} » n'est pas proposé maintenant",
    "err.engine.refused": "transition refusée pour « {choice} »",
    "err.engine.no_price": "on ne propose pas de prix à ce stade de l'entretien",
    "err.engine.price_positive": "un prix doit être un nombre positif",
    "err.engine.unknown_counterpart": "contrepartie inconnue « {counterpart} »",
    "err.engine.cents": "un prix se donne au centime près",
    "err.engine.loop": "boucle de transitions automatiques depuis « {state} »",
    # -- the command line's own last words
    "err.cli.interrupted": "Interrompu.",
    "err.cli.storage": "negosim : {problem}. Les sessions déjà enregistrées sont intactes ; libérez de la place, vérifiez les droits, ou choisissez un autre dossier avec --data-dir.",
    "err.cli.unexpected": "negosim : erreur inattendue ({error}).",
    "err.cli.crash_log": "Le détail est dans {path} ; joignez-le à votre signalement.",
    "err.engine.not_saved": "impossible d'enregistrer le tour ({error}) : rien n'est perdu, réessayez",
    # -- the scorer cannot read a session's turns
    "err.scoring.unknown_state": "tour {turn} : l'état « {state} » n'existe pas ou termine déjà le scénario « {scenario} » (journal d'une autre version ?)",
}
