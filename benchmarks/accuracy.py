"""Accuracy on the development corpus: precision and recall per story and overall.

    python benchmarks/accuracy.py [CORPUS_DIR] [--brief]

Lists every miss and false alarm with its path:line unless --brief.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # score this checkout

from claimcheck.evaluate import evaluate, format_results


def main(argv: list[str]) -> int:
    """Score every story under the corpus folder (default tests/corpus)."""
    args = [a for a in argv if not a.startswith("--")]
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "tests" / "corpus"
    results, overall = evaluate(root)
    sys.stdout.write(format_results(results, overall, details="--brief" not in argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
