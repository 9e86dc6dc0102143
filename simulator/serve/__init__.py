"""The classroom server behind ``negosim serve``: who may connect, from which page, and with whose data.

Built on textual-serve (one app process per browser tab). Nothing in the core imports this package.
"""
