"""The errors shown to the user (``simulator/errors.py``), in English."""
# ruff: noqa: E501 - one sentence per line reads and diffs better than split strings

STRINGS: dict[str, str | tuple[str, str]] = {
    # -- titles of the error modal, by kind of error
    "err.title": "Something went wrong",
    "err.engine.title": "This move is not possible",
    "err.exam.title": "The exam cannot go on this way",
    "err.code": "code {code}",
    # -- the engine refuses a move
    "err.engine.ended": "the session is over",
    "err.engine.unknown_choice": "choice '{choice}' does not exist in state '{state}'",
    "err.engine.not_offered": "choice '{choice}' is not offered now",
    "err.engine.refused": "transition refused for '{choice}'",
    "err.engine.no_price": "prices are not proposed at this stage of the interview",
    "err.engine.price_positive": "a price must be a positive number",
    "err.engine.unknown_counterpart": "unknown counterpart '{counterpart}'",
    "err.engine.cents": "a price is given to the cent at most",
    "err.engine.loop": "a loop of automatic transitions from '{state}'",
    # -- the command line's own last words
    "err.cli.interrupted": "Interrupted.",
    "err.cli.storage": "negosim: {problem}. The sessions already saved are intact; free some space, check the permissions, or choose another folder with --data-dir.",
    "err.cli.unexpected": "negosim: unexpected error ({error}).",
    "err.cli.crash_log": "The details are in {path}; attach it to your report.",
    "err.engine.not_saved": "the turn could not be saved ({error}): nothing is lost, try again",
    # -- the scorer cannot read a session's turns
    "err.scoring.unknown_state": "turn {turn}: state \"{state}\" does not exist or already ends scenario \"{scenario}\" (a journal from another version?)",
}
