"""Run every benchmark in this folder, one after another, each printing its own table.

    .venv/bin/python bench/run.py [NAME ...]     # e.g. bench/run.py ingest figures
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(path for path in HERE.glob("*.py") if path.name != "run.py")
    if names:
        scripts = [path for path in scripts if path.stem in names]
    failed = 0
    for script in scripts:
        print(f"\n== bench/{script.name} ==", flush=True)
        failed += subprocess.run([sys.executable, str(script)], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
