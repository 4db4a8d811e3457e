"""Synthetic roles files for the scale benchmark: N roles x K items a dimension, from a shared
vocabulary, so that roles overlap the way real ones do.

    python benchmarks/generate.py 1000 15 > roles-1000.yaml
"""

from __future__ import annotations

import random
import sys

DIMENSIONS = ("skills", "tasks", "technology")


def synthetic(roles: int, items: int, *, seed: int = 7) -> str:
    """A valid roles file as text. The vocabulary grows with the file (10 words a role), and item
    popularity is skewed, like real data: a few items are everywhere, most are rare."""
    rng = random.Random(seed)
    vocabulary = max(50, roles * 10)
    lines = ["version: 1", f"dimensions: [{', '.join(DIMENSIONS)}]", "roles:"]
    for number in range(1, roles + 1):
        lines += [
            f"  - id: role-{number}",
            f"    name: Role {number}",
            f"    aliases: [r{number}]",
            f"    summary: Synthetic role number {number}, for benchmarks.",
        ]
        for dimension in DIMENSIONS:
            word = dimension.rstrip("s") if dimension != "technology" else "tool"
            chosen: set[int] = set()
            while len(chosen) < items:
                chosen.add(int(rng.paretovariate(1.2) * 3) % vocabulary)
            lines.append(f"    {dimension}:")
            lines += [
                f"      - {{name: {word} {i}, importance: {rng.randint(1, 5)}}}" for i in sorted(chosen)
            ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(synthetic(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 15))
