"""Where the answer goes when that is awkward: a full disk, a closed stdout, an ASCII terminal, a
--save target that cannot be written, a terminal that reports no width; and what a file can put
in the way: a lone surrogate, a file that never ends."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, ONET, ROOT, keeps_every_character, run, write_yaml

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX devices and descriptors")


def roles(
    *args: str | Path, stdout: int | None = subprocess.PIPE, **env: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "roles_cli", *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1", **env},
        cwd=ROOT,
        timeout=120,
        check=False,
    )


# -- stdout that cannot be written ------------------------------------------------------------------


@posix_only
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["list"], ["schema"], ["--help"], ["--version"], ["list", "-f", "json"]])
def test_a_full_disk_is_a_message_not_a_traceback(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = roles(*args, stdout=full.fileno())
    assert done.returncode == 1
    assert done.stderr == b"error: could not write the answer: No space left on device\n"


@posix_only
def test_a_closed_stdout_is_a_message_not_a_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "roles_cli", "list"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        timeout=120,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 1
    assert done.stderr == b"error: standard output is closed; there is nowhere to write the answer\n"


@posix_only
def test_version_into_a_closed_pipe_is_quiet() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "roles_cli", "--version"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    errors = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=120) in (0, 1)  # 0 if it finished writing before the close
    assert errors == b""


# -- terminals ------------------------------------------------------------------------------------------


def test_an_ascii_terminal_gets_ascii_marks_and_escapes_not_a_crash() -> None:
    done = roles("compare", "ds", "mle", "-d", "focus", PYTHONIOENCODING="ascii", COLUMNS="80")
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("ascii")
    assert re.search(r"\| Predictive modeling +\| +\* \| +\* \|", text)
    assert "\n*: the role has the item - similarity" in text
    wide = roles(
        "show",
        "scripts",
        "--data",
        ROOT / "tests" / "hostile" / "dangerous-text.yaml",
        PYTHONIOENCODING="ascii",
    )
    assert wide.returncode == 0, wide.stderr
    assert b"\\u6570\\u636e" in wide.stdout  # CJK shown as escapes


@pytest.mark.parametrize("columns", ["0", "3"])
def test_a_terminal_that_reports_next_to_no_width_still_gets_every_character(columns: str) -> None:
    narrow = run("list", env={"COLUMNS": columns})
    wide = run("list", env={"COLUMNS": "200"})
    assert narrow.exit_code == 0
    assert max(len(line) for line in narrow.stdout.splitlines()) == 20  # laid out for 20 columns
    assert keeps_every_character(narrow.stdout, wide.stdout)


# -- --save ------------------------------------------------------------------------------------------


def test_save_into_a_missing_folder_prints_nothing_and_names_the_file(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "x.svg"
    result = run("compare", "ds", "mle", "--save", target)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"error: cannot write {target}: there is no folder {target.parent}\n"


def test_save_onto_a_folder_prints_nothing(tmp_path: Path) -> None:
    (tmp_path / "d.svg").mkdir()
    result = run("list", "--save", tmp_path / "d.svg")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "it is a directory" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.svg"]


@posix_only
def test_a_saved_file_gets_the_mode_of_a_new_file_or_keeps_its_own(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        run("list", "--save", tmp_path / "new.html")
        kept = tmp_path / "kept.txt"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(0o640)
        run("list", "--save", kept)
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.html").stat().st_mode) == 0o644
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert "data-scientist" in kept.read_text(encoding="utf-8")


# -- what a file can put in the way ---------------------------------------------------------------------


def test_a_lone_surrogate_from_the_pure_python_parser_is_shown_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    path = write_yaml(tmp_path, MINIMAL.replace("Kneading", '"Knea\\ud800ding"'))
    for fmt in ("table", "json", "csv", "markdown"):
        for _ in range(2):  # a fresh load, then the cache
            result = run("show", "baker", "--data", path, "--format", fmt)
            assert result.exit_code == 0, (fmt, result.exception)
            assert "Knea\\ud800ding" in result.stdout.replace("\\\\", "\\")


@posix_only
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_file_that_never_ends_is_refused() -> None:
    done = roles("list", "--data", "/dev/zero")
    assert done.returncode == 1
    assert done.stderr == b"/dev/zero: is a device, not a regular file; give the path of a roles YAML file\n"


@posix_only
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_standard_input_that_never_ends_is_read_up_to_its_bound() -> None:
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "roles_cli", "fit", "--skills-file", "-"],
            stdin=zero,
            capture_output=True,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
    assert (done.returncode, done.stdout) == (1, b"")
    assert done.stderr == b"<stdin>: is larger than 16 MiB, the most a text may have\n"


@pytest.mark.slow
def test_a_skills_file_keeps_sharps_that_are_not_comments(tmp_path: Path) -> None:
    skills = tmp_path / "skills.txt"
    skills.write_text("# languages\nC#\nC++   # rarely\n\n", encoding="utf-8")
    result = run(
        "fit", "--skills-file", skills, "-d", "technology", "--data", ONET, "-f", "json", "--top", "1"
    )
    assert result.exit_code == 0
    assert result.stderr == ""  # both are technology items of the O*NET file
    assert set(__import__("json").loads(result.stdout)[0]["matched"]) == {"C#", "C++"}


def test_a_skills_file_that_is_a_folder(tmp_path: Path) -> None:
    result = run("fit", "--skills-file", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path}: is a directory; give the path of a file of skills, one a line\n"


def test_write_yaml_is_not_left_in_the_cache_folder(tmp_path: Path) -> None:
    # a relative XDG_CACHE_HOME is ignored, as the XDG spec asks: nothing lands in the working folder
    path = write_yaml(tmp_path, MINIMAL)
    os.chdir(tmp_path)
    try:
        result = run("list", "--data", path, env={"XDG_CACHE_HOME": "relative-cache"})
    finally:
        os.chdir(ROOT)
    assert result.exit_code == 0
    assert not (tmp_path / "relative-cache").exists()


# -- smaller promises ------------------------------------------------------------------------------------


def test_validate_shows_escapes_in_file_text_as_visible_text(tmp_path: Path) -> None:
    text = MINIMAL.replace("[Kneading,", '["Data visualization\\e]0;PWNED\\a",')
    text = text.replace("Knives]", '"Data visualisation\\e]0;PWNED\\a"]')
    result = run("validate", write_yaml(tmp_path, text))
    assert result.exit_code == 0
    assert "looks like" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b]0;PWNED\\x07" in result.stdout


@pytest.mark.parametrize(
    ("command", "shown"), [("compare", "{ROLE...}"), ("overlap", "[ROLE...]"), ("fit", "[SKILL...]")]
)
def test_help_says_which_arguments_repeat(command: str, shown: str) -> None:
    assert run(command, "--help").stdout.splitlines()[0] == f"Usage: roles {command} [OPTIONS] {shown}"


@pytest.mark.slow
def test_scripts_get_every_ranked_role_people_the_first_ten() -> None:
    as_json = __import__("json").loads(run("fit", "Python", "--data", ONET, "-f", "json").stdout)
    assert len(as_json) == 869
    as_table = run("fit", "Python", "--data", ONET, env={"COLUMNS": "120"}).stdout
    assert as_table.endswith("\n859 more roles — use --top 0 for all\n")
    assert (
        len(__import__("json").loads(run("similar", "statisticians", "--data", ONET, "-f", "json").stdout))
        == 868
    )
    similar = run("similar", "statisticians", "--data", ONET, env={"COLUMNS": "120"}).stdout
    ranking = similar.split("\n\n")[0]  # the table, its caption and what it leaves out; then the notes
    assert ranking.endswith("\n858 more roles — use --top 0 for all")


def test_markdown_escapes_entities_and_maths(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL.replace("Kneading", "'R&D at $5 &amp; more'"))
    result = run("show", "baker", "-d", "skills", "--data", path, "-f", "markdown")
    assert r"R\&D at \$5 \&amp; more" in result.stdout


def test_counts_in_titles_are_in_the_right_number(tmp_path: Path) -> None:
    one = MINIMAL.split("  - id: cook")[0]
    assert run("list", "--data", write_yaml(tmp_path, one)).stdout.startswith("1 role in ")
    assert run("search", "bakes", "--data", write_yaml(tmp_path, one)).stdout.startswith(
        "1 match for 'bakes' in 1 role"
    )
    assert run("validate", write_yaml(tmp_path, one)).stdout.endswith(": valid, 1 role\n")
    # more than six roles: overlap counts the items that belong to one role only

    def seven_roles(own: int) -> Path:
        roles = "".join(
            f"  - {{id: r{n}, name: R{n}, summary: S, skills: [shared{', own' + str(n) if n <= own else ''}]}}\n"
            for n in range(1, 8)
        )
        return write_yaml(tmp_path, f"version: 1\ndimensions: [skills]\nroles:\n{roles}", f"own{own}.yaml")

    wide = {"COLUMNS": "200"}
    assert "· 1 item belongs to one role only" in run("overlap", "--data", seven_roles(1), env=wide).stdout
    assert "· 2 items belong to one role only" in run("overlap", "--data", seven_roles(2), env=wide).stdout


def test_show_gives_bullets_where_importances_are_all_alike() -> None:
    goal = run("show", "ds", "-d", "goal").stdout
    assert "│ · Better-informed business decisions" in goal
    skills = run("show", "ds", "-d", "skills").stdout
    assert "│ 5 Python" in skills


def test_the_api_takes_one_name_as_a_name_not_as_letters() -> None:
    import roles_cli

    roles = roles_cli.load_roles()
    assert [r.id for r in roles.pick("ds")] == ["data-scientist"]
    assert roles.pick_dimensions("SKILLS") == ("skills",)
    assert roles_cli.similar(roles, "ds", "skills").dimensions == ("skills",)


def test_old_cache_entries_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from roles_cli import cache, load_roles

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "KEEP", 2)
    folder = tmp_path / "cache" / "roles-cli"
    folder.mkdir(parents=True, mode=0o700)
    older_format = folder / ("a" * 40 + ".json")  # an entry of an earlier format: never read again
    older_format.write_text("{}")
    for number in range(4):
        load_roles(
            write_yaml(
                tmp_path, MINIMAL.replace("Bakes bread.", f"Bakes {number} loaves."), f"{number}.yaml"
            ),
            cache=True,
        )
    assert len(list(folder.glob("*.entry"))) == 2
    assert not older_format.exists()


# -- --save onto what is already there -------------------------------------------------------------


def test_save_does_not_replace_a_read_only_file(tmp_path: Path) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_text("mine", encoding="utf-8")
    kept.chmod(0o444)
    result = run("list", "--save", kept)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: cannot write {kept}: it is read-only; make it writable first, or give another file name\n"
    )
    assert kept.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt"]


@posix_only
def test_save_through_a_link_writes_the_file_it_points_to_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / "table.txt"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    result = run("list", "--save", link)
    assert result.exit_code == 0
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text(encoding="utf-8") == result.stdout  # the table, as printed
    assert sorted(p.name for p in real.parent.iterdir()) == ["table.txt"]


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_save_onto_a_fifo_or_a_device_is_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "out.txt"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/null")
    result = run("list", "--save", target)
    assert (result.exit_code, result.stdout) == (1, "")
    what = "a named pipe (FIFO)" if kind == "fifo" else "a device"
    assert (
        result.stderr
        == f"error: cannot write {target}: it is {what}, not a regular file; give the name of a file\n"
    )


# -- files that cannot be read ---------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize(
    "args",
    [
        ["list", "--data", "{}"],
        ["validate", "{}"],
        ["fit", "--skills-file", "{}"],
        ["fit", "--text", "{}"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_a_file_that_cannot_be_read_is_the_documented_exit_1(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = write_yaml(tmp_path, MINIMAL, "secret.yaml")
    secret.chmod(0)
    if os.geteuid() == 0:  # root reads anything: refuse it the way the system refuses others
        real_open = os.open

        def refused(path: object, *rest: object, **kwargs: object) -> int:
            if str(path) == str(secret):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *rest, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", refused)
    result = run(*(arg.format(secret) for arg in args))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{secret}: cannot be read: permission denied\n"


# -- stderr that cannot be written -----------------------------------------------------------------


@posix_only
@pytest.mark.parametrize("stderr", ["/dev/full", "closed"])
def test_a_warning_that_cannot_be_written_does_not_cost_the_answer(stderr: str) -> None:
    command = [sys.executable, "-m", "roles_cli", "fit", "Python", "Basket weaving", "-f", "json"]
    expected = subprocess.run(command, capture_output=True, cwd=ROOT, timeout=120, check=True)
    assert b"Basket weaving" in expected.stderr  # there is a warning to write
    if stderr == "closed":
        done = subprocess.run(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            timeout=120,
            check=False,
            preexec_fn=lambda: os.close(2),
        )
    else:
        with open(stderr, "wb") as full:
            done = subprocess.run(
                command, stdout=subprocess.PIPE, stderr=full, cwd=ROOT, timeout=120, check=False
            )
    assert done.returncode == 0
    assert done.stdout == expected.stdout


@posix_only
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_error_that_cannot_be_written_still_ends_with_its_exit_code() -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "roles_cli", "show", "no-such-role"],
            stdout=subprocess.PIPE,
            stderr=full,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
    assert (done.returncode, done.stdout) == (1, b"")


@posix_only
@pytest.mark.parametrize("option", ["--skills-file", "--text"])
def test_reading_standard_input_when_it_is_closed_is_a_message(option: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "roles_cli", "fit", option, "-"],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        preexec_fn=lambda: os.close(0),
    )
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == b"error: standard input is closed; give a file instead of '-'\n"


def test_a_search_term_that_ends_in_a_space_is_highlighted_in_every_format(tmp_path: Path) -> None:
    text = MINIMAL.replace("name: Baker", 'name: "Bread "').replace(
        "summary: Bakes bread.", "summary: |\n      bread \n      and more bread \n"
    )
    path = write_yaml(tmp_path, text)
    for fmt in ("table", "markdown", "csv", "json"):
        result = run("search", "bread ", "--data", path, "-f", fmt)
        assert (result.exit_code, result.stderr) == (0, ""), (fmt, result.exception)
    rows = __import__("json").loads(run("search", "bread ", "--data", path, "-f", "json").stdout)
    assert [(row["field"], row["text"]) for row in rows] == [
        ("name", "Bread "),
        ("summary", "bread \nand more bread \n"),
    ]
