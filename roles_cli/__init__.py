"""Compare job roles: load a roles file, then compare, overlap, fit, rank and search the roles in it.

    >>> import roles_cli
    >>> roles = roles_cli.load_roles()            # the bundled file, or load_roles("my.yaml")
    >>> result = roles_cli.compare(roles, ["ds", "mle"], ["skills"])
    >>> [item.name for item in result.dimensions[0].shared][:3]
    ['Python', 'SQL', 'Statistics']
    >>> best = roles_cli.fit(roles, ["Python", "SQL", "Statistics"]).ranking[0]
    >>> best.role.id, round(best.score, 2)
    ('data-scientist', 0.19)

Every function takes the RoleSet first and names roles by id, alias or name (any case), as the
command line does, and returns plain frozen dataclasses. Importing this package imports neither
Typer nor Rich; those belong to the command line.
"""

from roles_cli.analysis import (
    Comparison,
    Fit,
    Match,
    Overlap,
    RoleFit,
    Similar,
    SimilarRole,
    compare,
    fit,
    overlap,
    search,
    similar,
    similarity,
)
from roles_cli.errors import (
    DataError,
    Problem,
    RolesError,
    UnknownDimensionError,
    UnknownRoleError,
    UsageError,
)
from roles_cli.load import check_roles, load_roles, parse_roles
from roles_cli.model import Item, Role, RoleSet, Source

__version__ = "0.1.0"

__all__ = [
    "Comparison",
    "DataError",
    "Fit",
    "Item",
    "Match",
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
    "fit",
    "load_roles",
    "overlap",
    "parse_roles",
    "search",
    "similar",
    "similarity",
]
