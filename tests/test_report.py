"""The reporter interface: every format has a reporter, each renders, writes are atomic."""

from __future__ import annotations

import ast
import dataclasses
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from report_fixtures import DAILY, make_report

import claimcheck.report as report_pkg
from claimcheck.models import Report
from claimcheck.report import (
    REPORTERS,
    SCHEMA_VERSION,
    Format,
    RenderOptions,
    Reporter,
    blocks,
    reporter_for,
    write_atomic,
)
from claimcheck.report.json import dump_document

PACKAGE = Path(report_pkg.__file__).parent


def test_every_format_maps_to_a_reporter() -> None:
    assert set(REPORTERS) == set(Format)
    for fmt, cls in REPORTERS.items():
        assert issubclass(cls, Reporter), fmt


@pytest.mark.parametrize("fmt", list(Format))
def test_the_pieces_of_each_format_join_to_its_text(fmt: Format) -> None:
    reporter = reporter_for(fmt)
    pieces = list(reporter.pieces(make_report(), RenderOptions()))
    assert "".join(pieces) == reporter.render(make_report(), RenderOptions())
    assert "".join(blocks(pieces, size=10)) == "".join(pieces)


def test_the_json_report_is_written_record_by_record() -> None:
    report = make_report()
    pieces = list(reporter_for(Format.JSON).pieces(report, RenderOptions()))
    assert len(pieces) > len(report.claims) + len(report.findings)


def test_json_fields_that_are_empty_or_lazy_are_written_as_lists() -> None:
    document = {"a": [], "b": iter([1, {"c": "é"}]), "d": lambda: {"e": None}}
    text = "".join(dump_document(document))
    assert text == '{\n  "a": [],\n  "b": [\n    1,\n    {"c": "é"}\n  ],\n  "d": {"e": null}\n}\n'
    assert json.loads(text) == {"a": [], "b": [1, {"c": "é"}], "d": {"e": None}}


RECORDS = [
    {"text": 'é “quoted” \\ "\n\t\u2028\x00', "n": [0, -1, 2**70, 0.1, -0.0, 1e-7, 1e300]},
    {"inf": float("inf"), "nan": float("nan"), "none": None, "flags": [True, False]},
    {"nested": {"empty": {}, "list": [], "emoji": "\U0001f600"}},
    [],
    "plain",
]


@pytest.mark.parametrize("c_encoder", [True, False], ids=["json-C-encoder", "no-C-encoder"])
def test_json_records_are_written_as_json_dumps_writes_them(
    c_encoder: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimcheck.report import json as json_report

    if not c_encoder:
        monkeypatch.setattr(json.encoder, "c_make_encoder", None)
    encode = json_report._record_encoder()
    for record in RECORDS:
        assert encode(record) == json.dumps(record, ensure_ascii=False)
    with pytest.raises(TypeError, match="not JSON serializable"):
        encode({"x": object()})


def test_the_json_report_is_written_here_when_no_temporary_file_can_be_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from claimcheck.report import json as json_report

    def unwritable() -> None:
        raise PermissionError(13, "Permission denied", "/tmp")

    report = make_report()
    one = reporter_for(Format.JSON).render(report, RenderOptions())
    monkeypatch.setattr(json_report, "PARALLEL_FINDINGS", 0)
    monkeypatch.setattr(json_report, "can_fork", lambda: True)
    monkeypatch.setattr(json_report.tempfile, "TemporaryFile", unwritable)
    assert reporter_for(Format.JSON).render(report, RenderOptions(processes=2)) == one


@pytest.mark.parametrize("fmt", list(Format))
def test_each_format_renders_the_fixture(fmt: Format) -> None:
    text = reporter_for(fmt).render(make_report(), RenderOptions())
    assert text.strip()
    assert text.endswith("\n")


@pytest.mark.parametrize("fmt", list(Format))
def test_each_format_renders_an_empty_run(fmt: Format) -> None:
    empty = Report(articles=(), claims=(), findings=())
    assert reporter_for(fmt).render(empty, RenderOptions()).endswith("\n")


@pytest.mark.parametrize("fmt", list(Format))
def test_each_format_is_deterministic(fmt: Format) -> None:
    focused = dataclasses.replace(make_report(), focus=(DAILY,))
    first = reporter_for(fmt).render(focused, RenderOptions(color=True))
    assert first == reporter_for(fmt).render(focused, RenderOptions(color=True))


def test_reporter_for_accepts_the_format_name() -> None:
    assert type(reporter_for("json")) is REPORTERS[Format.JSON]  # type: ignore[arg-type]
    assert SCHEMA_VERSION == "1.0"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    return {name.split(".")[0] for name in names}


def test_only_the_terminal_reporter_imports_rich_and_none_imports_click() -> None:
    for path in PACKAGE.glob("*.py"):
        imported = _imported_modules(path)
        assert "click" not in imported, path.name
        assert ("rich" in imported) == (path.name == "terminal.py"), path.name


def test_write_atomic_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_atomic(target, "first\n")
    write_atomic(target, "second — ünïcode\n")
    assert target.read_text("utf-8") == "second — ünïcode\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_write_atomic_keeps_crlf_as_given(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    write_atomic(target, "a,b\r\n1,2\r\n")
    assert target.read_bytes() == b"a,b\r\n1,2\r\n"


def test_old_report_survives_a_rendering_error(tmp_path: Path) -> None:
    class Broken(Reporter):
        def render(self, report: Report, options: RenderOptions) -> str:
            raise RuntimeError("boom")

    target = tmp_path / "report.html"
    target.write_text("old report", "utf-8")
    with pytest.raises(RuntimeError):
        write_atomic(target, Broken().render(make_report(), RenderOptions()))
    assert target.read_text("utf-8") == "old report"


def test_old_report_survives_a_failed_write(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old report", "utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "half written \ud800 text")
    assert target.read_text("utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_old_report_survives_pieces_that_fail_half_way(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old report", "utf-8")

    def pieces() -> Iterator[str]:
        yield "half "
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_atomic(target, pieces())
    assert target.read_text("utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    write_atomic(target, iter(["new ", "report"]))
    assert target.read_text("utf-8") == "new report"


def test_old_report_survives_a_failed_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.sarif"
    target.write_text("old report", "utf-8")

    def refuse(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new report")
    assert target.read_text("utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.sarif"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_write_atomic_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", "utf-8")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640
    write_atomic(tmp_path / "fresh.json", "new")
    assert (tmp_path / "fresh.json").stat().st_mode & 0o777 == 0o644
