"""How often `similar` finds related occupations on the O*NET file, by a public proxy.

O*NET's own expert-reviewed lists of related occupations are not part of this project, so this
script measures something anyone can check: the share of each occupation's top-10 similar roles that
sit in the same group of the Standard Occupational Classification (the SOC code is each role's alias,
as in 15-2041.00). Occupations of one minor group (15-20: mathematical science occupations) do
related work by construction, so a better measure of likeness should place more of them near each
other. It is a proxy, not the expert list: some related occupations sit in other groups.

    python benchmarks/related.py            # both methods, minor (XX-XX) and broad (XX-XXX) groups
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import roles_cli  # noqa: E402
from roles_cli.measures import METHODS  # noqa: E402

ONET = HERE.parent / "tests" / "fixtures" / "onet" / "onet-roles.yaml"


def agreement(roles: roles_cli.RoleSet, method: str, top: int, digits: int) -> float:
    """The mean share of each role's `top` most similar roles whose SOC code starts alike (`digits`
    characters: 5 for a minor group, 6 for a broad one)."""
    code = {role.id: role.aliases[0] for role in roles if role.aliases}
    shares = []
    for role in roles:
        if role.id not in code:
            continue
        ranking = roles_cli.similar(roles, role, top=top, method=method).ranking
        same = sum(code.get(entry.role.id, "")[:digits] == code[role.id][:digits] for entry in ranking)
        shares.append(same / top)
    return sum(shares) / len(shares)


def ceiling(roles: roles_cli.RoleSet, top: int, digits: int) -> float:
    """The share a perfect ranking would reach: a small group has fewer than `top` other members."""
    codes = [role.aliases[0][:digits] for role in roles if role.aliases]
    return sum(min(top, codes.count(code) - 1) / top for code in codes) / len(codes)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ONET)
    parser.add_argument("--top", type=int, default=10)
    options = parser.parse_args()
    roles = roles_cli.load_roles(options.data, max_bytes=1 << 30)
    print(f"{len(roles)} roles; share of the top {options.top} similar roles in the same SOC group")
    print(f"{'method':<8} {'minor group':>12} {'broad group':>12}")
    for method in METHODS:
        minor = agreement(roles, method, options.top, 5)
        broad = agreement(roles, method, options.top, 6)
        print(f"{method:<8} {minor:>12.3f} {broad:>12.3f}")
    minor, broad = ceiling(roles, options.top, 5), ceiling(roles, options.top, 6)
    print(f"{'at most':<8} {minor:>12.3f} {broad:>12.3f}")


if __name__ == "__main__":
    main()
