"""Write files atomically: a failed or interrupted build never leaves a half-written PDF.

A file is first staged (written whole to a hidden temporary file beside its place), then
committed (renamed into place, which is atomic), or discarded.
"""
from __future__ import annotations

import os
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
