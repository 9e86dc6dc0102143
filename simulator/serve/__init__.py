"""The classroom server behind ``negosim serve``: who may connect, from which page, and with whose data.

The rules (roster, Origin and cookie checks) and the page live here, free of any UI library; the server
built on textual-serve (one app process per browser tab) is the UI side, simulator/tui/serve.py.
Nothing in the core imports either.
"""
