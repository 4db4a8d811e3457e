"""Regenerate the pictures the README shows, from the bundled data and the O*NET extract:

    .venv/bin/python docs/regenerate.py

Each SVG and the report page are the output of a `roles` command (listed in PICTURES); the
screenshot of the report needs Chromium and keeps, in a PNG text chunk, the SHA-256 of the page it
shows. tests/test_docs_pictures.py checks that every file here is what the commands print today.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests.png import with_text  # noqa: E402 - the repository's own helper, found from here

PICTURES: dict[str, list[str]] = {
    "venn.svg": ["chart", "venn", "ds", "mle", "aie", "-d", "skills"],
    "upset.svg": ["chart", "upset", "--data", "tests/fixtures/onet/onet-roles-small.yaml", "-d", "skills"],
    "heatmap.svg": ["chart", "heatmap"],
    "report.html": ["report", "ds", "mle", "aie"],
}
SCREENSHOT = "report.png"
SOURCE_KEY = "Source-SHA256"
"""The PNG text chunk that names the page the screenshot shows."""


def roles(args: list[str]) -> bytes:
    """What `roles ARGS` prints, run from the repository's root."""
    env = {name: value for name, value in os.environ.items() if name != "ROLES_DATA"}  # the files named
    done = subprocess.run(
        [sys.executable, "-m", "roles_cli", *args], cwd=ROOT, capture_output=True, check=True, env=env
    )
    return done.stdout


def screenshot(page: Path, target: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        print(f"no Chromium: {target.name} left as it is", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as scratch:
        shot = Path(scratch) / "shot.png"
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={scratch}/profile",
                "--window-size=1000,1500",
                f"--screenshot={shot}",
                page.as_uri(),
            ],
            capture_output=True,
            check=True,
        )
        digest = hashlib.sha256(page.read_bytes()).hexdigest()
        target.write_bytes(with_text(shot.read_bytes(), SOURCE_KEY, digest))


def main() -> None:
    for name, args in PICTURES.items():
        (HERE / name).write_bytes(roles(args))
        print(f"docs/{name}: roles {' '.join(args)}")
    screenshot(HERE / "report.html", HERE / SCREENSHOT)
    print(f"docs/{SCREENSHOT}: a screenshot of docs/report.html")


if __name__ == "__main__":
    main()
