"""The learner's terminal UI (Textual). The core packages never import this one."""
