"""The `roles` command's entry point (also `python -m roles_cli`): run the command line, and end
every run the same way, whatever happened to it.

`roles --version` is answered here, before the command line is built: it needs none of Typer,
Rich or PyYAML, and a version check should not pay for them.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys


def main() -> None:
    # A run lives for a fraction of a second and makes next to no reference cycles, so the cyclic
    # garbage collector would only walk the imported modules' objects over and over, and once more
    # at exit; freezing them first makes that last collection skip them. A quarter of the time of
    # `roles compare ds mle` went there (see benchmarks/).
    gc.disable()
    atexit.register(gc.freeze)
    if sys.stdout is None:  # started with stdout closed (`roles list >&-`)
        _fail("standard output is closed; there is nowhere to write the answer")
    for stream in (sys.stdout, sys.stderr):
        # A character the output's encoding cannot hold (CJK text on an ASCII terminal) is shown
        # as an escape rather than ending the run.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        run(sys.argv[1:])
    except _Terminated as stopped:
        # `kill`, or the terminal closed: stop quietly, as Ctrl-C does, once every `finally` on the
        # way has run (a half-written --save or cache file is removed, not left behind).
        _silence_stdout()
        sys.exit(128 + stopped.signum)
    except KeyboardInterrupt:
        # Ctrl-C outside a command (within one, Typer exits 130 without a word): say nothing
        # either, so that Ctrl-C always ends the same way; the terminal shows ^C.
        sys.exit(_code("INTERRUPTED"))
    except BrokenPipeError:
        # The reader went away (`roles list | head -1`): stop quietly, as the Python docs advise.
        _silence_stdout()
        sys.exit(_code("ERROR"))
    except OSError as error:  # stdout itself failed: a full disk, a closed descriptor
        _silence_stdout()
        _fail(f"could not write the answer: {error.strerror or error}")


def run(args: list[str]) -> None:
    if args in (["--version"], ["-V"]):
        from roles_cli import __version__

        print(f"roles {__version__}")
        sys.stdout.flush()  # here, where a failure is handled, not at exit
        return
    _stop_on_signals()
    from roles_cli.cli import app

    app(prog_name="roles")


class _Terminated(BaseException):
    """SIGTERM or SIGHUP, raised where the run is, so that it unwinds like Ctrl-C does."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop_on_signals() -> None:
    """SIGTERM and SIGHUP end the run by unwinding it, not on the spot: a file being written
    (--save, the cache) is then removed, not left behind as a hidden temporary file. A signal the
    run was started ignoring (nohup) stays ignored."""
    import signal

    def terminated(signum: int, frame: object) -> None:
        raise _Terminated(signum)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, terminated)


def _silence_stdout() -> None:
    """Point stdout at devnull, so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _fail(message: str) -> None:
    try:
        sys.stderr.write(f"error: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # stderr closed, full or absent: the code says it
        pass
    sys.exit(_code("ERROR"))


def _code(name: str) -> int:
    from roles_cli.status import ExitCode  # the exit codes live in one place

    return int(ExitCode[name])


if __name__ == "__main__":
    main()
