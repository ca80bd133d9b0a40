"""Turn untrusted plain text into ReportLab paragraph markup.

Content, templates and clinic files are data, never markup: everything is
escaped first, then the one inline syntax we allow (**bold**) becomes <b>.
"""
from __future__ import annotations

import re

_BOLD = re.compile(r"\*\*(.+?)\*\*")
# Keep a number with its unit on one line: "100.4 °F", "48 hours", "4 hours".
_UNIT = re.compile(r"(\d) (°[FC]|hours?|days?|weeks?|months?)\b")


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def paragraph(text: str) -> str:
    out = escape(text)
    out = _BOLD.sub(r"<b>\1</b>", out)
    return _UNIT.sub("\\1\u00a0\\2", out)


def unbalanced_bold(text: str) -> bool:
    return text.count("**") % 2 == 1


def plain(text: str) -> str:
    """The words a reader sees, without inline syntax (for search and glossary matching)."""
    return _BOLD.sub(r"\1", text)
