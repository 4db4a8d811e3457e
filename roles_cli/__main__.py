"""The `roles` command's entry point (also `python -m roles_cli`).

`roles --version` is answered here, before the command line is built: it needs none of Typer,
Rich or PyYAML, and a version check should not pay for them.
"""

from __future__ import annotations

import atexit
import gc
import sys


def main() -> None:
    # A run lives for a fraction of a second and makes next to no reference cycles, so the cyclic
    # garbage collector would only walk the imported modules' objects over and over, and once more
    # at exit; freezing them first makes that last collection skip them. A quarter of the time of
    # `roles compare ds mle` went there (see benchmarks/).
    gc.disable()
    atexit.register(gc.freeze)
    if sys.argv[1:] in (["--version"], ["-V"]):
        from roles_cli import __version__

        print(f"roles {__version__}")
        return
    try:
        from roles_cli.cli import main as run
    except KeyboardInterrupt:  # Ctrl-C while Typer is still being imported
        from roles_cli.errors import ExitCode

        sys.exit(ExitCode.INTERRUPTED)
    run()


if __name__ == "__main__":
    main()
