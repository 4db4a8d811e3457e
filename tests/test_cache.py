"""The cache of checked roles files, and what each kind of run imports.

Speed itself is measured by benchmarks/bench.py, never here; these tests check the behaviour that
makes it fast and keeps it correct.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import roles_cli
from roles_cli import load_roles
from tests.helpers import MINIMAL, ONET_SMALL, ROOT, run, write_yaml


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own, empty cache directory."""
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("ROLES_NO_CACHE", raising=False)
    yield home / "roles-cli"


def entries(cache: Path) -> list[Path]:
    """The cache's entries: files named by a 40-digit hex key."""
    found = cache.glob("*.entry") if cache.exists() else []
    return sorted(path for path in found if re.fullmatch(r"[0-9a-f]{40}\.entry", path.name))


def test_first_load_writes_one_entry_and_the_next_reads_it(tmp_path: Path, cache_home: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    fresh = load_roles(path, cache=True)
    assert len(entries(cache_home)) == 1
    entry = entries(cache_home)[0]
    before = entry.stat().st_mtime_ns
    cached = load_roles(path, cache=True)
    assert entry.stat().st_mtime_ns == before  # read, not rewritten
    assert cached.roles == fresh.roles
    assert cached.dimensions == fresh.dimensions


def test_a_cache_hit_gives_exactly_the_answers_of_a_fresh_load() -> None:
    commands = [
        ["list"],
        ["show", "statisticians"],
        ["compare", "statisticians", "database-architects"],
        ["overlap"],
        ["fit", "Mathematics", "Python", "-d", "skills"],
        ["similar", "statisticians"],
        ["search", "data"],
        ["search", "STATISTIC", "-d", "tasks"],
    ]
    for command in commands:
        uncached = run(*command, "--data", ONET_SMALL, "--format", "json", env={"ROLES_NO_CACHE": "1"})
        first = run(*command, "--data", ONET_SMALL, "--format", "json")  # fills the cache
        second = run(*command, "--data", ONET_SMALL, "--format", "json")  # reads it
        assert uncached.exit_code == first.exit_code == second.exit_code == 0
        assert json.loads(uncached.stdout) == json.loads(first.stdout) == json.loads(second.stdout), command


SEARCHED_FILE = """\
version: 1
dimensions: [skills]
roles:
  - id: a
    name: A
    summary: First.
    skills: ["Data\\nanalysis", "\u017fcience", Straße]
  - id: b
    name: B
    summary: Second.
    skills: ["\u212aelvin scale", Statistics]
  - id: c
    name: C
    summary: Third.
    skills: [Science, "İstanbul office"]
"""


def test_search_of_a_cached_file_finds_what_reading_every_role_finds(tmp_path: Path) -> None:
    """The cache's texts are searched with a plain substring search where all is ASCII; beyond it
    (a long s matches s, the Kelvin sign k, ignoring case), and in a name with a line break, a
    cached search must find exactly what one that reads every role finds."""
    path = write_yaml(tmp_path, SEARCHED_FILE)
    expected = {  # term -> (role, item) found, worked out by hand from re.IGNORECASE's rules
        "science": [("a", "\u017fcience"), ("c", "Science")],
        "SCIENCE": [("a", "\u017fcience"), ("c", "Science")],
        "kelvin": [("b", "\u212aelvin scale")],
        "analysis": [("a", "Data\nanalysis")],
        "data\nan": [("a", "Data\nanalysis")],
        "STRASSE": [],
        "straße": [("a", "Straße")],
        "istanbul": [("c", "İstanbul office")],  # İ lowers to i alone in re's simple case folding
        "s": [
            ("a", "Data\nanalysis"),
            ("a", "\u017fcience"),
            ("a", "Straße"),
            ("b", "\u212aelvin scale"),
            ("b", "Statistics"),
            ("c", "Science"),
            ("c", "İstanbul office"),
        ],
    }
    load_roles(path, cache=True)  # writes the entry
    cached = load_roles(path, cache=True)
    for term, found in expected.items():
        hits = roles_cli.search(cached, term, ["skills"])
        assert [(hit.role.id, hit.text) for hit in hits] == found, term
        assert hits == roles_cli.search(load_roles(path), term, ["skills"])


def test_the_cache_is_keyed_by_content_so_a_one_byte_change_is_a_miss(
    tmp_path: Path, cache_home: Path
) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    load_roles(path, cache=True)
    stat_before = path.stat()
    path.write_text(MINIMAL.replace("Bakes bread.", "Bakes bread!"), encoding="utf-8")
    os.utime(path, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))  # same size, same mtime
    assert load_roles(path, cache=True).resolve("baker").summary == "Bakes bread!"
    assert len(entries(cache_home)) == 2


def test_a_corrupt_entry_is_ignored_and_rebuilt(tmp_path: Path, cache_home: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    expected = load_roles(path, cache=True).roles
    (entry,) = entries(cache_home)
    for damage in (
        b"",
        b"not json at all",
        entry.read_bytes()[:-40],
        entry.read_bytes().replace(b"Baker", b"Faker"),
    ):
        entry.write_bytes(damage)
        assert load_roles(path, cache=True).roles == expected
        load_roles(path, cache=True)  # a part found damaged only when read is removed then: now rebuilt
        assert entry.read_bytes() != damage  # written again, whole
        assert load_roles(path, cache=True).roles == expected


def test_a_well_formed_entry_of_the_wrong_shape_is_ignored(tmp_path: Path, cache_home: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    expected = load_roles(path, cache=True).roles
    (entry,) = entries(cache_home)
    content = decode_entry(entry)
    content["dimensions"] = 5
    content["roles"] = ["x" for _ in content["roles"]]
    encode_entry(entry, content)
    assert load_roles(path, cache=True).roles == expected


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_cache_directory_is_skipped_silently(tmp_path: Path, cache_home: Path) -> None:
    cache_home.parent.mkdir()
    cache_home.parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = run("list", "--data", write_yaml(tmp_path, MINIMAL))
    finally:
        cache_home.parent.chmod(stat.S_IRWXU)
    assert result.exit_code == 0 and result.stderr == ""
    assert entries(cache_home) == []


def test_a_cache_path_that_cannot_be_a_directory_is_skipped_silently(
    tmp_path: Path, cache_home: Path
) -> None:
    cache_home.parent.mkdir()
    cache_home.write_text("a file where the cache directory should be", encoding="utf-8")
    result = run("list", "--data", write_yaml(tmp_path, MINIMAL))
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "baker" in result.stdout


def test_roles_no_cache_switches_it_off(tmp_path: Path, cache_home: Path) -> None:
    result = run("list", "--data", write_yaml(tmp_path, MINIMAL), env={"ROLES_NO_CACHE": "1"})
    assert result.exit_code == 0
    assert entries(cache_home) == []


def test_a_cached_file_with_errors_is_never_cached(tmp_path: Path, cache_home: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL.replace("[Bake bread, Clean up]", "[Bake bread, no]"))
    assert run("list", "--data", path).exit_code == 1
    assert run("list", "--data", path).exit_code == 1
    assert entries(cache_home) == []


def test_messages_name_the_file_as_given_this_time_not_as_cached(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    load_roles(path, cache=True)
    copy = tmp_path / "other-name.yaml"
    copy.write_bytes(path.read_bytes())  # same bytes, same cache entry
    assert load_roles(copy, cache=True).source == str(copy)


# -- what a run imports: checked in a fresh interpreter -----------------------------------------------


def modules_after(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules a real `roles ARGS` run has imported by the time it exits."""
    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sorted(sys.modules)) + '\\n'))\n"
        "sys.argv = ['roles', *sys.argv[1:]]\n"
        "from roles_cli.__main__ import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stderr.splitlines() if line.startswith("MODULES "))
    return set(line.split()[1:])


def test_version_imports_neither_yaml_nor_rich_nor_typer() -> None:
    modules = modules_after("--version")
    assert not {m for m in modules if m.split(".")[0] in ("yaml", "rich", "typer")}


def test_a_cache_hit_does_not_import_yaml(cache_home: Path) -> None:
    env = {"XDG_CACHE_HOME": str(cache_home.parent)}
    assert "yaml" in modules_after("show", "ds", env=env)  # the miss parses
    assert "yaml" not in modules_after("show", "ds", env=env)  # the hit does not


def test_json_output_does_not_import_rich(cache_home: Path) -> None:
    env = {"XDG_CACHE_HOME": str(cache_home.parent)}
    modules = modules_after("compare", "ds", "mle", "--format", "json", env=env)
    assert not {m for m in modules if m.split(".")[0] == "rich"}
    assert "rich.console" in modules_after("compare", "ds", "mle", env=env)  # the check can fail


# -- an entry is untrusted input ------------------------------------------------------------------


def _digest(part: bytes) -> str:
    return hashlib.blake2b(part, digest_size=20).hexdigest()


def _bucket(name: str, buckets: int) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little") % buckets


def decode_entry(entry: Path) -> dict[str, Any]:
    """An entry's content, read along the layout cache.py documents: a header line, a contents line
    that says where each section lies, then the sections, each a directory of 8-byte offsets and its
    records (40 hex digits of hash, then JSON); a table's buckets are merged into one dict here.
    (test_an_untouched_entry_reads_back_as_written checks this reading against the real thing.)"""
    header_line, contents_line, body = entry.read_bytes().split(b"\n", 2)
    contents = json.loads(contents_line)

    def records(section: str) -> list[Any]:
        start, count = contents["sections"][section]
        offsets = [
            int.from_bytes(body[start + 8 * n : start + 8 * n + 8], "little") for n in range(count + 1)
        ]
        return [json.loads(body[a + 40 : b]) for a, b in zip(offsets, offsets[1:], strict=False)]

    def table(section: str) -> dict[str, Any]:
        return {name: value for bucket in records(section) for name, value in bucket.items()}

    return {
        "key": json.loads(header_line)["key"],
        "dimensions": contents["dimensions"],
        "synonyms": contents["synonyms"],
        "heads": records("heads")[0],
        "roles": records("roles"),
        "names": table("names"),
        "frequency": {d: table(f"frequency/{d}") for d in contents["dimensions"]},
        "texts": {d: records(f"texts/{d}")[0] for d in contents["dimensions"]},
        "features": records("features"),
    }


def encode_entry(entry: Path, content: dict[str, Any]) -> None:
    """Write `content` (as decode_entry gives it) as an entry whose hashes all match: only the checks
    of the content itself stand between it and the answer. A record given as bytes is written as
    it is."""
    body = b""
    sections: dict[str, list[int]] = {}

    def dump(value: Any) -> bytes:
        if isinstance(value, bytes):
            return value
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()

    def section(name: str, values: list[Any]) -> None:
        nonlocal body
        texts = [dump(value) for value in values]
        sections[name] = [len(body), len(texts)]
        offset = len(body) + 8 * (len(texts) + 1)
        records = b""
        for number, text in enumerate(texts):
            body += offset.to_bytes(8, "little")
            hashed = hashlib.blake2b(f"{name}\0{number}\0".encode(), digest_size=20)
            hashed.update(text)
            records += hashed.hexdigest().encode() + text
            offset += 40 + len(text)
        body += offset.to_bytes(8, "little") + records

    def buckets(table: dict[str, Any]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = [{} for _ in range(max(1, len(table) // 8))]
        for name, value in table.items():
            found[_bucket(name, len(found))][name] = value
        return found

    section("heads", [content["heads"]])
    section("roles", content["roles"])
    section("names", buckets(content["names"]))
    for dimension, counts in content["frequency"].items():
        section(f"frequency/{dimension}", buckets(counts))
    section("features", content["features"])
    for dimension, texts in content["texts"].items():
        section(f"texts/{dimension}", [texts])
    contents = dump(
        {
            "dimensions": content["dimensions"],
            "synonyms": content["synonyms"],
            "count": len(content["roles"]),
            "sections": sections,
        }
    )
    header = {"key": content["key"], "contents": [len(contents), _digest(contents)], "size": len(body)}
    entry.write_bytes(json.dumps(header).encode() + b"\n" + contents + b"\n" + body)


def rename_baker(entry: Path) -> None:
    """Turn the entry into a well-formed one that names the baker Faker."""
    encode_entry(entry, json.loads(json.dumps(decode_entry(entry)).replace("Baker", "Faker")))


def test_load_roles_from_python_writes_no_cache_unless_asked(tmp_path: Path, cache_home: Path) -> None:
    load_roles()
    load_roles(write_yaml(tmp_path, MINIMAL))
    assert not cache_home.exists()
    load_roles(write_yaml(tmp_path, MINIMAL), cache=True)
    assert len(entries(cache_home)) == 1


@pytest.mark.parametrize(
    "change",
    [
        ("Ovens", 5, "ovens", [], "oven"),  # the item as written
        ("Ovens", "5", "ovens", [], "oven"),  # an importance that is text
        ("Ovens", True, "ovens", [], "oven"),  # a boolean is no number
        ("Ovens", 50, "ovens", [], "oven"),  # out of range
        ("Ovens", 5, None, [], "oven"),  # no key
        ("Ovens", 5, "ovens", "oven", "oven"),  # aliases that are not a list
        ("Ovens", 5, "ovens", [], ["oven"]),  # words that are not one text
        ("Ovens", 5, "ovens", []),  # a field short
    ],
)
def test_an_entry_whose_hash_matches_but_whose_values_are_wrong_is_not_used(
    tmp_path: Path, cache_home: Path, change: tuple[object, ...]
) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    expected = load_roles(path, cache=True).roles
    (entry,) = entries(cache_home)
    content = decode_entry(entry)
    content["roles"][0][6][0][1] = list(change)  # baker's second skill, Ovens (importance 5)
    content["roles"][0][1] = "Tampered"  # if the record were used, it would show
    if change == ("Ovens", 5, "ovens", [], "oven"):
        content["heads"][0][1] = "Tampered"  # the index agrees: a well-formed entry
    encode_entry(entry, content)
    roles = load_roles(path, cache=True)
    if change == ("Ovens", 5, "ovens", [], "oven"):
        assert roles.roles[0].name == "Tampered"  # a well-formed entry is used: the test can tell
    else:
        assert roles.roles == expected


def test_an_entry_that_is_not_a_regular_file_or_too_large_is_not_read(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roles_cli import cache

    path = write_yaml(tmp_path, MINIMAL)
    expected = load_roles(path, cache=True).roles
    (entry,) = entries(cache_home)
    rename_baker(entry)
    tampered = entry.read_bytes()

    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(tampered)
    entry.unlink()
    entry.symlink_to(elsewhere)  # a link planted in the cache
    assert load_roles(path, cache=True).roles == expected

    entry.unlink()
    entry.write_bytes(tampered)
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", len(tampered) - 1)
    monkeypatch.setattr(cache, "ENTRY_GROWTH", 0)
    assert load_roles(path, cache=True).roles == expected  # too large: parsed afresh, not read


def test_the_largest_entry_grows_with_the_largest_file_allowed(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ROLES_MAX_SIZE lets larger files be read; their entries (a few times the file) must then be
    kept too, or a large file would be parsed again on every run. Only the newest entry may be
    larger than the cache's whole budget."""
    from roles_cli import cache

    path = Path(ONET_SMALL)
    size = path.stat().st_size
    expected = load_roles(path).roles
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", 1000)  # far smaller than this file's entry
    monkeypatch.setattr(cache, "MAX_TOTAL_BYTES", 1000)
    monkeypatch.setattr(cache, "ENTRY_GROWTH", 1)  # an entry no larger than the largest file allowed
    assert load_roles(path, cache=True, max_bytes=size).roles == expected
    assert entries(cache_home) == []  # larger than the file: not written
    monkeypatch.setattr(cache, "ENTRY_GROWTH", 8)
    assert load_roles(path, cache=True, max_bytes=size).roles == expected
    (entry,) = entries(cache_home)
    assert size < entry.stat().st_size <= 8 * size
    forged = json.loads(json.dumps(decode_entry(entry)).replace("Statisticians", "Faker"))
    encode_entry(entry, forged)  # what reading the entry, not the file, would show
    assert load_roles(path, cache=True, max_bytes=size).resolve("statisticians").name == "Faker"
    monkeypatch.setattr(cache, "ENTRY_GROWTH", 1)
    assert load_roles(path, cache=True, max_bytes=size).roles == expected  # too large to read now


def test_a_cache_directory_others_can_write_is_not_used(tmp_path: Path, cache_home: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    expected = load_roles(path, cache=True).roles
    (entry,) = entries(cache_home)
    rename_baker(entry)
    cache_home.chmod(0o777)
    assert load_roles(path, cache=True).roles == expected  # not read
    entry.unlink()
    load_roles(path, cache=True)
    assert entries(cache_home) == []  # nor written


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give it away")
def test_a_cache_directory_of_another_user_is_not_used(tmp_path: Path, cache_home: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    expected = load_roles(path, cache=True).roles
    (entry,) = entries(cache_home)
    rename_baker(entry)
    os.chown(cache_home, 65534, 65534)
    assert load_roles(path, cache=True).roles == expected


def test_a_new_cache_directory_is_private(tmp_path: Path, cache_home: Path) -> None:
    load_roles(write_yaml(tmp_path, MINIMAL), cache=True)
    assert stat.S_IMODE(cache_home.stat().st_mode) == 0o700
    (entry,) = entries(cache_home)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_pruning_removes_only_the_caches_own_files_and_bounds_the_bytes(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roles_cli import cache

    first = write_yaml(tmp_path, MINIMAL, "first.yaml")
    load_roles(first, cache=True)
    (entry,) = entries(cache_home)
    size = entry.stat().st_size
    foreign = [cache_home / "notes.txt", cache_home / "abc.json", cache_home / ("0" * 40 + ".json.bak")]
    for path in foreign:
        path.write_text("not the cache's", encoding="utf-8")
    old = time.time() - 2 * 3600
    stale = cache_home / f".{'1' * 40}.json.{'2' * 12}.tmp"  # left by a run that was killed
    fresh = cache_home / f".{'3' * 40}.json.{'4' * 12}.tmp"  # a run writing right now
    for path in (stale, fresh):
        path.write_bytes(b"half")
    os.utime(stale, (old, old))
    os.utime(entry, (old, old))  # the oldest entry

    # Room for two entries of this size, not three: bounded by bytes while far below KEEP entries.
    monkeypatch.setattr(cache, "MAX_TOTAL_BYTES", 2 * size + size // 2)
    for name in ("second", "third"):
        load_roles(
            write_yaml(tmp_path, MINIMAL.replace("Bakes bread.", f"Bakes {name}."), f"{name}.yaml"),
            cache=True,
        )
    kept = entries(cache_home)
    assert len(kept) == 2 and entry not in kept
    assert all(path.exists() for path in foreign)
    assert fresh.exists() and not stale.exists()


def test_a_fifo_in_the_cache_is_not_opened_for_reading_so_nothing_waits(
    tmp_path: Path, cache_home: Path
) -> None:
    from roles_cli.cache import key

    path = write_yaml(tmp_path, MINIMAL)
    cache_home.mkdir(parents=True, mode=0o700)
    os.mkfifo(cache_home / f"{key(path.read_bytes())}.json")  # nobody ever writes to it
    done = subprocess.run(
        [sys.executable, "-m", "roles_cli", "list", "--data", str(path), "-f", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home.parent)},
        timeout=60,  # reading the FIFO would wait for ever
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert [role["id"] for role in json.loads(done.stdout)] == ["baker", "cook"]


def test_a_link_to_a_device_in_the_cache_is_not_followed(tmp_path: Path, cache_home: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    expected = load_roles(path, cache=True).roles
    (entry,) = entries(cache_home)
    entry.unlink()
    entry.symlink_to("/dev/zero")  # read, it would never end
    assert load_roles(path, cache=True).roles == expected
    # The fresh entry took the link's place: written beside and renamed over it, never through it.
    assert entry.is_file() and not entry.is_symlink()


@pytest.mark.parametrize("part", ["index", "record"])
@pytest.mark.parametrize("opening, closing", [(b"[", b"]"), (b'{"a":', b"}")])
def test_a_deeply_nested_entry_is_not_used_and_raises_nothing(
    tmp_path: Path, cache_home: Path, opening: bytes, closing: bytes, part: str
) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    expected = load_roles(path, cache=True).roles
    (entry,) = entries(cache_home)
    deep = opening * 200_000 + b"1" + closing * 200_000  # json.loads: RecursionError
    if part == "index":  # the contents line, read when the entry is opened
        key = json.loads(entry.read_bytes().split(b"\n", 1)[0])["key"]
        header = {"key": key, "contents": [len(deep), _digest(deep)], "size": 0}
        entry.write_bytes(json.dumps(header).encode() + b"\n" + deep + b"\n")
    else:  # the rest is sound; the baker's record, read when the baker is asked for, is not
        content = decode_entry(entry)
        content["roles"][0] = deep
        encode_entry(entry, content)
    assert load_roles(path, cache=True).roles == expected
    assert load_roles(path, cache=True).resolve("baker") == expected[0]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give it away")
def test_an_entry_of_another_user_is_not_used(tmp_path: Path, cache_home: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    expected = load_roles(path, cache=True).roles
    (entry,) = entries(cache_home)
    rename_baker(entry)
    assert load_roles(path, cache=True).resolve("baker").name == "Faker"  # ours: used, the test can tell
    os.chown(entry, 65534, 65534)
    assert load_roles(path, cache=True).roles == expected


def test_a_cache_directory_reached_through_a_link_is_not_used(tmp_path: Path, cache_home: Path) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    expected = load_roles(path, cache=True).roles
    (entry,) = entries(cache_home)
    rename_baker(entry)
    real = tmp_path / "elsewhere"
    cache_home.rename(real)
    cache_home.symlink_to(real)  # a private directory, but someone else's link could point anywhere
    assert load_roles(path, cache=True).roles == expected


@pytest.mark.parametrize("home", ["", "relative/home", "."])
def test_an_empty_or_relative_home_puts_the_cache_neither_in_root_nor_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: str
) -> None:
    import pwd

    from roles_cli import cache

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", home)
    monkeypatch.chdir(tmp_path)
    account = pwd.getpwuid(os.getuid()).pw_dir
    assert cache.directory() == Path(account, ".cache", "roles-cli")

    def nobody(uid: int) -> None:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", nobody)  # no entry in the password database either
    assert cache.directory() is None
    result = run("list", "--data", write_yaml(tmp_path, MINIMAL), "-f", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roles.yaml"]  # no .cache here


def test_an_absolute_home_is_used_as_it_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from roles_cli import cache

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory() == tmp_path / ".cache" / "roles-cli"


def test_a_role_damaged_after_the_index_was_read_comes_from_the_file(
    tmp_path: Path, cache_home: Path
) -> None:
    """Roles are read from an entry when first asked for; one damaged by then (the index still
    intact) is not used: the answer comes from parsing the file, whole and right."""
    path = write_yaml(tmp_path, MINIMAL)
    expected = load_roles(path, cache=True).roles
    (entry,) = entries(cache_home)
    roles = load_roles(path, cache=True)  # the index is read; no role yet
    data = entry.read_bytes()
    at = data.rindex(b'"Cook"')
    with entry.open("r+b") as file:  # in place, as a disk error or another program would
        file.seek(at)
        file.write(b'"Hook"')
    assert roles.resolve("cook") == expected[1]
    assert roles.roles == expected
    assert load_roles(path, cache=True).roles == expected  # and on the next run


def test_an_entry_cut_short_while_in_use_is_not_read_past_its_end(tmp_path: Path, cache_home: Path) -> None:
    roles_text = "".join(
        f"  - {{id: r{n}, name: R {n}, summary: s, skills: [a{n}, b], tasks: [t]}}\n" for n in range(300)
    )
    path = write_yaml(tmp_path, "version: 1\ndimensions: [skills, tasks]\nroles:\n" + roles_text)
    expected = load_roles(path)
    load_roles(path, cache=True)
    (entry,) = entries(cache_home)
    roles = load_roles(path, cache=True)  # the index is read; the roles are not yet
    os.truncate(entry, entry.stat().st_size // 2)
    assert roles.resolve("r299") == expected.resolve("r299")  # from the file, not from past the end
    assert roles.roles == expected.roles


def test_frequencies_no_parse_could_count_are_not_used(tmp_path: Path, cache_home: Path) -> None:
    """An entry's document frequencies weigh every TF-IDF score: counts above the number of roles
    (or absurdly large, or not counts) mean the entry is not to be trusted for them. Compare reads
    those kept with each role it reads; overlap of every role reads the tables."""
    from roles_cli import compare, overlap

    path = write_yaml(tmp_path, MINIMAL)
    parsed = load_roles(path)
    expected = {
        "features": compare(parsed, ["baker", "cook"], ["skills"]).dimensions[0].similarity,
        "frequency": overlap(parsed, dimensions=["skills"]).dimensions[0].pairs,
    }
    for count in (3, 10**400, 0, "2", None):
        for where, answer in expected.items():
            load_roles(path, cache=True)
            (entry,) = entries(cache_home)
            content = decode_entry(entry)
            if where == "frequency":
                content["frequency"]["skills"] = dict.fromkeys(content["frequency"]["skills"], count)
            else:
                for record in content["features"]:
                    record[0] = [count] * len(record[0])
            encode_entry(entry, content)
            cached = load_roles(path, cache=True)
            if where == "frequency":
                assert overlap(cached, dimensions=["skills"]).dimensions[0].pairs == answer
            else:
                assert compare(cached, ["baker", "cook"], ["skills"]).dimensions[0].similarity == answer
            assert entries(cache_home) == [], (count, where)  # removed, to be written again whole


def test_an_index_that_does_not_match_the_file_is_an_error_not_a_wrong_answer(
    tmp_path: Path, cache_home: Path
) -> None:
    path = write_yaml(tmp_path, MINIMAL)
    load_roles(path, cache=True)
    (entry,) = entries(cache_home)
    content = decode_entry(entry)
    content["heads"].reverse()  # cook's name where the baker's record is, and so on
    content["names"] = {name: 1 - index for name, index in content["names"].items()}
    encode_entry(entry, content)
    result = run("show", "cook", "--data", path)
    assert result.exit_code == 1
    assert (
        result.stderr == f"{path}: its entry in the cache was damaged while in use; run the command again\n"
    )
    assert entries(cache_home) == []  # removed
    assert run("show", "cook", "--data", path).exit_code == 0

    load_roles(path, cache=True)
    (entry,) = entries(cache_home)
    content = decode_entry(entry)
    content["heads"][1][0] = content["heads"][0][0]  # two roles with one id
    encode_entry(entry, content)
    assert [role.id for role in load_roles(path, cache=True).roles] == ["baker", "cook"]


def test_an_untouched_entry_reads_back_as_written(tmp_path: Path, cache_home: Path) -> None:
    """decode_entry and encode_entry follow the layout the cache writes: an entry decoded and encoded
    again is byte for byte the same file, and one renamed through them is used."""
    path = write_yaml(tmp_path, MINIMAL)
    load_roles(path, cache=True)
    (entry,) = entries(cache_home)
    written = entry.read_bytes()
    content = decode_entry(entry)
    assert [head[0] for head in content["heads"]] == ["baker", "cook"]
    encode_entry(entry, content)
    assert entry.read_bytes() == written
    rename_baker(entry)
    assert load_roles(path, cache=True).resolve("baker").name == "Faker"


# -- stamps: an unchanged file is not read again ---------------------------------------------------


def stamps(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.stamp")) if cache.exists() else []


def test_an_unchanged_file_is_not_even_read_once_stamped(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roles_cli import cache, load

    monkeypatch.setattr(cache, "RACY_NANOSECONDS", 0)  # the file was not changed in the last tick
    path = write_yaml(tmp_path, MINIMAL)
    expected = load_roles(path).roles
    load_roles(path, cache=True)
    assert len(stamps(cache_home)) == 1

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was read")

    monkeypatch.setattr(load, "read_file", no_reading)
    assert load_roles(path, cache=True).roles == expected


@pytest.mark.parametrize("same_size", [True, False])
def test_a_stamped_file_changed_since_is_read_again(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch, same_size: bool
) -> None:
    """Even an edit that keeps the size and puts the modification time back (the inode's change time
    still moves) is seen."""
    from roles_cli import cache

    monkeypatch.setattr(cache, "RACY_NANOSECONDS", 0)
    path = write_yaml(tmp_path, MINIMAL)
    load_roles(path, cache=True)
    before = os.stat(path)
    path.write_text(path.read_text().replace("Baker", "Faker" if same_size else "Master baker"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert load_roles(path, cache=True).resolve("baker").name == ("Faker" if same_size else "Master baker")


def test_a_file_changed_within_the_last_tick_is_not_stamped(tmp_path: Path, cache_home: Path) -> None:
    """Two edits within one tick of a coarse file-system clock leave the same times: a stamp made
    between them would vouch for the second. So a file changed under two seconds ago is not stamped,
    and is read (and hashed) on each run until it is older."""
    path = write_yaml(tmp_path, MINIMAL)
    load_roles(path, cache=True)
    load_roles(path, cache=True)
    assert len(entries(cache_home)) == 1
    assert stamps(cache_home) == []


@pytest.mark.parametrize(
    "stamp",
    [
        b"",
        b"not json",
        b"[]",
        b'{"seen": [], "written": 0, "key": "x"}',
        b'{"seen": 1, "written": "1", "key": 2}',
    ],
)
def test_a_damaged_stamp_is_ignored(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch, stamp: bytes
) -> None:
    from roles_cli import cache

    monkeypatch.setattr(cache, "RACY_NANOSECONDS", 0)
    path = write_yaml(tmp_path, MINIMAL)
    expected = load_roles(path).roles
    load_roles(path, cache=True)
    (found,) = stamps(cache_home)
    found.write_bytes(stamp)
    assert load_roles(path, cache=True).roles == expected
    assert json.loads(found.read_bytes())["key"] == entries(cache_home)[0].name.removesuffix(".entry")


def test_a_stamp_that_names_another_files_entry_gives_that_files_roles_only_if_unchanged(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stamp is keyed by the file's path: two files never share one, and moving a file in place of
    another (a new inode) is a change."""
    from roles_cli import cache

    monkeypatch.setattr(cache, "RACY_NANOSECONDS", 0)
    first = write_yaml(tmp_path, MINIMAL, "a.yaml")
    second = write_yaml(tmp_path, MINIMAL.replace("Baker", "Faker"), "b.yaml")
    load_roles(first, cache=True)
    load_roles(second, cache=True)
    assert len(stamps(cache_home)) == 2
    os.replace(second, first)
    assert load_roles(first, cache=True).resolve("baker").name == "Faker"


def test_another_files_entry_under_this_files_name_is_not_used(tmp_path: Path, cache_home: Path) -> None:
    """An entry names the key it was written for: another file's, copied or renamed into this file's
    place, is refused, and the file is parsed."""
    mine = write_yaml(tmp_path, MINIMAL, "mine.yaml")
    other = write_yaml(tmp_path, MINIMAL.replace("Baker", "Faker"), "other.yaml")
    load_roles(other, cache=True)
    (foreign,) = entries(cache_home)
    load_roles(mine, cache=True)
    (own,) = [entry for entry in entries(cache_home) if entry != foreign]
    own.write_bytes(foreign.read_bytes())
    assert load_roles(mine, cache=True).resolve("baker").name == "Baker"


# -- the indexes of similar and fit, kept beside the entry -----------------------------------------


def indexes(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.indexes")) if cache.exists() else []


def test_similar_and_fit_keep_their_indexes_for_the_next_run(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first command to rank every role builds the indexes once and keeps them beside the entry;
    later runs read them (none is built again) and answer exactly as a fresh parse does."""
    from roles_cli import cache, fit, similar

    parsed = load_roles(ONET_SMALL)
    expected = (similar(parsed, "statisticians"), fit(parsed, ["Mathematics", "Programming"]))
    load_roles(ONET_SMALL, cache=True)
    assert indexes(cache_home) == []  # a first run that ranks nothing writes none
    first = load_roles(ONET_SMALL, cache=True)
    assert (similar(first, "statisticians"), fit(first, ["Mathematics", "Programming"])) == expected
    (kept,) = indexes(cache_home)
    written = kept.stat().st_mtime_ns

    def no_building(*args: object) -> None:
        raise AssertionError("the indexes were built again")

    monkeypatch.setattr(cache, "encode_indexes", no_building)
    later = load_roles(ONET_SMALL, cache=True)
    assert (similar(later, "statisticians"), fit(later, ["Mathematics", "Programming"])) == expected
    assert kept.stat().st_mtime_ns == written


@pytest.mark.parametrize("damage", ["garbage", "cut short", "a byte changed"])
def test_damaged_indexes_give_the_answers_of_a_fresh_parse(
    tmp_path: Path, cache_home: Path, damage: str
) -> None:
    from roles_cli import fit, similar

    parsed = load_roles(ONET_SMALL)
    expected = (similar(parsed, "statisticians"), fit(parsed, ["Mathematics", "Programming"]))
    load_roles(ONET_SMALL, cache=True)
    similar(load_roles(ONET_SMALL, cache=True), "statisticians")  # from the entry: indexes kept
    (kept,) = indexes(cache_home)
    data = kept.read_bytes()
    if damage == "garbage":
        kept.write_bytes(b"not an entry at all")
    elif damage == "cut short":
        kept.write_bytes(data[: len(data) // 2])
    else:  # inside a record: its hash no longer matches
        middle = data.index(b"[", len(data) // 2)
        kept.write_bytes(data[:middle] + b"{" + data[middle + 1 :])
    roles = load_roles(ONET_SMALL, cache=True)
    assert (similar(roles, "statisticians"), fit(roles, ["Mathematics", "Programming"])) == expected


def _sections(path: Path) -> tuple[dict[str, Any], dict[str, Any], dict[str, list[bytes]]]:
    """A file of the cache as its header, its contents and each section's records (JSON text)."""
    header_line, contents_line, body = path.read_bytes().split(b"\n", 2)
    contents = json.loads(contents_line)
    found = {}
    for name, (start, count) in contents["sections"].items():
        offsets = [
            int.from_bytes(body[start + 8 * n : start + 8 * n + 8], "little") for n in range(count + 1)
        ]
        found[name] = [body[a + 40 : b] for a, b in zip(offsets, offsets[1:], strict=False)]
    return json.loads(header_line), contents, found


def _write_sections(
    path: Path, header: dict[str, Any], contents: dict[str, Any], found: dict[str, list[bytes]]
) -> None:
    """The file again, every hash matching (see encode_entry)."""
    body = b""
    for name, records in found.items():
        contents["sections"][name] = [len(body), len(records)]
        offset = len(body) + 8 * (len(records) + 1)
        tail = b""
        for number, text in enumerate(records):
            body += offset.to_bytes(8, "little")
            hashed = hashlib.blake2b(f"{name}\0{number}\0".encode(), digest_size=20)
            hashed.update(text)
            tail += hashed.hexdigest().encode() + text
            offset += 40 + len(text)
        body += offset.to_bytes(8, "little") + tail
    text = json.dumps(contents, ensure_ascii=False, separators=(",", ":")).encode()
    header = {**header, "contents": [len(text), _digest(text)], "size": len(body)}
    path.write_bytes(json.dumps(header).encode() + b"\n" + text + b"\n" + body)


def _numbers(text: str) -> list[int]:
    data = base64.b64decode(text)
    return [int.from_bytes(data[n : n + 8], "little", signed=True) for n in range(0, len(data), 8)]


def _packed(numbers: list[int]) -> str:
    return base64.b64encode(b"".join(n.to_bytes(8, "little", signed=True) for n in numbers)).decode()


@pytest.mark.parametrize(
    "forgery",
    [
        lambda numbers, values: [numbers],  # a part missing
        lambda numbers, values: [_numbers(numbers), values],  # numbers as JSON, not packed
        lambda numbers, values: ["not base 64!", values],
        lambda numbers, values: [_packed([-1, *_numbers(numbers)[1:]]), values],  # role -1
        lambda numbers, values: [_packed([*_numbers(numbers)[:-1], 10**6]), values],  # no such role
        lambda numbers, values: [_packed(_numbers(numbers)[::-1]), values],  # out of order
        lambda numbers, values: [numbers, base64.b64encode(b"\x00" * 7).decode()],  # not 8 bytes
        lambda numbers, values: [numbers, _packed([-(2**62)] * len(_numbers(numbers)))],  # no weights
    ],
)
def test_a_forged_posting_is_refused_and_the_indexes_built_again(
    tmp_path: Path, cache_home: Path, forgery: Any
) -> None:
    """The indexes file is checked like an entry: a posting forged with every hash matching (role
    numbers out of range or out of order, values that are not weights) is not used."""
    from roles_cli import fit, similar

    parsed = load_roles(ONET_SMALL)
    expected = (similar(parsed, "statisticians"), fit(parsed, ["Mathematics", "Programming"]))
    load_roles(ONET_SMALL, cache=True)
    similar(load_roles(ONET_SMALL, cache=True), "statisticians")
    (kept,) = indexes(cache_home)
    header, contents, found = _sections(kept)
    for name in [n for n in found if n.startswith(("postings/", "items/"))]:
        buckets = [json.loads(record) for record in found[name]]
        for bucket in buckets:
            for key, (numbers, values) in bucket.items():
                bucket[key] = forgery(numbers, values)
        found[name] = [json.dumps(bucket).encode() for bucket in buckets]
    _write_sections(kept, header, contents, found)
    roles = load_roles(ONET_SMALL, cache=True)
    assert (similar(roles, "statisticians"), fit(roles, ["Mathematics", "Programming"])) == expected


def test_an_entry_is_the_same_whether_features_are_kept_from_counting_or_worked_out_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A small file's roles keep their features from counting the document frequencies to writing
    their own record; a large file's are worked out again. Both must write the same entry."""
    from roles_cli import cache

    kept = b"".join(cache.encode("0" * 40, load_roles(ONET_SMALL)))
    monkeypatch.setattr(cache, "COUNTED_UP_TO", 0)
    again = b"".join(cache.encode("0" * 40, load_roles(ONET_SMALL)))
    assert kept == again
    assert b'"features"' in kept
