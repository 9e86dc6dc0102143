"""Mock oral exams: timed sessions, sealed records, jury annotations, jury reports and cohort reports.

Nothing here imports a UI: the plain player and the terminal app drive :class:`ExamRun` (flow.py) and
render what it exposes. Time comes from an injected clock, so every timing rule is testable without sleeping.
"""
