"""Write files atomically: a failed or interrupted build never leaves a half-written PDF."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from handout.errors import OutputError


def write_all(files: dict) -> list[Path]:
    """Write {path: bytes}; each file appears whole (temp file, then rename) or not at all."""
    written = []
    for path, data in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.chmod(tmp, 0o644)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}; "
                              "choose another folder with --out, or check that you may write there") from None
        written.append(path)
    return written
