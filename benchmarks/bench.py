"""How fast `roles` is, as ratios against baselines timed in the same loop.

Whole processes are timed, A and B alternating, and the median of each is compared, so that a
busy or noisy machine slows both sides alike. Run from anywhere:

    python benchmarks/bench.py              # the ratios and their targets
    python benchmarks/bench.py --scale      # also: library timings over N = 100, 1,000, 10,000 roles
    python benchmarks/bench.py --typer-latest           # also: start-up under the newest Typer
    python benchmarks/bench.py --typer-latest .venv-typer-latest   # ... from an existing environment

Baselines:
  floor     python -c "import typer, rich.table, yaml": what any Typer + Rich + PyYAML program pays
  yaml      python loading the O*NET file with yaml.load(f, Loader=CSafeLoader) and nothing else

Typer: pyproject.toml holds Typer below 0.29, whose parameter handling imports pydantic. With
--typer-latest, `roles show ds` and `roles --help` are timed under the Typer of this interpreter's
environment (the pinned one) and under the newest Typer, alternating, and the modules the newest one
imports in addition are listed with their import time (from `python -X importtime`, which inflates
it). The newest Typer comes from the virtual environment given (`.ci/run` leaves one in
.venv-typer-latest), else from one made in a temporary directory and deleted afterwards: the project
from this checkout, then `pip install --upgrade typer` over the pin (this needs the package index).
That one is not an editable install, and an editable install starts more slowly: compare like with
like.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from environment import as_installed  # noqa: E402

ONET = HERE.parent / "tests" / "fixtures" / "onet" / "onet-roles.yaml"

FLOOR = [sys.executable, "-c", "import typer, rich.table, yaml"]
YAML_LOAD = (
    "import sys, yaml\n"
    "with open(sys.argv[1], 'rb') as f:\n"
    "    yaml.load(f, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))"
)


def roles_command() -> list[str]:
    """The installed console script when there is one beside this interpreter, else the same call."""
    script = Path(sys.executable).parent / "roles"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from roles_cli.__main__ import main; main()"]


def run(command: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode()}")
    return elapsed


def paired(a: Callable[[], float], b: Callable[[], float], runs: int) -> tuple[float, float]:
    """Medians of A and B, timed alternately; one warm-up of each first."""
    a(), b()
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(a())
        times_b.append(b())
    return statistics.median(times_a), statistics.median(times_b)


def ratios(runs: int, onet: Path) -> list[tuple[str, float, float, float, float]]:
    """(what, median A, median B, ratio, target) for every target."""
    roles = roles_command()
    cache = tempfile.mkdtemp(prefix="roles-bench-")
    env = as_installed(NO_COLOR="1", COLUMNS="100", XDG_CACHE_HOME=cache)
    yaml_load = [sys.executable, "-c", YAML_LOAD, str(onet)]
    results = []

    def measure(what: str, command: list[str], baseline: list[str], target: float) -> None:
        a, b = paired(lambda: run(command, env), lambda: run(baseline, env), runs)
        results.append((what, a, b, a / b, target))

    for args in (["show", "ds"], ["compare", "ds", "mle"], ["overlap", "--dimension", "skills"]):
        measure(f"roles {' '.join(args)} / floor", roles + args, FLOOR, 1.15)
    measure("roles --version / floor", roles + ["--version"], FLOOR, 0.9)
    measure("roles --help / floor", roles + ["--help"], FLOOR, 0.9)

    show_onet = [*roles, "show", "statisticians", "--data", str(onet)]

    def first_run() -> float:  # a new, empty cache every time: parse, check, write the cache
        with tempfile.TemporaryDirectory(prefix="roles-bench-") as empty:
            return run(show_onet, {**env, "XDG_CACHE_HOME": empty})

    a, b = paired(first_run, lambda: run(yaml_load, env), runs)
    results.append(("first run on O*NET / yaml.load", a, b, a / b, 1.3))
    measure("repeat run on O*NET / yaml.load", show_onet, yaml_load, 0.3)
    # The answers that look at every role (similar, fit, search) or every role's name (list), on a
    # cached file: they read only the indexes the cache keeps and the roles they show.
    data = ["--data", str(onet)]
    for args, target in (
        (["similar", "statisticians"], 1.3),
        (["fit", "Python", "Microsoft Excel", "-d", "technology"], 1.3),
        (["search", "statistic", "--format", "json"], 1.3),
        (["list", "--format", "json"], 1.3),
        (["compare", "statisticians", "economists"], 1.15),
        (["overlap", "-d", "skills"], 5.0),
    ):
        measure(f"O*NET {args[0]} / floor", [*roles, *args, *data], FLOOR, target)
    return results


def venv_python(venv: Path) -> Path:
    """The interpreter of a virtual environment, on POSIX or Windows."""
    for candidate in (venv / "bin" / "python", venv / "Scripts" / "python.exe"):
        if candidate.exists():
            return candidate
    raise SystemExit(f"{venv}: no bin/python or Scripts/python.exe; is it a virtual environment?")


def make_typer_latest(venv: Path) -> None:
    """A virtual environment with the project from this checkout and the newest Typer over the pin."""
    print(f"making a virtual environment with the newest Typer in {venv} ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv_python(venv)), "-m", "pip", "install", "--quiet"]
    # pip resolves only what it is asked for, so the second command replaces the pinned Typer; the
    # conflict with roles-cli's pin that it reports is the point here.
    for command in ([*pip, str(HERE.parent)], [*pip, "--upgrade", "typer"]):
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode()}")


class Side(NamedTuple):
    """One environment: its interpreter, how to run `roles` in it, and its Typer version."""

    python: str
    roles: list[str]
    typer: str


def side(python: str) -> Side:
    script = Path(python).parent / ("roles.exe" if os.name == "nt" else "roles")
    roles = [str(script)] if script.exists() else [python, "-m", "roles_cli"]
    done = subprocess.run(
        [python, "-c", "import roles_cli, typer; print(typer.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{python}: cannot import roles_cli and typer:\n{done.stderr}")
    return Side(python, roles, done.stdout.strip())


def imported(python: str, args: Sequence[str], env: dict[str, str], cwd: str) -> dict[str, float]:
    """Module -> seconds of its own import time, for one run of `roles ARGS`."""
    command = [python, "-X", "importtime", "-m", "roles_cli", *args]
    # run elsewhere than in a checkout, where -m would find the source rather than the installed package
    done = subprocess.run(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    modules: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "[us]" not in line:
            own, _cumulative, name = line.removeprefix("import time:").split("|")
            modules[name.strip()] = int(own) / 1e6
    return modules


def extra_imports(new: dict[str, float], old: dict[str, float]) -> str:
    """The modules in `new` and not in `old`: how many, their import time, the main packages."""
    packages: dict[str, float] = {}
    for module in new.keys() - old.keys():
        package = module.split(".")[0]
        packages[package] = packages.get(package, 0.0) + new[module]
    if not packages:
        return "nothing more"
    count, total = len(new.keys() - old.keys()), sum(packages.values())
    main = sorted((p for p in packages if packages[p] >= 0.001), key=lambda p: -packages[p])
    listed = ", ".join(f"{p} {packages[p] * 1000:.0f}ms" for p in main)
    rest = len(packages) - len(main)
    listed += f" and {rest} more" if rest else ""
    return f"{count} more modules, {total * 1000:.0f}ms:\n" + textwrap.fill(
        listed, width=100, initial_indent="    ", subsequent_indent="    "
    )


def typer_latest(runs: int, venv: Path | None) -> None:
    """Start-up under the pinned Typer (this environment) and the newest one (`venv`)."""
    with tempfile.TemporaryDirectory(prefix="roles-bench-") as scratch:
        if venv is None:
            venv = Path(scratch) / "venv-typer-latest"
            make_typer_latest(venv)
        pinned, latest = side(sys.executable), side(str(venv_python(venv.absolute())))
        print(f"\nTyper: A = {latest.typer} (newest, {venv}), B = {pinned.typer} (pinned, this environment)")
        if latest.typer == pinned.typer:
            print("the same version: the newest Typer this Python can install is the pinned one")
            return
        env = as_installed(NO_COLOR="1", COLUMNS="100", XDG_CACHE_HOME=scratch)
        for name in ("ROLES_DATA", "ROLES_NO_CACHE", "PYTHONPATH"):
            env.pop(name, None)
        print(f"{'':40} {'A':>8} {'B':>8} {'A/B':>6} {'A-B':>7}")
        for args in (["show", "ds"], ["--help"]):
            a, b = paired(
                partial(run, latest.roles + args, env), partial(run, pinned.roles + args, env), runs
            )
            print(
                f"{'roles ' + ' '.join(args):40} {a * 1000:6.0f}ms {b * 1000:6.0f}ms {a / b:6.2f} {round((a - b) * 1000):+5d}ms"
            )
        for args in (["show", "ds"], ["--help"]):
            new, old = (
                imported(latest.python, args, env, scratch),
                imported(pinned.python, args, env, scratch),
            )
            print(f"{'roles ' + ' '.join(args)} under {latest.typer} imports {extra_imports(new, old)}")


def median_time(call: Callable[[], object], repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def scale_row(n: int, items: int, repeats: int) -> dict[str, float]:
    """Seconds for each library call on a synthetic file of `n` roles."""
    from generate import synthetic

    import roles_cli

    text = synthetic(n, items)
    data = roles_cli.parse_roles(text)
    return {
        "size": len(text),
        "load": median_time(lambda: roles_cli.parse_roles(text), repeats),
        "fit": median_time(lambda: roles_cli.fit(data, ["skill 1", "skill 2", "skill 3"]), repeats),
        "similar": median_time(lambda: roles_cli.similar(data, "role-1", top=10), repeats),
        "search": median_time(lambda: roles_cli.search(data, "skill 7"), repeats),
        "overlap": median_time(
            lambda: roles_cli.overlap(data, ["role-1", "role-2", "role-3"], top=10), repeats
        ),
    }


def scale(sizes: Sequence[int], items: int, repeats: int) -> None:
    """Library timings over synthetic files: per role, load, fit, similar and search stay flat
    (linear growth); overlap of three named roles stays flat in absolute time."""
    sys.path[:0] = [str(HERE.parent), str(HERE)]
    print(f"\nScale: N roles x 3 dimensions x {items} items (median of {repeats} library calls)")
    print(
        f"{'N':>7} {'file':>8} {'load':>9} {'fit':>8} {'similar':>8} {'search':>8} {'overlap 3':>9}   µs per role:"
    )
    print(f"{'':>62}   load  fit  similar  search")
    for n in sizes:
        row = scale_row(n, items, repeats)
        ms = {k: v * 1000 for k, v in row.items()}
        per = "  ".join(f"{row[k] / n * 1e6:5.1f}" for k in ("load", "fit", "similar", "search"))
        print(
            f"{n:>7,} {row['size'] / 1e6:>6.1f}MB {ms['load']:>7.1f}ms {ms['fit']:>6.1f}ms {ms['similar']:>6.1f}ms"
            f" {ms['search']:>6.1f}ms {ms['overlap']:>7.2f}ms   {per}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each side (default 15)")
    parser.add_argument("--onet", type=Path, default=ONET, help="the large file (default: the O*NET fixture)")
    parser.add_argument("--scale", action="store_true", help="also time the library over synthetic files")
    parser.add_argument("--scale-only", action="store_true", help="only the scale table")
    parser.add_argument(
        "--typer-latest",
        nargs="?",
        const="",
        default=None,
        metavar="VENV",
        help="also time start-up under the newest Typer, from VENV (default: a new one, made in a temporary directory)",
    )
    options = parser.parse_args()

    if not options.scale_only:
        print(
            f"roles: {' '.join(roles_command())}\npython: {sys.version.split()[0]}, {options.runs} runs a side\n"
        )
        print(f"{'':40} {'A':>8} {'B':>8} {'A/B':>6} {'target':>7}")
        failed = 0
        for what, a, b, ratio, target in ratios(options.runs, options.onet):
            ok = ratio <= target
            failed += not ok
            print(
                f"{what:40} {a * 1000:6.0f}ms {b * 1000:6.0f}ms {ratio:6.2f} {'<=' if ok else '> '}{target:5.2f}"
            )
        print("\nall targets met" if not failed else f"\n{failed} target(s) missed")
    if options.typer_latest is not None and not options.scale_only:
        typer_latest(options.runs, Path(options.typer_latest) if options.typer_latest else None)
    if options.scale or options.scale_only:
        scale([100, 1_000, 10_000], items=15, repeats=3)


if __name__ == "__main__":
    main()
