"""The command line: parse options, call the pipeline, pick a reporter, return an exit code.

``claimcheck PATHS`` is ``claimcheck check PATHS``. Only this module imports click, and
only ``main()`` exits.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from claimcheck import __version__
from claimcheck.errors import ClaimcheckError
from claimcheck.models import ExitCode, Reference, Report, Verdict
from claimcheck.pipeline import RunOptions, run
from claimcheck.reference import validate_reference
from claimcheck.report import Format, RenderOptions, reporter_for, write_atomic
from claimcheck.report.terminal import render_claims

DEFAULT_REFERENCE = "claims.yaml"
FAIL_ON = {"conflict": (Verdict.CONFLICT,), "minor": (Verdict.CONFLICT, Verdict.MINOR), "never": ()}


class DefaultGroup(click.Group):
    """A group that runs ``check`` when the first argument is not a command name."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Insert ``check`` before arguments that do not name a command."""
        if args and args[0] not in self.commands and args[0] not in {"--help", "-h", "--version"}:
            args = ["check", *args]
        return super().parse_args(ctx, args)


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


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_reference_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in Format]),
    help="Report format on stdout (default: terminal; github under GitHub Actions).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option(
    "--fail-on",
    type=click.Choice(list(FAIL_ON)),
    default="conflict",
    show_default=True,
    help="Lowest verdict that makes the exit code 1.",
)
@click.option("--color/--no-color", default=None, help="Force colours on or off.")
def check(
    paths: tuple[str, ...],
    claims_path: str | None,
    no_claims: bool,
    fmt: str | None,
    output: str | None,
    fail_on: str,
    color: bool | None,
) -> None:
    """Check articles (files or folders) against each other and the reference."""
    reference = _reference(claims_path, no_claims)
    report = run(RunOptions(paths=paths, reference=reference))
    _warn_problems(report)
    text = reporter_for(_format(fmt)).render(report, _render_options(color, output))
    _emit(text, output)
    raise SystemExit(int(exit_code(report, fail_on)))


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
def extract(paths: tuple[str, ...], claims_path: str | None, no_claims: bool, fmt: str) -> None:
    """Show the claims found in articles, before any comparison."""
    reference = _reference(claims_path, no_claims)
    report = run(RunOptions(paths=paths, reference=reference, judge=False))
    _warn_problems(report)
    options = RenderOptions(color=_use_color(None, None))
    if fmt == "json":
        text = reporter_for(Format.JSON).render(report, options)
    else:
        text = render_claims(report, options)
    click.echo(text, nl=False)
    raise SystemExit(int(ExitCode.USAGE if _has_errors(report) else ExitCode.OK))


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


def _render_options(color: bool | None, output: str | None) -> RenderOptions:
    width = 100 if output or not sys.stdout.isatty() else click.get_terminal_size()[0]
    return RenderOptions(color=_use_color(color, output), width=max(60, width))


def _emit(text: str, output: str | None) -> None:
    if output:
        write_atomic(Path(output), text)
    else:
        click.echo(text, nl=False)


def _warn_problems(report: Report) -> None:
    for problem in report.problems:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        click.echo(f"claimcheck: {where}: {problem.message}", err=True)


def _has_errors(report: Report) -> bool:
    """True when some input could not be read (an article was skipped)."""
    return any(p.severity == "error" for p in report.problems)


def exit_code(report: Report, fail_on: str) -> ExitCode:
    """1 when an active finding reaches the ``--fail-on`` bar, 2 when input was skipped."""
    if _has_errors(report):
        return ExitCode.USAGE
    failing = FAIL_ON[fail_on]
    for finding in report.findings:
        if finding.suppressed is None and finding.verdict in failing and _in_focus(report, finding):
            return ExitCode.FINDINGS
    return ExitCode.OK


def _in_focus(report: Report, finding: Any) -> bool:
    if not report.focus:
        return True
    articles = {c.id: c.article for c in report.claims}
    return any(articles.get(cid) in report.focus for cid in finding.claims)


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
