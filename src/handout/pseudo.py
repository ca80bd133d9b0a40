"""The pseudo-locale: every entry of every catalog "translated" by machine into accented, about
35% longer English in brackets ("[Çáłł ýöür çářé ţéáɱ ... ðéñ]"), keeping numbers, units,
{{ placeholders }} and **bold** marks exactly. Building every document in it shows, before a
translator starts, where a longer language overflows (a card face, a picture label, the key
points box) and which printed words never went through a catalog (they stay plain English).

The project is left as it is: the pseudo catalogs live in a temporary project beside the real
one (its content/, layouts/ and config.yaml linked in), built into an output folder of its own.
"""
from __future__ import annotations

import math
import re
import shutil
import sys
import tempfile
from pathlib import Path

from handout.i18n import _po_bytes, merge, templates
from handout.names import FORMATS

# A locale CLDR knows (dates print as English), so no real language's folder is taken.
PSEUDO_LOCALE = "en-001"
GROWTH = 0.35
START_DATE = "2026-12-07"  # so the calendar page is built too

# Accented twins inside Atkinson Hyperlegible (the main font): a pseudo-translation must print.
_ACCENT = str.maketrans("aeiouycnsrzgldtAEIOUYCNSRZGLDT", "áéíöüýçñšřžğłďťÁÉÍÖÜÝÇÑŠŘŽĞŁĎŤ")
_PAD = "ðéñšá łöřé ţüýçí "
# What must pass through untouched: template code, bold marks, a number with its unit, a web
# address, an e-mail address.
_KEEP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\*\*|https?://\S+|\S+@\S+"
                   r"|[0-9]+(?:[.,][0-9]+)*(?:[ \u00a0\u202f]?(?:°F|°C|%|kg|mg|mcg|µg|μg|mL|ml|m²)(?![^\W\d_]))?",
                   re.S)


def pseudo(text: str, growth: float = GROWTH) -> str:
    """Accented, bracketed and `growth` (35%) longer; template code, marks, numbers and units kept."""
    if not text.strip():
        return text
    out, at = [], 0
    for keep in _KEEP.finditer(text):
        out.append(text[at:keep.start()].translate(_ACCENT))
        out.append(keep.group())
        at = keep.end()
    out.append(text[at:].translate(_ACCENT))
    body = "".join(out)
    extra = math.ceil(len(text) * growth) - 2  # the brackets count too
    pad = (_PAD * (extra // len(_PAD) + 1))[:max(extra - 1, 0)].rstrip()
    return f"[{body}{' ' + pad if pad else ''}]"


def pseudo_catalogs(project, growth: float = GROWTH) -> dict:
    """{catalog name: PO bytes} with every entry pseudo-translated."""
    out = {}
    for name, template in templates(project).catalogs.items():
        cat = merge(template, None, PSEUDO_LOCALE)
        for msg in cat:
            if msg.id:
                msg.string = pseudo(msg.id, growth)
        out[name] = _po_bytes(cat)
    return out


def build_pseudo(project, out: Path, growth: float = GROWTH) -> int:
    """Build every document in the pseudo-locale into `out`, each audience and format on its own,
    and say what overflows. Exit 1 when a document does not fit (the others are written)."""
    from handout.cli import main
    from handout.entry_checks import Checker

    with tempfile.TemporaryDirectory(prefix="handout-pseudo-") as tmp:
        root = Path(tmp)
        for name in ("content", "layouts", "config.yaml"):
            (root / name).symlink_to(project.root / name)
        (root / "locales").mkdir()
        (root / "locales" / "en").symlink_to(project.root / "locales" / "en")
        folder = root / "locales" / PSEUDO_LOCALE
        folder.mkdir()
        shutil.copy(project.root / "locales" / "en" / "plain-language.yaml", folder / "plain-language.yaml")
        for name, data in pseudo_catalogs(project, growth).items():
            (folder / f"{name}.po").write_bytes(data)
        print(f"handout: pseudo-locale {PSEUDO_LOCALE}: every entry accented and {growth:.0%} longer; text "
              "printed in plain English did not come from a catalog", file=sys.stderr)
        from handout.build import open_project
        pseudo_project = open_project(root)
        catalogs = templates(pseudo_project).catalogs
        over = [(e, m) for e in Checker(pseudo_project, PSEUDO_LOCALE, catalogs).entries()
                for check, m in e.failures if check == "length"]
        for entry, message in over:
            print(f"handout: pseudo: {entry.context}: {message.replace('; shorten it', '')}", file=sys.stderr)
        # one build per audience and format: a document that overflows is listed, the others written
        worst = 0
        for audience in pseudo_project.library.audiences:
            for fmt in FORMATS:
                code = main(["build", "--project", str(root), "--locale", PSEUDO_LOCALE, "--audience", audience,
                             "--format", fmt, "--paper", "all", "--start-date", START_DATE,
                             "--allow-hard-reading", "--out", str(out.resolve())])
                worst = max(worst, code)
        return worst
