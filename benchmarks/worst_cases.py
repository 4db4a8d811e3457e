"""The worst inputs found for `roles`, each run once as a process: its time, its peak memory, and what
it answered. The rule they are held to: any input file up to 10 MB, and any argument, gives its
answer within a few seconds and well under 1 GB, or stops early with a clear message.

    python benchmarks/worst_cases.py                    # every case
    python benchmarks/worst_cases.py overlap fit        # the cases whose name contains a word given
    python benchmarks/worst_cases.py --source OTHER     # the code of another checkout, to compare

The inputs are generated in a temporary directory (some are 10 MB), except the O*NET file of the
tests. Each process runs with its address space bounded (--memory, 4 GiB by default) and is
stopped after --timeout seconds, so that a case that would take all the memory or all day shows
as "MemoryError" or "timeout" rather than take the machine down. Peak memory is the child's
maximum resident set size (resource.getrusage, through os.wait4); time is wall-clock, so run it on
a quiet machine and read the figures as orders of magnitude. Nothing here is a test: the test suite
checks what the bounds do, never how fast.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ONET = ROOT / "tests" / "fixtures" / "onet" / "onet-roles.yaml"
sys.path.insert(0, str(HERE))

from generate import synthetic  # noqa: E402  (this folder, not a package)

MB = 1_000_000


class Case(NamedTuple):
    name: str
    what: str
    args: Callable[[Path], list[str]]
    """The command's arguments, given the folder the inputs are written to."""
    env: dict[str, str] = {}
    stdin: str | None = None
    """A file name in that folder to give as standard input."""


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return str(path)


def roles_sharing(count: int) -> str:
    lines = ["version: 1", "dimensions: [skills]", "roles:"]
    lines += [f"  - {{id: r{n}, name: R{n}, summary: S, skills: [common]}}" for n in range(count)]
    return "\n".join(lines) + "\n"


def tiny_roles(count: int) -> str:
    lines = ["version: 1", "dimensions: [skills]", "roles:"]
    lines += [f"  - {{id: r{n}, name: R{n}, summary: S, skills: [k{n}]}}" for n in range(count)]
    return "\n".join(lines) + "\n"


def size_bomb(folder: Path) -> str:
    text = "x" * MB
    lines = ["version: 1", "dimensions: [skills]", "roles:", "  - id: r0", "    name: R0"]
    lines += [f"    summary: &b {text}", "    skills: [a]"]
    lines += [f"  - {{id: r{n}, name: R{n}, summary: *b, skills: [a]}}" for n in range(1, 2_000)]
    return write(folder, "size-bomb.yaml", "\n".join(lines) + "\n")


def big_summary(folder: Path) -> str:
    summary = "word " * 2_000_000
    text = f"version: 1\ndimensions: [skills]\nroles:\n  - id: a\n    name: A\n    summary: {summary}\n    skills: [x]\n"
    return write(folder, "big-summary.yaml", text)


def short_items(folder: Path) -> str:
    """10 MB of two- to five-letter items in one flow list: the most values a file can hold."""
    import itertools
    import string

    words = ("".join(t) for n in range(2, 6) for t in itertools.product(string.ascii_lowercase, repeat=n))
    items, size = [], 0
    for word in words:
        if size > 9_900_000:
            break
        items.append(word)
        size += len(word) + 1
    role = "  - id: a\n    name: A\n    summary: S\n    skills: [" + ",".join(items) + "]\n"
    return write(folder, "short-items.yaml", "version: 1\ndimensions: [skills]\nroles:\n" + role)


def sexagesimal(folder: Path) -> str:
    number = ":".join(["1"] * 1_000_000)
    text = f"version: 1\ndimensions: [skills]\nroles:\n  - id: a\n    name: A\n    summary: S\n    skills: [{{name: x, importance: {number}}}]\n"
    return write(folder, "sexagesimal.yaml", text)


def skills_file(folder: Path) -> str:
    return write(folder, "skills.txt", "".join(f"skill{n:07d}\n" for n in range(1_100_000)))


def long_text(folder: Path) -> str:
    ad = (ROOT / "examples" / "job-ad.txt").read_text(encoding="utf-8")
    return write(folder, "text.txt", (ad * (15 * MB // len(ad) + 1))[: 15 * MB])


def fifo(folder: Path) -> str:
    path = folder / "roles.fifo"
    if not path.exists():
        os.mkfifo(path)
    return str(path)


def onet_ids() -> list[str]:
    import yaml

    with ONET.open("rb") as file:
        return [
            role["id"]
            for role in yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["roles"]
        ]


CASES = [
    Case(
        "alias size bomb",
        "a 1 MB text under 2,000 aliases (1.1 MB file)",
        lambda d: ["list", "--data", size_bomb(d), "-f", "json"],
    ),
    Case(
        "alias billion laughs",
        "9 levels of 9 aliases",
        lambda d: ["list", "--data", str(ROOT / "tests" / "hostile" / "alias-bomb.yaml")],
    ),
    Case(
        "values: 10 MB of short items",
        "1.9 million items in one flow list",
        lambda d: ["list", "--data", short_items(d)],
    ),
    Case(
        "values: 160,000 tiny roles",
        "10 MB, a role a line",
        lambda d: ["list", "--data", write(d, "tiny.yaml", tiny_roles(160_000))],
    ),
    Case(
        "100,000 tiny roles: list",
        "6 MB",
        lambda d: ["list", "--data", write(d, "tiny100k.yaml", tiny_roles(100_000)), "-f", "csv"],
    ),
    Case(
        "100,000 tiny roles: similar",
        "every role explained, JSON",
        lambda d: ["similar", "r5", "--data", write(d, "tiny100k.yaml", tiny_roles(100_000)), "-f", "json"],
    ),
    Case(
        "number: 1:1:...:1",
        "a sexagesimal importance of a million parts",
        lambda d: ["list", "--data", sexagesimal(d)],
    ),
    Case(
        "overlap: 5,000 roles share one skill",
        "table",
        lambda d: ["overlap", "--data", write(d, "share5k.yaml", roles_sharing(5_000))],
    ),
    Case(
        "overlap: 10,000 roles share one skill",
        "JSON",
        lambda d: ["overlap", "--data", write(d, "share10k.yaml", roles_sharing(10_000)), "-f", "json"],
    ),
    Case(
        "overlap: 5,000 synthetic roles",
        "benchmarks/generate.py 5000 15, 9.5 MB",
        lambda d: ["overlap", "--data", write(d, "gen5k.yaml", synthetic(5_000, 15))],
    ),
    Case(
        "overlap: O*NET in JSON",
        "869 roles, every pair asked for",
        lambda d: ["overlap", "--data", str(ONET), "-f", "json"],
    ),
    Case("search e: O*NET", "40,000 matches in a table", lambda d: ["search", "e", "--data", str(ONET)]),
    Case("list: a 10 MB summary", "in a table", lambda d: ["list", "--data", big_summary(d)]),
    Case(
        "search o: a 10 MB summary",
        "2 million highlights in a table",
        lambda d: ["search", "o", "--data", big_summary(d)],
    ),
    Case("COLUMNS=99999999999", "list, bundled file", lambda d: ["list"], {"COLUMNS": "99999999999"}),
    Case(
        "compare: all of O*NET",
        "869 roles side by side",
        lambda d: ["compare", *onet_ids(), "--data", str(ONET), "-f", "json"],
    ),
    Case(
        "fit: 1.1 million skills",
        "--skills-file, O*NET technology",
        lambda d: ["fit", "--skills-file", skills_file(d), "--data", str(ONET), "-d", "technology"],
    ),
    Case("fit --text: 15 MB", "a job ad repeated", lambda d: ["fit", "--text", long_text(d)]),
    Case(
        "fit: stdin from /dev/zero",
        "--skills-file -",
        lambda d: ["fit", "--skills-file", "-"],
        stdin="/dev/zero",
    ),
    Case("--data on a FIFO", "nobody writes to it", lambda d: ["list", "--data", fifo(d)]),
]


class Outcome(NamedTuple):
    seconds: float
    peak_mb: float
    code: int | None
    said: str


def run(
    command: list[str], env: dict[str, str], stdin: str | None, memory: int, timeout: float, cwd: Path
) -> Outcome:
    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    start = time.perf_counter()
    with open(stdin or os.devnull, "rb") as source:
        process = subprocess.Popen(
            command,
            stdin=source,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            cwd=cwd,  # not this checkout: `python -m` looks in the working directory first
            preexec_fn=limited,
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        assert process.stderr is not None
        errors = process.stderr.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: tell Popen
        timer.cancel()
    seconds = time.perf_counter() - start
    lines = errors.strip().splitlines()
    if seconds >= timeout:
        said = "timeout"
    elif any("MemoryError" in line for line in lines):
        said = "MemoryError"
    elif any(line.startswith("Traceback") for line in lines):
        said = "traceback: " + (lines[-1] if lines else "")
    else:
        said = lines[0] if lines else ""
    return Outcome(
        seconds,
        usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / MB,
        process.returncode,
        said,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("only", nargs="*", help="run only the cases whose name contains one of these words")
    parser.add_argument("--source", type=Path, help="run roles_cli from this checkout (default: this one)")
    parser.add_argument("--memory", type=float, default=4.0, help="address space of each run, in GiB")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is stopped")
    parser.add_argument(
        "--keep", type=Path, help="write the inputs here and keep them (default: a temporary folder)"
    )
    options = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if k not in ("ROLES_DATA", "FORCE_COLOR", "COLUMNS")}
    env.update(NO_COLOR="1", ROLES_NO_CACHE="1", COLUMNS="100")
    source = (options.source or ROOT).resolve()
    env["PYTHONPATH"] = str(source) + os.pathsep + env.get("PYTHONPATH", "")
    command = [sys.executable, "-m", "roles_cli"]
    cases = [c for c in CASES if not options.only or any(word in c.name for word in options.only)]
    print(f"roles_cli from {source}; each run bounded to {options.memory:g} GiB and {options.timeout:g} s")
    print(f"{'case':40} {'time':>8} {'peak':>9} {'exit':>5}  answer")
    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for case in cases:
            args = case.args(folder)
            memory = int(options.memory * 2**30)
            outcome = run(command + args, {**env, **case.env}, case.stdin, memory, options.timeout, folder)
            said = outcome.said.replace(f"{folder}{os.sep}", "").replace(str(ROOT) + os.sep, "")
            said = said if len(said) <= 90 else said[:89] + "…"
            print(
                f"{case.name:40} {outcome.seconds:7.2f}s {outcome.peak_mb:7.0f}MB {outcome.code!s:>5}  {said or 'answered'}"
            )


if __name__ == "__main__":
    main()
