"""Snapshot claimcheck's output on every corpus we have, to show a change alters nothing.

    python benchmarks/snapshot.py /tmp/before            # at the old commit
    python benchmarks/snapshot.py /tmp/after             # at the new one
    python benchmarks/snapshot.py /tmp/after --compare /tmp/before

Speed and memory work must leave what claimcheck finds untouched (issue 5). This writes,
for ``seeds/``, every story under ``tests/corpus`` and ``tests/e2e`` and (with
``--bench N``) the benchmark's synthetic corpus of N articles, the report of ``check``
in every format (JSON on stdout, the others through ``--export``) and the JSON claims of
``extract``, each run in a fresh process without the cache, from the checkout's root
with paths relative to it (so snapshots of two checkouts compare); ``--compare DIR`` then
names every file that differs from an earlier snapshot.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EXPORTED = ("terminal", "markdown", "csv", "html", "sarif", "junit", "github", "claimreview")
"""The formats written besides JSON (every one ``--export`` takes)."""


def targets(bench: int) -> list[tuple[str, Path, Path | None]]:
    """(name, articles, claims.yaml or None) for every corpus to snapshot."""
    found: list[tuple[str, Path, Path | None]] = [("seeds", REPO / "seeds", REPO / "claims.yaml")]
    for root in ("tests/corpus", "tests/e2e"):
        for story in sorted(p for p in (REPO / root).iterdir() if p.is_dir()):
            claims = story / "claims.yaml"
            found.append((f"{root.split('/')[1]}-{story.name}", story, claims))
    if bench:
        sys.path.insert(0, str(HERE))
        from bench import DEFAULT_CACHE, ensure_corpus

        corpus = ensure_corpus(DEFAULT_CACHE, bench, 1)
        found.append((f"bench-{bench}", corpus / "articles", corpus / "claims.yaml"))
    return found


def run(out: Path, bench: int) -> None:
    """Write every report of every target into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for name, articles, claims in targets(bench):
        ref = ["--claims", _shown(claims)] if claims and claims.exists() else ["--no-claims"]
        exports = [
            arg
            for fmt in EXPORTED
            for arg in ("--export", f"{fmt}:{out.resolve() / f'{name}.check.{fmt}'}")
        ]
        for command, extra in (
            ("check", ["--no-baseline", "--fail-on", "never", *exports]),
            ("extract", []),
        ):
            argv = [sys.executable, "-m", "claimcheck", command, _shown(articles), *ref]
            argv += ["--format", "json", "--no-cache", "-q", *extra]
            result = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, check=False)
            (out / f"{name}.{command}.json").write_bytes(result.stdout)
            (out / f"{name}.{command}.stderr").write_bytes(result.stderr)
            print(f"{name} {command}: exit {result.returncode}", flush=True)


def _shown(path: Path) -> str:
    """Paths inside the checkout relative to it, so two checkouts' snapshots compare."""
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def compare(new: Path, old: Path) -> int:
    """Print every snapshot file that differs; 1 when any does."""
    names = sorted({p.name for p in new.iterdir()} | {p.name for p in old.iterdir()})
    _, differ, missing = filecmp.cmpfiles(new, old, names, shallow=False)
    for name in differ + missing:
        print(f"differs: {name}")
    print(f"{len(names) - len(differ) - len(missing)} of {len(names)} files identical")
    return 1 if differ or missing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--bench", type=int, default=0, help="also the N-article corpus")
    parser.add_argument("--compare", type=Path, help="an earlier snapshot to compare with")
    args = parser.parse_args()
    run(args.out, args.bench)
    return compare(args.out, args.compare) if args.compare else 0


if __name__ == "__main__":
    raise SystemExit(main())
