"""Learning records for a school's tools: negosim sessions as xAPI 1.0.3 statements sent to an LRS.

``vocabulary`` names the IRIs (ADL verbs, negosim's profile), ``statements`` builds the statements of
one journal, ``config`` reads where to send them (settings file, environment; never required),
``outbox`` keeps them in the data folder until the LRS has them, ``client`` speaks HTTP to the LRS.
Documented in docs/xapi.md.
"""
