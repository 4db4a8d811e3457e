"""How `roles` grows with its file: whole commands on synthetic files of N roles, with peak memory.

For each N (benchmarks/generate.py: 15 items a dimension from a shared, skewed vocabulary) the first
run (parse, check, write the cache) and the warm runs of everyday commands are timed as whole
processes, medians of --runs, each with its peak resident memory (from `resource`, measured in the
process itself). Then, for each command, the growth exponent: the slope of log(time) against
log(N) from the smallest N to the largest (1 = linear; a command that reads only the roles it names
should stay near 0). The floor (a Python process that imports Typer, Rich and PyYAML and nothing
else) is timed in the same loop, so that warm times can be read as ratios to it. The first `similar`
or `fit` on a file builds the indexes they rank by and keeps them (see README, Speed): with three or
more runs, the median is a run that reads them.

    python benchmarks/scale.py                      # N = 1,000 3,000 10,000
    python benchmarks/scale.py --sizes 1000 30000   # any sizes; 100,000 roles is about 190 MB
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from environment import as_installed  # noqa: E402

# Runs one command in this process, then writes its peak memory (KiB on Linux) to stderr's last line.
RUN = """
import resource, sys
sys.argv = ["roles", *sys.argv[1:]]
from roles_cli.__main__ import main
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
sys.stderr.write(f"\\nexit {code} peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
"""
FLOOR = "import resource, sys, typer, rich.table, yaml; " + (
    'sys.stderr.write(f"\\nexit 0 peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")'
)
WARM = {
    "show": ["show", "role-7"],
    "compare": ["compare", "role-7", "role-8"],
    "list json": ["list", "--format", "json"],
    "similar": ["similar", "role-7"],
    "fit": ["fit", "skill 3", "skill 4", "skill 9"],
    "search": ["search", "skill 77", "--format", "json"],
    "overlap": ["overlap", "--dimension", "skills"],
}


REFUSED: set[tuple[int, str]] = set()
"""(N, command) that stopped with a message (exit 2: too much work) instead of an answer."""


def timed(argv: list[str], env: dict[str, str], what: tuple[int, str] = (0, "")) -> tuple[float, float]:
    """Seconds and peak MB of one process; a refusal (exit 2) is noted in REFUSED."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    last = done.stderr.rsplit("\nexit ", 1)
    if done.returncode != 0 or len(last) != 2:
        raise SystemExit(f"{' '.join(argv[3:])} failed:\n{done.stderr}")
    code, peak = last[1].split(" peak ")
    if code.strip() not in ("0", "1", "None"):
        REFUSED.add(what)
        print(f"  {what[1]} at N = {what[0]:,}: {last[0].strip().splitlines()[-1]}")
    return seconds, int(peak) / 1024 if sys.platform != "darwin" else int(peak) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="warm runs of each command (default 3)")
    options = parser.parse_args()
    env = as_installed(NO_COLOR="1", COLUMNS="100", ROLES_MAX_SIZE="4096")
    names = ["first run", *WARM]
    rows: dict[int, dict[str, tuple[float, float]]] = {}
    floors: list[float] = []
    sizes: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        env["XDG_CACHE_HOME"] = str(Path(folder) / "cache")
        print(
            f"python {sys.version.split()[0]}; medians of {options.runs} warm runs; time, then peak memory\n"
        )
        print(f"{'N':>7} {'file':>8}  " + "  ".join(f"{name:>17}" for name in names))
        for n in options.sizes:
            path = Path(folder) / f"roles-{n}.yaml"
            # Made by another process: a child's peak memory (ru_maxrss) starts at what its parent
            # held when it was forked, and this one would otherwise have held the whole text.
            with path.open("wb") as file:
                subprocess.run(
                    [sys.executable, str(HERE / "generate.py"), str(n), "15"], stdout=file, check=True
                )
            sizes[n] = path.stat().st_size / 2**20
            base = [sys.executable, "-c", RUN]
            row = {"first run": timed([*base, "show", "role-7", "--data", str(path)], env)}
            for name, args in WARM.items():
                samples = []
                for _ in range(options.runs):
                    samples.append(timed([*base, *args, "--data", str(path)], env, (n, name)))
                    floors.append(timed([sys.executable, "-c", FLOOR], env)[0])
                row[name] = (statistics.median(s for s, _ in samples), max(m for _, m in samples))
            rows[n] = row
            size = path.stat().st_size / 2**20
            cells = "  ".join(f"{row[name][0]:>7.2f}s {row[name][1]:>6.0f}MB" for name in names)
            print(f"{n:>7,} {size:>6.1f}MB  {cells}")
            path.unlink()
    floor = statistics.median(floors)
    first, last = options.sizes[0], options.sizes[-1]
    print(f"\nfloor (import typer, rich.table, yaml): {floor * 1000:.0f} ms")
    print(f"growth exponent, N = {first:,} -> {last:,} (slope of log time against log N), and targets:")
    for name in names:
        slope = math.log(rows[last][name][0] / rows[first][name][0]) / math.log(last / first)
        verdicts = [verdict(name, n, row[name], floor, sizes[n]) for n, row in rows.items()]
        shown = "; ".join(v for v in verdicts if v)
        print(
            f"  {name:<10} {slope:5.2f}   at N = {last:,}: {rows[last][name][0] / floor:6.1f} x the floor   {shown}"
        )


def verdict(name: str, n: int, measured: tuple[float, float], floor: float, size: float) -> str:
    """The scale issue's target for `name` at `n` roles, and whether `measured` (seconds, peak MB)
    meets it; empty when there is none at that size."""
    seconds, peak = measured
    if name == "overlap" and n > 10_000:  # beyond 10,000 roles a message will do, if it comes soon
        answer = "a message" if (n, name) in REFUSED else "an answer"
        return f"N={n:,}: {answer} in {seconds:.1f} s < 10 s {'met' if seconds < 10 else 'NOT MET'}"
    if (n, name) in REFUSED:
        return f"N={n:,}: stopped with a message, NOT MET"
    if name in ("show", "compare"):
        met, target = seconds <= 1.1 * floor, f"{seconds / floor:.2f} x floor <= 1.1"
    elif name in ("list json", "similar", "fit", "search") and n >= 100_000:
        met, target = seconds <= 3.0, f"{seconds:.1f} s <= 3 s"
    elif name == "overlap" and n == 10_000:
        met, target = seconds < 10 and peak < 1024, f"{seconds:.1f} s < 10 s, {peak:.0f} MB < 1 GB"
    elif name == "first run" and n >= 10_000:  # smaller files: the interpreter's own memory dominates
        met, target = peak < 15 * size, f"{peak / size:.1f} x the file's size < 15"
    else:
        return ""
    return f"N={n:,}: {target} {'met' if met else 'NOT MET'}"


if __name__ == "__main__":
    main()
