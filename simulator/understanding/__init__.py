"""Free-text understanding (issue 14): what the learner types, read offline, deterministically, explainably.

- ``recognise.understand`` : dialogue acts (catalogue ids) with confidence, the cues that decided, amounts;
- ``matching.match_options`` : the offered option a line is closest to (acts + wording + ``examples:``);
- ``counterparts.find_counterpart`` : the counterpart a conditional concession asks for;
- ``explain.Reader`` / ``Reading`` : all of it for one scenario state, and its explanation;
- ``train`` : the training command (scikit-learn, not needed at run time); ``evaluate`` : the bars.

Nothing here is imported by the engine or at start-up: the players import it when free text is on."""
