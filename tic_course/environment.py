"""Make the virtual environment's own commands findable, activated or not.

nbgrader starts ``alembic`` (to create or upgrade a gradebook) and ``jupyter`` kernels as
commands found on PATH. Our tools run as ``.venv/bin/tic-course`` without activating the
environment, so the interpreter's own ``bin`` folder must come first on PATH.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def own_bin() -> str:
    return str(Path(sys.executable).parent)


def tool_env() -> dict[str, str]:
    """A copy of the environment for subprocesses, with this interpreter's bin first on PATH."""
    env = dict(os.environ)
    parts = [p for p in env.get("PATH", "").split(os.pathsep) if p and p != own_bin()]
    env["PATH"] = os.pathsep.join([own_bin(), *parts])
    return env


def ensure_own_bin_on_path() -> None:
    """Put this interpreter's bin first on this process's PATH (idempotent)."""
    os.environ["PATH"] = tool_env()["PATH"]
