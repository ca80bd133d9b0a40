"""Clinic profile: the clinic's name and phone numbers, printed in the call box and header."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError

from handout import yamlfile
from handout.errors import Problems
from handout.schema import check

_SPEC = {
    "name": ("text", True),
    # text, never a number: YAML reads an unquoted 02071234567 as octal (a different number)
    "daytime_phone": ("text", True),
    "after_hours_phone": ("text", True),
    "address": ("text", False),
    # the language its doctors and nurses read: the card's note to them prints in it too
    "language": ("text", False),
}
DEFAULT_LANGUAGE = "en"
# Digits with the usual separators, optionally an extension: "(555) 010-0199 ext. 2".
_PHONE = re.compile(r"^\+?[0-9 ().\-]{7,}( ?(ext\.?|x) ?[0-9]{1,6})?$", re.I)
MIN_PHONE_DIGITS = 7
# Longest values printed (README, "Limits"): the name sits in the card's title bar and the
# handout's call box; a phone number on one line of the call box.
MAX_CHARS = {"name": 60, "daytime_phone": 30, "after_hours_phone": 30, "address": 160}


@dataclass(frozen=True)
class Clinic:
    name: str
    daytime_phone: str
    after_hours_phone: str
    address: str | None = None
    language: str = DEFAULT_LANGUAGE  # a BCP 47 code, as the locales/ folders spell it (en, es, zh-Hans)
    file: str = field(default="", compare=False)  # where it came from, for messages
    name_line: int = field(default=0, compare=False)
    language_line: int = field(default=0, compare=False)


def load_clinic(path: Path) -> Clinic:
    problems = Problems()
    if path.is_dir():
        problems.add(path, 0, "this is a folder; pass the clinic profile file itself, e.g. clinics/example.yaml")
    elif not path.exists():
        problems.add(path, 0, "clinic profile not found; check the path (clinics/example.yaml shows the format)")
    problems.raise_if_any()
    data = yamlfile.load(path)
    if check(data, _SPEC, path, problems, "clinic profile"):
        for key, limit in MAX_CHARS.items():
            value = " ".join(data.get(key, "").split())
            if len(value) > limit:
                problems.add(path, data.line_of(key), f"{key} is {len(value)} characters long; at most {limit} fit "
                                                      "on the wallet card and in the call box: shorten it")
        for key in ("daytime_phone", "after_hours_phone"):
            phone = data[key].strip()
            digits = sum(ch in "0123456789" for ch in phone)
            if not _PHONE.match(phone) or digits < MIN_PHONE_DIGITS:
                problems.add(path, data.line_of(key),
                             f"{key}: {data[key]!r} does not look like a phone number (at least {MIN_PHONE_DIGITS} "
                             "digits, with only spaces, ( ) - . + and an extension like 'ext. 2')")
        written = data.get("language", DEFAULT_LANGUAGE).strip()
        canonical = known_language(written)
        if canonical != written:
            problems.add(path, data.line_of("language"),
                         f"language {data['language']!r} is not a language code handout knows"
                         + (f" (did you mean {canonical}?)" if canonical else "") + "; write it as the locales/ "
                         "folders do, e.g. en, es or zh-Hans (English, en, if the line is left out)")
    problems.raise_if_any()
    return Clinic(**{k: " ".join(str(v).split()) for k, v in data.items()}, file=str(path),
                  name_line=data.line_of("name"), language_line=data.line_of("language") if "language" in data else 0)


def known_language(code: str) -> str | None:
    """The BCP 47 spelling (zh-Hans) of a language code CLDR knows, or None. Babel spells it with "_"."""
    if not code or " " in code:
        return None
    try:
        return str(Locale.parse(code.replace("-", "_"))).replace("_", "-")
    except (ValueError, UnknownLocaleError):
        return None
