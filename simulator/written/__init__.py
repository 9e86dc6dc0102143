"""Written work around an interview (issue 18): the preparation sheet before it, the CRM note and the
follow-up email after it, the learner's self-assessment and the jury's questions at the oral.

Textual-free core. ``model`` holds what the learner writes (plain dataclasses, journaled as ``work``
records, ``records``); the checks and grading live in their own modules beside it.
"""
