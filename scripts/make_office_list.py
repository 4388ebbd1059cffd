"""Write a synthetic office list (made-up people, messy on purpose) to try the import with.

    python scripts/make_office_list.py spysok.xlsx [--rows 2000] [--seed 1] [--bad-every 250]

Ukrainian headers with typos, places as text, households in numbered columns, in one cell and on
a second sheet, about one bad row in --bad-every (printed with what is wrong), and a few people
listed twice. Names from Faker's uk_UA lists; nobody in it exists.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.services.synthetic_lists import write_office_list  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bad-every", type=int, default=250)
    args = parser.parse_args()
    made = write_office_list(args.out, args.rows, seed=args.seed, bad_every=args.bad_every)
    print(f"{args.out}: {made.rows} rows, {made.members} household members in the good rows")
    for line, what in sorted(made.bad_lines.items()):
        print(f"  bad row, line {line}: {what}")
    for line in made.bad_member_lines:
        print(f"  bad household row, sheet «Члени родини», line {line}")
    print(f"  listed twice (the same RNOKPP as 7 rows above): lines {made.duplicate_lines}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
