"""Compare job roles: load a roles file, then compare, overlap and rank the roles in it.

    >>> import roles_cli
    >>> roles = roles_cli.load_roles()            # the bundled file, or load_roles("my.yaml")
    >>> ds, mle = roles.resolve("ds"), roles.resolve("mle")
    >>> result = roles_cli.compare([ds, mle], ["skills"])
    >>> [item.name for item in result.dimensions[0].shared][:3]
    ['Python', 'SQL', 'Statistics']

Importing this package imports neither Typer nor Rich; those belong to the command line.
"""

from roles_cli.analysis import Comparison, Overlap, compare, overlap, similarity
from roles_cli.errors import DataError, Problem, RolesError, UnknownDimensionError, UnknownRoleError
from roles_cli.load import check_roles, load_roles, parse_roles
from roles_cli.model import Item, Role, RoleSet, Source

__version__ = "0.1.0"

__all__ = [
    "Comparison",
    "DataError",
    "Item",
    "Overlap",
    "Problem",
    "Role",
    "RoleSet",
    "RolesError",
    "Source",
    "UnknownDimensionError",
    "UnknownRoleError",
    "__version__",
    "check_roles",
    "compare",
    "load_roles",
    "overlap",
    "parse_roles",
    "similarity",
]
