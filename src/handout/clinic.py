"""Clinic profile: the clinic's name and phone numbers, printed in the call box and header."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from handout import yamlfile
from handout.errors import Problems
from handout.schema import check

_SPEC = {
    "name": ("text", True),
    "daytime_phone": ("any", True),      # YAML may read 5550100 as a number: checked below
    "after_hours_phone": ("any", True),
    "address": ("text", False),
}
# Digits with the usual separators, optionally an extension: "(555) 010-0199 ext. 2".
_PHONE = re.compile(r"^\+?[0-9 ().\-]{7,}( ?(ext\.?|x) ?[0-9]{1,6})?$", re.I)


@dataclass(frozen=True)
class Clinic:
    name: str
    daytime_phone: str
    after_hours_phone: str
    address: str | None = None
    file: str = field(default="", compare=False)  # where it came from, for messages


def load_clinic(path: Path) -> Clinic:
    problems = Problems()
    if path.is_dir():
        problems.add(path, 0, "this is a folder; pass the clinic profile file itself, e.g. clinics/example.yaml")
    elif not path.exists():
        problems.add(path, 0, "clinic profile not found; check the path (clinics/example.yaml shows the format)")
    problems.raise_if_any()
    data = yamlfile.load(path)
    if check(data, _SPEC, path, problems, "clinic profile"):
        for key in ("daytime_phone", "after_hours_phone"):
            if isinstance(data[key], (dict, list, bool)) or not _PHONE.match(str(data[key]).strip()):
                problems.add(path, data.line_of(key),
                             f"{key}: {data[key]!r} does not look like a phone number (digits, spaces, ( ) - . +)")
    problems.raise_if_any()
    return Clinic(**{k: " ".join(str(v).split()) for k, v in data.items()}, file=str(path))
