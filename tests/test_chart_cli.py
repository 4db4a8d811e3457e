"""The pictures' commands as a user meets them: where the file goes, and every way a request can be
wrong, each a short message on stderr with exit 1 (the data) or 2 (the command line)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ONET, ROOT, run
from tests.pictures import circles, parse


def test_output_writes_the_file_and_prints_nothing(tmp_path: Path) -> None:
    target = tmp_path / "venn.svg"
    result = run("chart", "venn", "ds", "mle", "--output", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert [c.role for c in circles(parse(target.read_text(encoding="utf-8")))] == [
        "data-scientist",
        "ml-engineer",
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["venn.svg"]  # no temporary file left beside it


def test_the_same_picture_on_stdout_and_in_a_file(tmp_path: Path) -> None:
    target = tmp_path / "Heat.SVG"  # the extension in any case
    assert run("chart", "heatmap", "-o", target).exit_code == 0
    assert run("chart", "heatmap").stdout == target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["chart", "venn", "ds", "nope"], 1, "error: unknown role 'nope'"),
        (["chart", "venn", "ds"], 2, "error: a Venn diagram needs two or three roles"),
        (
            [
                "chart",
                "venn",
                "statisticians",
                "economists",
                "mathematicians",
                "biostatisticians",
                "--data",
                ONET,
            ],
            2,
            "error: a Venn diagram shows two or three roles, not 4; for more, try roles chart upset",
        ),
        (["chart", "venn", "ds", "mle", "-d", "salary"], 2, "error: unknown dimension 'salary'"),
        (
            ["chart", "venn", "ds", "mle", "--output", "venn.png"],
            2,
            "error: --output venn.png: use a file name ending in .svg",
        ),
        (["chart", "heatmap", "--top", "3"], 2, "error: --top goes with --around ROLE"),
        (["chart", "heatmap", "ds", "--around", "mle"], 2, "error: name the roles, or one role"),
        (
            ["report", "ds", "mle", "-o", "report.svg"],
            2,
            "error: --output report.svg: use a file name ending in .html",
        ),
        (["report", "ds", "--output", "r.html"], 2, "error: a report compares at least two roles"),
        (
            ["report", "ds", "mle", "-s", "Python", "--text", "examples/job-ad.txt"],
            2,
            "error: give skills or --text",
        ),
    ],
)
def test_a_request_that_cannot_be_drawn_is_a_message(
    args: list[str], code: int, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path if "examples/job-ad.txt" not in args else ROOT)
    result = run(*args)
    assert result.exit_code == code
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""
    assert not [p for p in Path.cwd().iterdir() if p.suffix in (".svg", ".html", ".png", ".tmp")]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["chart", "heatmap"],
            "error: 869 roles are too many for one heatmap; name up to 30, or show one role's",
        ),
        (["chart", "upset"], "error: 869 roles are too many for an UpSet chart; name at most 30"),
    ],
)
def test_a_whole_large_file_is_too_much_for_one_picture(args: list[str], message: str) -> None:
    result = run(*args, "--data", ONET)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


def test_a_file_that_cannot_be_written_is_exit_1_and_leaves_nothing(tmp_path: Path) -> None:
    result = run("chart", "venn", "ds", "mle", "--output", tmp_path / "no" / "venn.svg")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"error: cannot write {tmp_path / 'no' / 'venn.svg'}: there is no folder {tmp_path / 'no'}\n"
    )
    kept = tmp_path / "kept.svg"
    kept.write_text("old", encoding="utf-8")
    failed = run("chart", "venn", "ds", "nope", "--output", kept)
    assert failed.exit_code == 1
    assert kept.read_text(encoding="utf-8") == "old"  # a failed run leaves the old file whole
    assert [p.name for p in tmp_path.iterdir()] == ["kept.svg"]


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal")
def test_a_picture_is_not_poured_into_a_terminal() -> None:
    import pty

    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "roles_cli", "chart", "venn", "ds", "mle"],
            stdout=terminal,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert done.returncode == 2
    assert done.stderr == (
        b"error: this writes an SVG file, not text to read here: give --output FILE.svg or redirect the output"
        b" (> picture.svg)\n"
    )
