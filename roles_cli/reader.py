"""A YAML node tree -> a RoleSet: the format's every rule, each problem with the line it is on.

The reader is driven by the format: it only ever looks where the format allows a value, so no YAML
tag builds an object, and each problem names its line. Every problem is collected before anything
is raised, so one run reports them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from sys import intern
from typing import TYPE_CHECKING, NamedTuple

from roles_cli.clean import blank
from roles_cli.errors import DataError, Problem
from roles_cli.first_file import name_and_importance, undeclared_dimensions
from roles_cli.model import (
    ALIAS_PATTERN,
    DEFAULT_DIMENSIONS,
    DEFAULT_IMPORTANCE,
    ID_PATTERN,
    Dimensions,
    Item,
    Role,
    RoleSet,
    Source,
    name_key,
)
from roles_cli.nodes import (
    FLOAT,
    INT,
    STR,
    TAG,
    TYPE_NAMES,
    NodeReader,
    as_number,
    clip,
    describe,
    is_mapping,
    is_scalar,
    quote,
    short,
    slug,
)
from roles_cli.synonyms import Declaration, canonical_keys
from roles_cli.yaml_tree import StreamedRoles

if TYPE_CHECKING:
    from roles_cli.lint import Occurrence
    from roles_cli.yaml_tree import Node

FORMAT_VERSION = 1
MIN_IMPORTANCE, MAX_IMPORTANCE = 1, 5
ROLE_KEYS = ("id", "name", "aliases", "summary", "sources")
TOP_KEYS = ("version", "dimensions", "synonyms", "roles")
ITEM_KEYS = ("name", "importance", "aliases")
SOURCE_KEYS = ("title", "url")
MAX_ITEMS = 10_000
"""Items of one role in one dimension, at most: a real role lists tens, an O*NET occupation up to a
few hundred; every answer about a role takes time in the number of its items."""


class Reading(NamedTuple):
    """What the reader made of a document."""

    roles: RoleSet | None
    """None when there are errors."""
    problems: list[Problem]
    occurrences: list[Occurrence]
    """Every item with its line, when linting (else empty)."""


def read_document(root: Node | None, source: str, *, lint: bool = False) -> Reading:
    """The roles a composed document describes, and every problem with them; raises DataError only
    when the document is not a roles file at all (empty, or not a mapping)."""
    reader = _Reader(source, lint=lint)
    roles = reader.read(root)
    return Reading(roles, reader.problems, reader.occurrences)


class _Reader(NodeReader):
    """Walks a composed document along the format, turning nodes into model objects."""

    def __init__(self, source: str, *, lint: bool = False) -> None:
        super().__init__(source)
        self.names: list[_Name] = []
        """Every id and alias of every role, valid or not, for the rules across roles."""
        self.lint = lint
        self.occurrences: list[Occurrence] = []
        """Where each item (a dimension and a key) is first spelled, when linting: lint.py pairs
        first spellings only, and a large file repeats its items in role after role."""
        self._spelled: set[tuple[str, str]] = set()
        # Items are immutable: the roles that list an item alike share one object, made (its key and
        # words worked out) once. A large file repeats its items in role after role.
        self._plain: dict[str, Item] = {}
        self._made: dict[tuple[str, float, type], Item] = {}
        self.declarations: list[Declaration] = []
        """Every synonym declared, top-level ones first, in file order."""

    # -- the document --------------------------------------------------------------------

    def read(self, root: Node | None) -> RoleSet | None:
        if root is None:
            self.error(None, "is empty; a roles file starts with 'version: 1' and has a list of 'roles:'")
            raise DataError(self.problems)
        top = self.mapping(root, "the top level", TOP_KEYS)
        if top is None:
            raise DataError(self.problems)

        version = top.get("version")
        if version is None:
            self.error(root, f"'version: {FORMAT_VERSION}' is missing; add it as the first line")
        elif not isinstance(version.value, str) or version.tag not in TYPE_NAMES:
            self.wrong_type(version, "version", str(FORMAT_VERSION))
        elif is_scalar(version, STR) and version.value.strip() == str(FORMAT_VERSION):
            self.error(
                version,
                f"version is the text {short(version)}; write the number, without quotes:"
                f" 'version: {FORMAT_VERSION}'",
            )
        elif not (is_scalar(version, INT) and version.value.strip() == str(FORMAT_VERSION)):
            self.error(
                version,
                f"version {short(version)} is not supported; this tool reads version {FORMAT_VERSION}",
            )

        dimensions = self.dimensions(top.get("dimensions"))
        synonyms = self.synonyms(top.get("synonyms"))
        roles_node = top.get("roles")
        roles: list[Role] = []
        if roles_node is None:
            self.error(root, "'roles' is missing; add a list of roles under 'roles:'")
        elif (role_nodes := self.role_nodes(roles_node)) is not None:
            if not role_nodes:
                self.error(roles_node, "'roles' is empty; add at least one role")
            nodes: Iterable[Node] = role_nodes
            if top.get("dimensions") is None:
                nodes, dimensions = undeclared_dimensions(self, roles_node, role_nodes, ROLE_KEYS)
            for number, node in enumerate(nodes, 1):
                role = self.role(node, number, dimensions)
                if role is not None:
                    roles.append(role)
            self.check_names()
        if self.declarations:
            roles = self.apply_synonyms(roles)
        if any(not p.warning for p in self.problems):
            return None
        return RoleSet(tuple(roles), dimensions, self.source, synonyms=synonyms)

    def synonyms(self, node: Node | None) -> dict[str, tuple[str, ...]]:
        """The top-level `synonyms:` mapping, item name -> its other names, for every role."""
        if node is None:
            return {}
        if not is_mapping(node):
            self.wrong_type(node, "synonyms", "a mapping of item names to lists of other names")
            return {}
        synonyms: dict[str, tuple[str, ...]] = {}
        for key_node, value_node in node.value:
            name = self.string(key_node, "synonyms: a name")
            if name is None:
                continue
            if name in synonyms:
                self.error(key_node, f"synonyms: {quote(name)} appears twice; merge its lists")
                continue
            aliases = self.aliases(value_node, f"synonyms: {clip(name)}")
            synonyms[name] = tuple(alias for alias, _ in aliases)
            self.declarations += [Declaration(name, alias, line) for alias, line in aliases]
        return synonyms

    def apply_synonyms(self, roles: list[Role]) -> list[Role]:
        """Roles whose items carry their group's key (see synonyms.py); a name that points two ways,
        or two items of one role that are synonyms, is an error."""
        keys, conflicts = canonical_keys(self.declarations)
        for first, second in conflicts:
            self.problem(
                f"{quote(second.alias)} is declared another name of {quote(second.name)} here and of "
                f"{quote(first.name)} on line {first.line}; an alias can name one item only",
                second.line,
            )
        if not keys:
            return roles
        renamed = []
        for role in roles:
            dimensions = {}
            for dimension, items in role.dimensions.items():
                seen: dict[str, Item] = {}
                for item in items:
                    key = keys.get(item.key, item.key)
                    other = seen.setdefault(key, item)
                    if other is not item:
                        self.problem(
                            f"{role.id}: {dimension}: {quote(other.name)} and {quote(item.name)} are "
                            "synonyms, so the same item; keep one (and list the other as its alias)",
                            role.line,
                        )
                dimensions[dimension] = tuple(
                    item if key == item.key else item._replace(key=key) for key, item in seen.items()
                )
            renamed.append(role._replace(dimensions=Dimensions(dimensions)))
        return renamed

    def dimensions(self, node: Node | None) -> tuple[str, ...]:
        if node is None:
            return DEFAULT_DIMENSIONS
        nodes = self.sequence(node, "dimensions", "a list of names, e.g. [skills, tasks]")
        if nodes is None:
            return DEFAULT_DIMENSIONS
        if not nodes:
            self.error(node, "'dimensions' is empty; list at least one, or leave it out for the default")
        names: dict[str, str] = {}
        for number, item in enumerate(nodes, 1):
            name = self.string(item, f"dimensions: entry {number}")
            if name is None:
                continue
            if name in ROLE_KEYS:
                self.error(item, f"dimensions: {name!r} is a role field; choose another name")
            elif name.casefold() in names:
                self.error(item, f"dimensions: {quote(name)} is listed twice")
            else:
                names[name.casefold()] = name
        return tuple(names.values()) or DEFAULT_DIMENSIONS

    def role(self, node: Node, number: int, dimensions: tuple[str, ...]) -> Role | None:
        where = _role_name(node) or f"roles: entry {number}"
        fields = self.mapping(node, where, ROLE_KEYS + dimensions)
        if fields is None:
            return None
        errors_before = len(self.problems)

        role_id = self.required_string(fields, "id", node, where)
        if role_id is not None:
            self.names.append(_Name(number, role_id, role_id, "id", fields["id"].start_mark.line + 1))
            if not ID_PATTERN.match(role_id):
                self.error(
                    fields["id"],
                    f"id {quote(role_id)} is not valid: use lowercase letters, digits and '-'"
                    f" (e.g. {quote(slug(role_id))})",
                )
        name = self.required_string(fields, "name", node, where)
        summary = self.required_string(fields, "summary", node, where)
        aliases = self.aliases(fields.get("aliases"), where)
        for alias, line in aliases:
            if not ALIAS_PATTERN.match(alias):
                self.problem(
                    f"{where}: alias {quote(alias)} is not valid: use letters, digits, '-' and '.'"
                    f" (e.g. {quote(slug(alias))})",
                    line,
                )
        if role_id is not None:
            self.names += [_Name(number, role_id, alias, "alias", line) for alias, line in aliases]
        sources = self.sources(fields.get("sources"), where)
        items: dict[str, tuple[Item, ...]] = {}
        for dimension in dimensions:
            dimension_node = fields.get(dimension)
            if dimension_node is None:
                self.error(
                    node, f"{where}: {quote(dimension)} is missing; every role needs {', '.join(dimensions)}"
                )
                continue
            items[dimension] = self.items(dimension_node, where, dimension)

        if len(self.problems) > errors_before or role_id is None or name is None or summary is None:
            return None
        names = tuple(alias for alias, _ in aliases)
        return Role(role_id, name, summary, Dimensions(items), names, sources, node.start_mark.line + 1)

    def aliases(self, node: Node | None, where: str) -> list[tuple[str, int]]:
        """Each alias with its line."""
        if node is None:
            return []
        if is_scalar(node, STR):  # a lone alias written without brackets
            self.error(node, f"{where}: aliases must be a list; write aliases: [{clip(node.value)}]")
            return []
        aliases = []
        for number, alias_node in enumerate(
            self.sequence(node, f"{where}: aliases", "a list of strings") or (), 1
        ):
            alias = self.string(alias_node, f"{where}: alias {number}")
            if alias is not None:
                aliases.append((alias, alias_node.start_mark.line + 1))
        return aliases

    def sources(self, node: Node | None, where: str) -> tuple[Source, ...]:
        if node is None:
            return ()
        sources: list[Source] = []
        for number, entry in enumerate(self.sequence(node, f"{where}: sources", "a list") or (), 1):
            what = f"{where}: source {number}"
            fields = self.mapping(entry, what, SOURCE_KEYS)
            if fields is None:
                continue
            title = self.required_string(fields, "title", entry, what)
            url = self.string(fields["url"], f"{what}: url") if "url" in fields else None
            if title is not None:
                sources.append(Source(title, url))
        return tuple(sources)

    def items(self, node: Node, role: str, dimension: str) -> tuple[Item, ...]:
        where = f"{role}: {dimension}"
        nodes = self.sequence(node, where, "a list of items")
        if nodes is None:
            return ()
        if not nodes:
            self.error(node, f"{where} is empty; list at least one item")
        if not isinstance(nodes, StreamedRoles) and len(nodes) > MAX_ITEMS:  # (only roles are streamed)
            self.error(
                node, f"{where} has {len(nodes):,} items; a role lists at most {MAX_ITEMS:,} in a dimension"
            )
            return ()
        items: list[Item] = []
        seen: dict[str, int] = {}
        for number, entry in enumerate(nodes, 1):
            item = self.item(entry, f"{where}: item {number}")
            if item is None:
                continue
            key = item.key
            if key in seen:
                self.error(
                    entry, f"{where}: {quote(item.name)} is listed twice (items {seen[key]} and {number})"
                )
                continue
            seen[key] = number
            items.append(item)
            if self.lint and (dimension, key) not in self._spelled:
                from roles_cli.lint import Occurrence

                self._spelled.add((dimension, key))
                self.occurrences.append(
                    Occurrence(dimension, key, item.name, role, entry.start_mark.line + 1)
                )
        return tuple(items)

    def item(self, node: Node, where: str) -> Item | None:
        if node.tag == STR and isinstance(node.value, str):  # the common case, kept fast
            found = self._plain.get(node.value)
            if found is not None:
                return found
            if not blank(node.value):
                found = self._plain[node.value] = Item(intern(node.value))
                return found
            self.empty(node, where)
            return None
        if not is_mapping(node):
            expected = (
                "a string" if isinstance(node.value, str) else "a string or {name: ..., importance: 1-5}"
            )
            self.wrong_type(node, where, expected)
            return None
        if len(node.value) == 1 and name_and_importance(self, node, where, ITEM_KEYS):
            return None
        fields = self.mapping(node, where, ITEM_KEYS)
        if fields is None:
            return None
        name = self.required_string(fields, "name", node, where)
        importance = self.importance(fields.get("importance"), where)
        aliases = self.aliases(fields.get("aliases"), where)
        if name is None or importance is None:
            return None
        if aliases:
            self.declarations += [Declaration(name, alias, line) for alias, line in aliases]
            return Item(intern(name), importance, aliases=tuple(alias for alias, _ in aliases))
        known = (name, importance, type(importance))  # 3 and 3.0 are equal, but print differently
        found = self._made.get(known)
        if found is None:
            found = self._made[known] = Item(intern(name), importance)
        return found

    def importance(self, node: Node | None, where: str) -> float | None:
        if node is None:
            return DEFAULT_IMPORTANCE
        numeric = is_scalar(node, INT) or is_scalar(node, FLOAT)
        value = as_number(node) if numeric else None
        if value is None:
            got = f"{short(node)}, which is not a number" if numeric else describe(node)  # .nan
            self.error(node, f"{where}: importance must be a number from 1 to 5, got {got}")
        elif not MIN_IMPORTANCE <= value <= MAX_IMPORTANCE:
            self.error(node, f"{where}: importance must be from 1 to 5, got {short(node)}")
            value = None
        return value

    def role_nodes(self, node: Node) -> Sequence[Node] | StreamedRoles | None:
        """The nodes of the roles: those of a large file composed as they are read."""
        if node.tag == TAG + "seq" and isinstance(node.value, StreamedRoles):
            return node.value
        return self.sequence(node, "roles", "a list of roles")

    # -- rules across roles ------------------------------------------------------------------

    def check_names(self) -> None:
        """Ids and aliases name one role each, in any case and spaces and hyphens alike (as a
        lookup reads them, see name_key); also for roles with other errors, so that one run reports
        every clash. Each problem is on the line of the second name."""
        first: dict[str, _Name] = {}
        for name in self.names:
            other = first.setdefault(name_key(name.text), name)
            if other is name:
                continue
            said = f"{name.role_id}: {name.kind} {quote(name.text)}"
            if other.text.casefold() != name.text.casefold():
                if other.role == name.role:  # "ml engineer" beside "ml-engineer": harmless
                    continue
                said += f" (spaces and hyphens are alike in a role's name, so it is {quote(other.text)})"
            if other.role == name.role:
                repeated = "its own id" if other.kind == "id" else f"an alias on line {other.line}"
                message = f"{said} repeats {repeated}"
            elif other.kind == "id":
                message = f"{said} is already the id of the role on line {other.line}"
            else:
                message = f"{said} is already an alias of {other.role_id} (line {other.line})"
            self.problem(message, name.line)


class _Name(NamedTuple):
    """An id or alias as written, for the rules across roles."""

    role: int
    """The role's place in the file (roles may share an id, so not the id)."""
    role_id: str
    text: str
    kind: str
    """ "id" or "alias" """
    line: int


def _role_name(node: Node) -> str | None:
    """A role's id as written, to name the role in messages before its fields are checked."""
    if is_mapping(node):
        for key, value in node.value:
            if is_scalar(key, STR) and key.value == "id" and is_scalar(value, STR) and not blank(value.value):
                return clip(value.value)
    return None
