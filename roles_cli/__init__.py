"""Compare job roles: load a roles file, then compare, overlap, fit, rank and search the roles in it.

    >>> import roles_cli
    >>> roles = roles_cli.load_roles()            # the bundled file, or load_roles("my.yaml")
    >>> result = roles_cli.compare(roles, ["ds", "mle"], ["skills"])
    >>> [item.name for item in result.dimensions[0].shared][:3]
    ['Python', 'SQL', 'Statistics']
    >>> best = roles_cli.fit(roles, ["Python", "SQL", "Statistics"]).ranking[0]
    >>> best.role.id, round(best.coverage, 2), best.uses     # a sixth of the role; all three are used
    ('data-scientist', 0.17, 1.0)

Every function takes the RoleSet first and names roles by id, alias or name (any case), as the
command line does, and returns plain immutable records (named tuples). Importing this package imports neither
Typer nor Rich; those belong to the command line.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roles_cli.analysis import (
        ComparedItem,
        Comparison,
        Match,
        Overlap,
        compare,
        find_roles,
        overlap,
        search,
        similarity,
    )
    from roles_cli.errors import (
        DataError,
        MissingArgumentError,
        OutputError,
        Problem,
        RolesError,
        UnknownDimensionError,
        UnknownRoleError,
        UsageError,
    )
    from roles_cli.load import check_roles, load_roles, parse_roles
    from roles_cli.matching import Fit, Gap, RoleFit, fit, fit_text, gap
    from roles_cli.model import Dimensions, Item, Role, RoleSet, Source
    from roles_cli.nearest import Similar, SimilarRole, similar

__version__ = "0.1.0"

# The API is imported on first use (PEP 562), so that `roles --version` and a cache hit do not pay
# for modules they never touch.
_EXPORTS = {
    "analysis": ("ComparedItem", "Comparison", "Match", "Overlap")
    + ("compare", "find_roles", "overlap", "search", "similarity"),
    "nearest": ("Similar", "SimilarRole", "similar"),
    "matching": ("Fit", "Gap", "RoleFit", "fit", "fit_text", "gap"),
    "errors": (
        "DataError",
        "MissingArgumentError",
        "OutputError",
        "Problem",
        "RolesError",
        "UnknownDimensionError",
        "UnknownRoleError",
        "UsageError",
    ),
    "load": ("check_roles", "load_roles", "parse_roles"),
    "model": ("Dimensions", "Item", "Role", "RoleSet", "Source"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'roles_cli' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"roles_cli.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ComparedItem",
    "Comparison",
    "DataError",
    "Dimensions",
    "Fit",
    "Gap",
    "Item",
    "Match",
    "MissingArgumentError",
    "OutputError",
    "Overlap",
    "Problem",
    "Role",
    "RoleFit",
    "RoleSet",
    "RolesError",
    "Similar",
    "SimilarRole",
    "Source",
    "UnknownDimensionError",
    "UnknownRoleError",
    "UsageError",
    "__version__",
    "check_roles",
    "compare",
    "find_roles",
    "fit",
    "fit_text",
    "gap",
    "load_roles",
    "overlap",
    "parse_roles",
    "search",
    "similar",
    "similarity",
]
