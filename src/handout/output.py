"""Write files atomically: a failed or interrupted build never leaves a half-written PDF.

A file is first staged (written whole to a hidden temporary file beside its place), then
committed (renamed into place, which is atomic), or discarded.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from handout.errors import OutputError


def _cannot_write(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {exc.strerror or exc}; "
                       "choose another folder with --out, or check that you may write there")


def stage(path: Path, data: bytes) -> Path:
    """Write data whole to a temporary file beside path; returns the temporary file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    return Path(tmp)


def commit(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def discard(tmps) -> None:
    for tmp in tmps:
        Path(tmp).unlink(missing_ok=True)


def write_all(files: dict) -> list[Path]:
    """Write {path: bytes}; each file appears whole (temp file, then rename) or not at all."""
    written = []
    for path, data in files.items():
        tmp = stage(path, data)
        try:
            commit(tmp, path)
        finally:
            discard([tmp])
        written.append(path)
    return written


# What stage() and commit_all() leave beside a file while they work: ".<name>.<random>.tmp" and
# ".<name>.<random>.old". A build that was killed (or lost power) can leave them behind.
_LEFTOVER = re.compile(r"^\.(?:.+\.pdf|\.handout-manifest\.json)\.[a-z0-9_]{8}\.(?:tmp|old)$")


def sweep(out: Path, depth: int = 3) -> list[Path]:
    """Remove the temporary files an interrupted build left in the output folder (its own kind
    only, never another file); returns them."""
    removed = []
    if not out.is_dir():
        return removed
    for top, dirs, names in os.walk(out):
        if Path(top).relative_to(out).parts.__len__() >= depth:
            dirs[:] = []
        for name in names:
            if _LEFTOVER.match(name):
                path = Path(top) / name
                try:
                    path.unlink()
                    removed.append(path)
                except OSError:
                    pass
    return removed


def commit_all(pairs) -> list[Path]:
    """Move every staged file [(tmp, path)] into place, all or none: each file it replaces is kept
    aside until every move has worked; on a failure the moves made are undone (the old files come
    back, new ones go) and OutputError says that nothing was replaced."""
    done, kept = [], {}
    try:
        for tmp, path in pairs:
            if path.is_dir():
                raise OutputError(f"cannot write {path}: a folder has that name; move it away")
            if path.exists():
                fd, aside = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent)
                os.close(fd)
                os.replace(path, aside)
                kept[path] = Path(aside)
            os.replace(tmp, path)
            done.append(path)
    except (OSError, OutputError) as exc:
        for path in reversed(done):
            Path(path).unlink(missing_ok=True)
        for path, aside in kept.items():
            os.replace(aside, path)
        error = exc if isinstance(exc, OutputError) else _cannot_write(path, exc)
        raise OutputError(f"{error}; nothing was replaced: the output folder holds the files of the last "
                          "build that finished") from None
    for aside in kept.values():
        aside.unlink(missing_ok=True)
    return done
