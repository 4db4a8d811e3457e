"""The environment every benchmark runs `roles` in: the way a user's installation runs it.

An installation from a wheel carries compiled bytecode, so a user's `roles` does not compile its
modules on every run. A checkout, or an environment with PYTHONDONTWRITEBYTECODE set, would compile
them from source on every run instead (tens of milliseconds), which no user pays: the bytecode is
compiled once here, and the variable is left out of what the timed processes see.
"""

from __future__ import annotations

import compileall
import importlib.util
import os
from pathlib import Path


def as_installed(**settings: str) -> dict[str, str]:
    """os.environ with `settings`, without the variables that would make `roles` run unlike an
    installed copy; the package's bytecode is compiled first."""
    spec = importlib.util.find_spec("roles_cli")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(Path(spec.origin).parent, quiet=1)
    env = {**os.environ, **settings}
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "ROLES_DATA", "ROLES_NO_CACHE"):
        env.pop(name, None)
    return env
