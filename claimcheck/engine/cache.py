"""The on-disk cache of extracted files: SQLite, one row per file, keyed by what it was
extracted from.

A row is used only when three things are the same as when it was written:

- the file's bytes (their SHA-256) and its display path (claims carry the path);
- the extractor: claimcheck's version and the source of everything extraction runs
  (``extract/``, ``load*.py``, ``values.py``, ``vocab.py``, ``locate.py``, ``models.py``,
  the ``engine`` records and codec, every ``data/*.yaml``), hashed once per process;
- the gazetteer: the reference's entity names, aliases, kinds and parties.

A cache written by another version of claimcheck is ignored and its rows are replaced at
the next write. A row that does not decode (see ``codec``) is a miss. A database file that
SQLite cannot read is moved aside (``claims.sqlite.corrupt``) and rebuilt, with a warning.
New rows are written in one transaction after extraction; SQLite's write-ahead log and a
lock timeout let concurrent runs share the file. Only the rows of the ``KEEP_CONTEXTS``
contexts used most recently are kept. The cache never changes a result: a hit
gives back exactly what extraction gave when the row was written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import sqlite3
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from claimcheck import __version__
from claimcheck.engine import ExtractedFile
from claimcheck.engine.codec import decode, encode
from claimcheck.extract import Gazetteer

DEFAULT_DIR = Path(".claimcheck-cache")
"""Where the cache lives unless ``--cache DIR`` says otherwise: relative to the current
folder."""
DB_NAME = "claims.sqlite"
SCHEMA = "2"
"""Layout of the database and of its rows; another value means the file is rebuilt."""
KEEP_CONTEXTS = 4
"""Contexts whose rows are kept: the ones most recently used. Each edit of the
reference's names is a new context whose rows are a whole corpus again; older contexts'
rows are dropped, so that curating claims.yaml does not grow the cache without bound."""
LOCK_TIMEOUT = 30.0
"""Seconds to wait for another run that is writing the cache."""

EXTRACTOR_SOURCES = (
    "extract/**/*.py",
    "load*.py",
    "values.py",
    "vocab.py",
    "locate.py",
    "models.py",
    "errors.py",
    "engine/__init__.py",
    "engine/codec.py",
    "data/*.yaml",
)
"""The files (under ``claimcheck/``) whose content decides what extraction yields."""

Warn = Callable[[str], None]


# --- fingerprints -----------------------------------------------------------------------


@cache
def extractor_fingerprint() -> str:
    """Hash of claimcheck's version and of the source of everything extraction runs."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"claimcheck {__version__}\0schema {SCHEMA}\0".encode())
    files = {path for pattern in EXTRACTOR_SOURCES for path in package.glob(pattern)}
    for path in sorted(files):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def gazetteer_fingerprint(gazetteer: Gazetteer) -> str:
    """Hash of every field of the gazetteer (the reference's names, kinds and parties)."""
    data = json.dumps(_canonical(gazetteer), ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("ascii")).hexdigest()


def _canonical(value: Any) -> Any:
    """``value`` as JSON data that does not depend on set or dict ordering."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, re.Pattern):
        return {"pattern": value.pattern, "flags": value.flags}
    if isinstance(value, dict):
        pairs = [(_key(_canonical(k)), _canonical(v)) for k, v in value.items()]
        return sorted(pairs, key=lambda pair: pair[0])
    if isinstance(value, set | frozenset):
        return sorted((_canonical(item) for item in value), key=_key)
    if isinstance(value, tuple | list):
        return [_canonical(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True, sort_keys=True)


def context_key(gazetteer: Gazetteer) -> str:
    """What every row of this run is keyed by besides the file: extractor and gazetteer."""
    return hashlib.sha256(
        f"{extractor_fingerprint()}\0{gazetteer_fingerprint(gazetteer)}".encode()
    ).hexdigest()


# --- probing files ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Probe:
    """One file as the cache sees it: what it is called, what it holds, when it changed."""

    path: Path
    display: str
    digest: str | None
    """SHA-256 of the file's bytes; None when it cannot be read (never cached)."""
    stamp: tuple[int, int, int] | None = None
    """(size, mtime_ns, inode) when it was read: a file changed meanwhile is not stored."""


def probe(path: Path, display: str) -> Probe:
    """Hash one file, reading it a chunk at a time."""
    try:
        with path.open("rb") as handle:
            before = os.fstat(handle.fileno())
            if not _regular(before):
                return Probe(path, display, None)
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return Probe(path, display, None)
    return Probe(path, display, digest, _stamp(before))


def _regular(info: os.stat_result) -> bool:
    return (info.st_mode & 0o170000) == 0o100000


def _stamp(info: os.stat_result) -> tuple[int, int, int]:
    return info.st_size, info.st_mtime_ns, info.st_ino


def unchanged(item: Probe) -> bool:
    """True when the file still has the size, time and inode it had when hashed."""
    try:
        return item.stamp is not None and _stamp(item.path.stat()) == item.stamp
    except OSError:
        return False


# --- the database -----------------------------------------------------------------------


@dataclass(slots=True)
class Stats:
    """What the cache did in one run."""

    hits: int = 0
    misses: int = 0
    stored: int = 0


class Cache:
    """The rows of one context (extractor and gazetteer) in one database file."""

    def __init__(self, folder: Path, context: str, warn: Warn) -> None:
        self.folder = folder
        self.file = folder / DB_NAME
        self.context = context
        self.warn = warn
        self.stats = Stats()
        self._db: sqlite3.Connection | None = None
        self._stale = False
        """The file was written by another extractor: read nothing, replace it all."""

    @property
    def shown(self) -> str:
        """The database's path as the user would write it."""
        return self.file.as_posix()

    # opening

    def open(self) -> bool:
        """Open (creating it when needed) the database; False when it cannot be used."""
        try:
            self._prepare_folder()
        except OSError as error:
            return self._give_up(f"cannot create {self.folder.as_posix()}: {_reason(error)}")
        for attempt in range(2):
            try:
                self._db = self._connect()
                return True
            except sqlite3.OperationalError as error:
                return self._give_up(f"cannot open {self.shown}: {error}")
            except sqlite3.DatabaseError:
                if attempt:
                    break
                self._rebuild()
        return self._give_up(f"cannot rebuild {self.shown}")

    def _prepare_folder(self) -> None:
        if self.folder.is_dir():
            return
        self.folder.mkdir(parents=True)
        # A folder claimcheck made is its own: keep it out of version control.
        (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.file, timeout=LOCK_TIMEOUT, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL").fetchone()
            db.execute("PRAGMA synchronous=NORMAL")
            meta = self._meta(db)
            if meta.get("schema") != SCHEMA:
                self._create(db)
            else:
                self._stale = meta.get("extractor") != extractor_fingerprint()
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def _meta(db: sqlite3.Connection) -> dict[str, str]:
        known = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if not {"meta", "files", "contexts"} <= known:
            return {}
        return {str(k): str(v) for k, v in db.execute("SELECT key, value FROM meta")}

    def _create(self, db: sqlite3.Connection) -> None:
        """A fresh layout (dropping whatever another schema left)."""
        db.execute("BEGIN IMMEDIATE")
        try:
            for table in ("files", "meta", "contexts"):
                db.execute(f"DROP TABLE IF EXISTS {table}")
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute(
                "CREATE TABLE files (context TEXT NOT NULL, display TEXT NOT NULL, "
                "digest TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (context, display))"
            )
            db.execute("CREATE TABLE contexts (context TEXT PRIMARY KEY, written INTEGER NOT NULL)")
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("schema", SCHEMA), ("extractor", extractor_fingerprint())],
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._stale = False

    def _rebuild(self) -> None:
        """Move a database SQLite cannot read aside, so that a fresh one replaces it."""
        self.warn(f"cache {self.shown} is corrupt; rebuilding")
        self.close()
        aside = self.file.with_name(self.file.name + ".corrupt")
        for suffix in ("-wal", "-shm"):
            self.file.with_name(self.file.name + suffix).unlink(missing_ok=True)
        with contextlib.suppress(FileNotFoundError):
            os.replace(self.file, aside)

    def _give_up(self, message: str) -> bool:
        self.warn(f"{message}; running without the cache")
        self.close()
        return False

    def close(self) -> None:
        """Close the database (the cache is then unused)."""
        if self._db is not None:
            self._db.close()
            self._db = None

    # reading and writing

    def get(self, item: Probe) -> ExtractedFile | None:
        """The cached extraction of the file, or None (a miss)."""
        found = self._get(item)
        if found is None:
            self.stats.misses += 1
        else:
            self.stats.hits += 1
        return found

    def _get(self, item: Probe) -> ExtractedFile | None:
        if self._db is None or self._stale or item.digest is None:
            return None
        try:
            row = self._db.execute(
                "SELECT digest, value FROM files WHERE context = ? AND display = ?",
                (self.context, item.display),
            ).fetchone()
        except sqlite3.OperationalError as error:
            self._give_up(f"cannot read {self.shown}: {error}")
            return None
        except sqlite3.DatabaseError:
            self._rebuild()
            self.open()
            return None
        if row is None or row[0] != item.digest:
            return None
        return _decoded(row[1], item.display)

    def put(self, rows: Iterable[tuple[Probe, ExtractedFile]]) -> None:
        """Store new extractions in one transaction; files that changed since they were
        hashed (or could not be read) are left out."""
        if self._db is None:
            return
        values = [
            (self.context, item.display, item.digest, blob)
            for item, extracted in rows
            if item.digest is not None and unchanged(item)
            for blob in [_encoded(extracted)]
            if blob is not None
        ]
        if not values and not self._stale and self._latest(self._db):
            return  # nothing to write, and this context is already the latest used
        try:
            self._write(self._db, values)
        except sqlite3.OperationalError as error:
            self.warn(f"cannot update cache {self.shown}: {error}")
        except sqlite3.DatabaseError:
            self._rebuild()
            if self.open() and self._db is not None:
                self._write(self._db, values)
        else:
            self.stats.stored += len(values)

    def _write(self, db: sqlite3.Connection, values: list[tuple[str, str, str, bytes]]) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            if self._stale or self._meta(db).get("extractor") != extractor_fingerprint():
                db.execute("DELETE FROM files")
                db.execute("DELETE FROM contexts")
                db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('extractor', ?)",
                    (extractor_fingerprint(),),
                )
            db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", values)
            self._keep_recent(db)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._stale = False

    def _latest(self, db: sqlite3.Connection) -> bool:
        """Whether this context is the one used most recently."""
        try:
            latest = "SELECT context FROM contexts ORDER BY written DESC LIMIT 1"
            row = db.execute(latest).fetchone()
        except sqlite3.DatabaseError:
            return True  # nothing to refresh in a cache that cannot be read
        return row is not None and row[0] == self.context

    def _keep_recent(self, db: sqlite3.Connection) -> None:
        """Mark this context as the latest used; drop the rows of all but the
        ``KEEP_CONTEXTS`` latest."""
        db.execute(
            "INSERT OR REPLACE INTO contexts "
            "VALUES (?, (SELECT COALESCE(MAX(written), 0) + 1 FROM contexts))",
            (self.context,),
        )
        older = "SELECT context FROM contexts ORDER BY written DESC LIMIT -1 OFFSET ?"
        for (context,) in db.execute(older, (KEEP_CONTEXTS,)).fetchall():
            db.execute("DELETE FROM files WHERE context = ?", (context,))  # by the key's index
            db.execute("DELETE FROM contexts WHERE context = ?", (context,))


def _encoded(extracted: ExtractedFile) -> bytes | None:
    """The row's value; None (not cached) for a record the codec cannot write."""
    try:
        return zlib.compress(encode(extracted), 1)
    except (TypeError, ValueError):
        return None


def _decoded(blob: object, display: str) -> ExtractedFile | None:
    """The row's ExtractedFile, or None when it is not one we could have written."""
    if not isinstance(blob, bytes):
        return None
    try:
        extracted = decode(zlib.decompress(blob))
    except (zlib.error, ValueError, TypeError, RecursionError, MemoryError):
        return None  # DecodeError is a ValueError
    return extracted if extracted.display == display else None


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def open_cache(folder: Path, gazetteer: Gazetteer, warn: Warn) -> Cache | None:
    """The cache in ``folder`` for this run's extractor and gazetteer; None (after a
    warning) when it cannot be used."""
    try:
        context = context_key(gazetteer)
    except (OSError, TypeError) as error:
        warn(f"cannot fingerprint the extractor ({error}); running without the cache")
        return None
    store = Cache(folder, context, warn)
    return store if store.open() else None
