"""Everything in handout that reaches into ReportLab's internals, in one place.

- speedups.py: faster paragraph parsing and layout, byte-identical output;
- cjk.py: Chinese line breaking (no line starts with a closing mark, a marker or a unit);
- spaces.py: no-break characters drawn as the text a reader sees (a space, or nothing);
- tagging.py: tagged PDF (PDF/UA-1): a structure tree, marked content, artifacts, XMP.

install() is the one installation point; tests/test_speedups.py is the one comparison test
(every document built with and without the speed-ups, byte for byte, tags included) and
tests/test_tagging.py reads the tags back. ReportLab is pinned to 5.1.x in pyproject.toml:
a new release is taken only after both pass on it.
"""
from __future__ import annotations

from handout.rlext import cjk, spaces, speedups, tagging
from handout.rlext.speedups import Paragraph

__all__ = ["Paragraph", "install"]

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    cjk.install()  # no Chinese line starts with a closing mark such as "，" or "。"
    spaces.install()  # a number stays with its unit; the PDF's text has plain spaces
    speedups.install()
    tagging.install()
    _installed = True
