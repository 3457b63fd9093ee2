"""Build Spoor's offline gazetteer index from the installed registry packages.

Usage: .venv/bin/python scripts/build_gazetteer.py [--out PATH]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from spoor.geo.build import DEFAULT_INDEX_PATH, build_index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_INDEX_PATH,
        help=f"where to write the index (default {DEFAULT_INDEX_PATH})",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    path = build_index(args.out)
    print(f"gazetteer written to {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
