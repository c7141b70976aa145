"""Profile claimcheck on the benchmark corpus and print where the time goes.

    python benchmarks/profile.py [--articles 10000] [--seed 1] [--top 30] [--pyinstrument]

Runs load+extract -> compare -> report in this one process (as ``bench.py`` does with
``--jobs 1``, no cache) under cProfile, then prints the top functions by cumulative time
and by own (total) time, plus the top functions inside the claimcheck package by own time.
The raw profile is saved next to the cached corpus (``profile-N.prof``) for ``snakeviz``
or ``pstats``. With ``--pyinstrument`` the statistical profiler pyinstrument is used
instead (lower overhead, call-tree output).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def stdlib_cprofile() -> ModuleType:
    """The standard library's cProfile: it imports ``profile``, which this file's name shadows
    while its folder is first on ``sys.path``."""
    saved = sys.path[:]
    sys.path[:] = [p for p in sys.path if Path(os.path.abspath(p or os.curdir)) != HERE]
    try:
        import cProfile
    finally:
        sys.path[:] = saved
    return cProfile


def _bench() -> ModuleType:
    """bench.py, which also puts this checkout's claimcheck first on ``sys.path``."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import bench

    return bench


def short(path: str) -> str:
    """A file path relative to the repository or to site-packages, for narrow tables."""
    for root in (str(REPO) + os.sep, "site-packages" + os.sep, "lib" + os.sep + "python3"):
        if root in path:
            return path.split(root, 1)[1]
    return path


Row = tuple[tuple[str, int, str], tuple[int, int, float, float, Any]]


def print_top(title: str, rows: list[Row], key: Callable[[Row], float], top: int) -> None:
    """Print the ``top`` rows by ``key`` as a fixed-width table."""
    print(f"\n## {title}\n")
    print(f"{'calls':>10} {'own s':>8} {'cum s':>8}  function")
    for (path, line, name), (_, calls, own, cum, _) in sorted(rows, key=key, reverse=True)[:top]:
        where = f"{short(path)}:{line}({name})" if line else name
        print(f"{calls:>10} {own:>8.2f} {cum:>8.2f}  {where}")


def run_cprofile(corpus: Path, top: int, out: Path) -> None:
    """Profile the staged run with cProfile and print the three tables."""
    import pstats

    bench = _bench()
    before = bench.provenance()
    profiler = stdlib_cprofile().Profile()
    start = time.perf_counter()
    profiler.enable()
    measured, _ = bench.run_stages([corpus / "articles"], corpus / "claims.yaml")
    profiler.disable()
    wall = time.perf_counter() - start
    profiler.dump_stats(out)
    stats = pstats.Stats(profiler)
    rows: list[Row] = list(stats.stats.items())  # type: ignore[attr-defined]
    print(f"# cProfile of {measured.articles} articles ({measured.claims} claims)")
    changed = "" if bench.provenance() == before else " (sources changed while it ran)"
    print(f"\n{before}{changed}")
    print(f"\nwall {wall:.1f} s under the profiler; stages: " + _stages(measured.seconds))
    print(f"raw profile: {out}")
    print_top("Top by cumulative time", rows, lambda r: r[1][3], top)
    print_top("Top by own (total) time", rows, lambda r: r[1][2], top)
    inside = [r for r in rows if f"{os.sep}claimcheck{os.sep}" in r[0][0]]
    print_top("claimcheck functions by own time", inside, lambda r: r[1][2], top)


def _stages(seconds: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items())


def run_pyinstrument(corpus: Path) -> None:
    """Profile the staged run with pyinstrument and print its call tree."""
    from pyinstrument import Profiler  # benchmark-only extra: pip install pyinstrument

    bench = _bench()
    before = bench.provenance()
    profiler = Profiler(interval=0.005)
    profiler.start()
    measured, _ = bench.run_stages([corpus / "articles"], corpus / "claims.yaml")
    profiler.stop()
    print(f"# pyinstrument of {measured.articles} articles; stages: {_stages(measured.seconds)}")
    changed = "" if bench.provenance() == before else " (sources changed while it ran)"
    print(f"{before}{changed}")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: generate or reuse the corpus, then profile it."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=10000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--top", type=int, default=30, help="rows per table (default 30)")
    p.add_argument("--cache-dir", type=Path, help="corpus cache (default: bench.py's)")
    p.add_argument("--pyinstrument", action="store_true", help="use pyinstrument instead")
    args = p.parse_args(argv)
    bench = _bench()
    cache = args.cache_dir or bench.DEFAULT_CACHE
    corpus = bench.ensure_corpus(cache, args.articles, args.seed)
    if args.pyinstrument:
        run_pyinstrument(corpus)
    else:
        run_cprofile(corpus, args.top, cache / f"profile-{args.articles}.prof")
    return 0


if __name__ == "__main__":
    sys.exit(main())
