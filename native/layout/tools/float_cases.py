"""Write ``tests/data/floats.jsonl``: Python's ``f"{p:.2f}"`` and ``math.log1p`` / ``math.exp``
on chosen values, for the crate's float tests.

Formatting: every tie of two decimals that a double can hold exactly (odd multiples of
1/8), the doubles next to each decimal boundary ``n/200`` (n = 0..200) and random values
in [0, 1]. Functions: counts and shares as the features pass them to ``log1p``, and the
log-odds range that ``exp`` sees in the sigmoid.

    python native/layout/tools/float_cases.py > native/layout/tests/data/floats.jsonl
"""

from __future__ import annotations

import json
import math
import random


def main() -> None:
    """Print one JSON list per value: ["format", x, text] or ["log1p" | "exp", x, f(x)]."""
    rng = random.Random(7)
    values = [k / 8 for k in range(9)]
    for n in range(201):
        x = n / 200
        values += [math.nextafter(x, -1.0), x, math.nextafter(x, 2.0)]
    values += [rng.random() for _ in range(300)]
    for x in values:
        if 0.0 <= x <= 1.0:
            print(json.dumps(["format", x, f"{x:.2f}"]))
    inputs = [float(i) for i in range(1100)] + [i / 7 for i in range(1, 300)]
    inputs += [rng.uniform(0, 100) for _ in range(100)]
    for x in inputs:
        print(json.dumps(["log1p", x, math.log1p(x)]))
    for x in [rng.uniform(-40, 40) for _ in range(600)] + [i / 8 for i in range(-160, 161)]:
        print(json.dumps(["exp", x, math.exp(x)]))


if __name__ == "__main__":
    main()
