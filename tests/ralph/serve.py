"""Run Ralph's LRS API on the file-system backend, as ``ralph runserver -b fs`` does, minus its auto-reloader.

Run by Ralph's own interpreter (.ralph-venv), never imported by negosim. One change: Ralph 5.1's file-system
LRS backend writes its statements file with the operation type CREATE, so every POST after the first that
stores something fails ("already exists", HTTP 500); it is told to APPEND, as a log of statements should.
Usage: python serve.py HOST PORT (settings from RALPH_* variables, like runserver's env file).
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="warning")
