"""The command line: parse options, call the pipeline, pick a reporter, return an exit code.

``claimcheck PATHS`` is ``claimcheck check PATHS``. Only this module imports click, and
only ``main()`` exits.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import click

from claimcheck import __version__
from claimcheck.baseline import (
    DEFAULT_BASELINE,
    Baseline,
    baseline_pieces,
    baselined,
    read_baseline,
)
from claimcheck.changes import changed_files
from claimcheck.draft import draft_reference
from claimcheck.engine import cache as extraction_cache
from claimcheck.errors import ClaimcheckError, UsageError
from claimcheck.models import ExitCode, Reference, Report
from claimcheck.pipeline import (
    ENGINES,
    FAIL_ON,
    RunOptions,
    article_paths,
    exit_code,
    has_errors,
    processes,
    run,
    step,
)
from claimcheck.progress import ProgressBar
from claimcheck.reference import validate_reference
from claimcheck.report import Format, RenderOptions, blocks, reporter_for, write_atomic
from claimcheck.report.terminal import claims_pieces

DEFAULT_REFERENCE = "claims.yaml"
DEFAULT_CACHE = extraction_cache.DEFAULT_DIR.as_posix()
GREEDY_OPTIONS = ("--only",)
"""Options that take every value up to the next option: ``--only a.txt b.txt``."""

Export = tuple[Format, str]


class DefaultGroup(click.Group):
    """A group that runs ``check`` when the first argument is not a command name."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Insert ``check`` before arguments that do not name a command."""
        if args and args[0] not in self.commands and args[0] not in {"--help", "-h", "--version"}:
            args = ["check", *args]
        return super().parse_args(ctx, args)


class GreedyCommand(click.Command):
    """A command whose ``--only`` takes several values, as pre-commit passes file names."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Spell ``--only a b`` as ``--only a --only b`` before click reads it."""
        return super().parse_args(ctx, spread_greedy(args, GREEDY_OPTIONS))


def spread_greedy(args: Sequence[str], names: Sequence[str]) -> list[str]:
    """Repeat a greedy option before each of the values that follow it, up to an option."""
    spread: list[str] = []
    current = None
    for arg in args:
        if arg.startswith("-"):
            current = arg if arg in names else None
        elif current and spread[-1] != current:
            spread.append(current)
        spread.append(arg)
        if arg == "--":
            current = None
    return spread


# ParamType is generic from click 8.2 on; 8.1, which we support, cannot subscript it.
class ExportSpec(click.ParamType):  # type: ignore[type-arg]
    """``FORMAT:PATH`` for ``--export``: a report format and the file to write it to."""

    name = "FORMAT:PATH"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The (Format, path) pair; an unknown format is a usage error listing the formats."""
        if isinstance(value, tuple):
            return value
        fmt, _, path = str(value).partition(":")
        if fmt not in {f.value for f in Format} or not path:
            formats = ", ".join(f.value for f in Format)
            self.fail(f"'{value}' is not FORMAT:PATH with FORMAT one of {formats}", param, ctx)
        return Format(fmt), path


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimcheck")
def cli() -> None:
    """Fact-check press coverage: extract checkable claims from articles, cross-check
    them with each other and with a curated reference (claims.yaml).

    `claimcheck PATHS...` is the same as `claimcheck check PATHS...`.
    """


def _reference_options(func: Any) -> Any:
    func = click.option(
        "--no-claims", is_flag=True, help="Use no reference file; only cross-check articles."
    )(func)
    return click.option(
        "--claims",
        "claims_path",
        type=click.Path(dir_okay=False),
        help=f"Reference file (default: ./{DEFAULT_REFERENCE} when it exists).",
    )(func)


def _engine_options(func: Any) -> Any:
    func = click.option(
        "-q", "--quiet", is_flag=True, help="No progress bar (warnings and errors still show)."
    )(func)
    func = click.option(
        "--no-cache", is_flag=True, help="Neither read nor write the cache of extracted files."
    )(func)
    func = click.option(
        "--cache",
        "cache_dir",
        type=click.Path(file_okay=False),
        help=f"Keep the cache of extracted files in DIR (default: ./{DEFAULT_CACHE}).",
        metavar="DIR",
    )(func)
    func = click.option(
        "--scheduler",
        metavar="URL",
        help="Dask scheduler for --engine dask, e.g. tcp://HOST:8786 (default: a local cluster).",
    )(func)
    func = click.option(
        "--engine",
        "engine_name",
        type=click.Choice(ENGINES),
        default="local",
        show_default=True,
        help="Where articles are read and extracted: this machine or a Dask cluster.",
    )(func)
    return click.option(
        "--jobs",
        type=click.IntRange(min=0),
        default=None,
        metavar="N",
        help=(
            "Processes that read and extract articles, and compare 10,000 claims or more "
            "(default 0: all cores for large inputs)."
        ),
    )(func)


@dataclass(frozen=True, slots=True)
class Engine:
    """How the articles are read: ``--jobs``, ``--cache``/``--no-cache``, ``--quiet``,
    ``--engine`` and ``--scheduler``."""

    jobs: int | None = None
    cache_dir: str | None = None
    no_cache: bool = False
    quiet: bool = False
    engine_name: str = "local"
    scheduler: str | None = None

    def options(self, paths: tuple[str, ...], **more: Any) -> RunOptions:
        """RunOptions for ``paths`` read this way."""
        if self.scheduler is not None and self.engine_name != "dask":
            raise click.UsageError("--scheduler needs --engine dask")
        if self.no_cache:
            cache = None
        else:
            cache = Path(self.cache_dir) if self.cache_dir else extraction_cache.DEFAULT_DIR
        progress = None if self.quiet else ProgressBar(sys.stderr)
        return RunOptions(
            paths=paths,
            jobs=self.jobs,
            cache=cache,
            progress=progress,
            engine=self.engine_name,
            scheduler=self.scheduler,
            **more,
        )


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """The options of ``claimcheck check``, as click parsed them."""

    paths: tuple[str, ...]
    claims_path: str | None
    no_claims: bool
    fmt: str | None
    output: str | None
    exports: tuple[Export, ...]
    fail_on: str
    baseline_path: str | None
    no_baseline: bool
    write_baseline: bool
    changed_since: str | None
    only: tuple[str, ...]
    color: bool | None
    engine: Engine = Engine()
    """How to read the articles."""

    @classmethod
    def parse(cls, options: dict[str, Any]) -> CheckRequest:
        """The request from click's options, the engine's own ones gathered into ``engine``."""
        names = {f.name for f in fields(Engine)}
        engine = Engine(**{k: v for k, v in options.items() if k in names})
        return cls(**{k: v for k, v in options.items() if k not in names}, engine=engine)


@cli.command(cls=GreedyCommand)
@click.argument("paths", nargs=-1, type=click.Path())
@_reference_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in Format]),
    help="Report format on stdout (default: terminal; github under GitHub Actions).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option(
    "--export",
    "exports",
    multiple=True,
    type=ExportSpec(),
    help="Also write a report in FORMAT to PATH (repeatable), e.g. sarif:claimcheck.sarif.",
)
@click.option(
    "--fail-on",
    type=click.Choice(list(FAIL_ON)),
    default="conflict",
    show_default=True,
    help="Lowest verdict that makes the exit code 1 (after the baseline and the focus).",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    help=f"Baseline of accepted findings (default: ./{DEFAULT_BASELINE} when it exists).",
)
@click.option("--no-baseline", is_flag=True, help="Ignore the baseline file.")
@click.option(
    "--write-baseline",
    is_flag=True,
    help="Write every current conflict and minor difference to the baseline file and exit.",
)
@click.option(
    "--changed-since",
    metavar="REF",
    help="Count only findings on articles added or changed since the git REF.",
)
@click.option(
    "--only",
    multiple=True,
    type=click.Path(),
    metavar="PATH...",
    help="Count only findings on these articles; takes every path up to the next option.",
)
@click.option("--color/--no-color", default=None, help="Force colours on or off.")
@_engine_options
def check(**options: Any) -> None:
    """Check articles (files or folders) against each other and the reference."""
    request = CheckRequest.parse(options)
    baseline = _baseline(request)
    run_options = _run_options(
        request, _reference(request.claims_path, request.no_claims), baseline
    )
    report = run(run_options)
    _warn_problems(report)
    if request.write_baseline:
        raise SystemExit(int(_save_baseline(report, request, baseline)))
    shared = processes(run_options)
    for fmt, path in request.exports:
        export = reporter_for(fmt).pieces(report, RenderOptions(processes=shared))
        with step(run_options.progress, f"writing {path}"):  # a thread: after any fork
            _write(Path(path), export)
    pieces = reporter_for(_format(request.fmt)).pieces(report, _render_options(request, shared))
    if request.output:  # on stdout, the report itself shows how far it has got
        with step(run_options.progress, f"writing {request.output}"):
            _emit(pieces, request.output)
    else:
        _emit(pieces, None)
    raise SystemExit(int(exit_code(report, request.fail_on)))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_reference_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Show the claims as a table or as JSON.",
)
@_engine_options
def extract(
    paths: tuple[str, ...], claims_path: str | None, no_claims: bool, fmt: str, **engine: Any
) -> None:
    """Show the claims found in articles, before any comparison."""
    reference = _reference(claims_path, no_claims)
    report = run(Engine(**engine).options(paths, reference=reference, judge=False))
    _warn_problems(report)
    options = RenderOptions(color=_use_color(None, None))
    if fmt == "json":
        _emit(reporter_for(Format.JSON).pieces(report, options), None)
    else:
        _emit(claims_pieces(report, options), None)
    raise SystemExit(int(ExitCode.USAGE if has_errors(report) else ExitCode.OK))


@cli.command()
@click.argument("path", required=False, default=DEFAULT_REFERENCE, type=click.Path())
def validate(path: str) -> None:
    """Check a reference file and report every problem with its line."""
    reference, problems = validate_reference(Path(path))
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems or reference is None:
        raise SystemExit(int(ExitCode.USAGE))
    click.echo(f"{path}: OK ({len(reference.entities)} entities, {len(reference.claims)} claims)")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_reference_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the draft to FILE.")
@click.option("--force", is_flag=True, help="Overwrite FILE when it exists.")
@_engine_options
def init(
    paths: tuple[str, ...],
    claims_path: str | None,
    no_claims: bool,
    output: str | None,
    force: bool,
    **engine: Any,
) -> None:
    """Draft a reference file from what two or more articles state (majority value)."""
    if output and Path(output).exists() and not force:
        raise UsageError(output, "already exists; give --force to overwrite it")
    reference = _reference(claims_path, no_claims)
    report = run(Engine(**engine).options(paths, reference=reference))
    _warn_problems(report)
    _emit(draft_reference(report), output)
    raise SystemExit(int(ExitCode.USAGE if has_errors(report) else ExitCode.OK))


def _reference(claims_path: str | None, no_claims: bool) -> Reference | None:
    if no_claims:
        return None
    if claims_path is None:
        if not Path(DEFAULT_REFERENCE).is_file():
            return None
        claims_path = DEFAULT_REFERENCE
    reference, problems = validate_reference(Path(claims_path))
    for problem in problems[:-1]:
        click.echo(f"claimcheck: {problem}", err=True)
    if problems:
        raise problems[-1]
    return reference


def _baseline(request: CheckRequest) -> Baseline | None:
    """The baseline to apply: ``--baseline FILE``, else the default file when it exists."""
    if request.no_baseline:
        return None
    path = Path(request.baseline_path or DEFAULT_BASELINE)
    optional = request.baseline_path is None or request.write_baseline
    if optional and not path.is_file():
        return None
    return read_baseline(path)


def _run_options(
    request: CheckRequest, reference: Reference | None, baseline: Baseline | None
) -> RunOptions:
    if not request.paths and not request.only:
        raise click.UsageError("give PATHS (article files or folders), or --only FILES")
    if request.changed_since is not None and not request.paths:
        raise click.UsageError("--changed-since needs PATHS: the articles to check")
    return request.engine.options(
        article_paths(request.paths, request.only),
        reference=reference,
        focus=None if request.write_baseline else _focus(request),
        baseline=baseline,
    )


def _focus(request: CheckRequest) -> tuple[str, ...] | None:
    """The files whose findings count: ``--only`` and ``--changed-since``; None for all."""
    if request.changed_since is None and not request.only:
        return None
    changed = changed_files(request.changed_since) if request.changed_since is not None else ()
    return (*request.only, *changed)


def _save_baseline(report: Report, request: CheckRequest, previous: Baseline | None) -> ExitCode:
    """Write the baseline file (keeping the reasons of an earlier one) and say so."""
    target = Path(request.baseline_path or DEFAULT_BASELINE)
    reasons = previous.reasons() if previous else {}
    _write(target, baseline_pieces(report, reasons))
    written = {f.fingerprint for f in report.findings if baselined(f)}
    missing = sum(1 for fingerprint in written if not reasons.get(fingerprint))
    entries = f"{len(written)} entr{'y' if len(written) == 1 else 'ies'}"
    advice = f"; {missing} without a reason: fill them in, then commit it" if missing else ""
    click.echo(f"claimcheck: wrote {entries} to {target}{advice}")
    return ExitCode.USAGE if has_errors(report) else ExitCode.OK


def _format(fmt: str | None) -> Format:
    if fmt:
        return Format(fmt)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return Format.GITHUB
    return Format.TERMINAL


def _use_color(flag: bool | None, output: str | None) -> bool:
    if flag is not None:
        return flag
    if output or "NO_COLOR" in os.environ:
        return False
    return sys.stdout.isatty()


def _render_options(request: CheckRequest, processes: int = 1) -> RenderOptions:
    output = request.output
    width = 100 if output or not sys.stdout.isatty() else shutil.get_terminal_size().columns
    color = _use_color(request.color, output)
    return RenderOptions(color=color, width=max(60, width), processes=processes)


def _write(path: Path, text: str | Iterable[str]) -> None:
    """Write a file atomically; a folder that is missing or read-only is a one-line error."""
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise UsageError(str(path), f"cannot write: {exc.strerror or exc}") from None


def _emit(text: str | Iterable[str], output: str | None) -> None:
    """Write the text (or its pieces) to ``output``, atomically, or to stdout."""
    if output:
        _write(Path(output), text)
    else:
        for block in blocks([text] if isinstance(text, str) else text):
            click.echo(block, nl=False)


def _warn_problems(report: Report) -> None:
    for problem in report.problems:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        click.echo(f"claimcheck: {where}: {problem.message}", err=True)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI and exit with its status; errors are one line on stderr."""
    try:
        cli.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except ClaimcheckError as exc:
        click.echo(f"claimcheck: {exc}", err=True)
        sys.exit(int(ExitCode.USAGE))
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(int(ExitCode.USAGE))
    except click.exceptions.Abort:
        sys.exit(130)
    sys.exit(int(ExitCode.OK))
