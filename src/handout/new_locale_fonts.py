"""Whether a new locale's letters print in the fonts its layouts would use, and which shipped font
family covers them when not. `handout i18n new` says so at once, rather than the first build
after weeks of translation.

The sample of the language's letters is what CLDR (through Babel) writes in it: its own name,
the names of its months and weekdays. Vietnamese, for one, needs letters (ư, ơ, ạ, ế ...) that
Atkinson Hyperlegible lacks; Noto Sans, shipped beside it, has them.
"""
from __future__ import annotations

from babel import Locale

from handout.entry_checks import locale_fonts
from handout.fonts import FONT_DIR
from handout.glyphs import unprintable

_FACES = ("Regular", "Bold", "Italic", "BoldItalic")


def letters(locale: str) -> str:
    """Letters the language writes, from CLDR: its own name, months and weekdays."""
    loc = Locale.parse(locale.replace("-", "_"))
    words = [loc.display_name or "", *loc.months["format"]["wide"].values(), *loc.days["format"]["wide"].values()]
    return "".join(sorted({ch for ch in " ".join(words) if ch.isalpha()}))


def shipped_families() -> list[tuple]:
    """(regular, bold, italic, bold_italic) of each font family shipped with all four faces; a
    family without italics uses its upright faces for them."""
    out = []
    for regular in sorted(FONT_DIR.glob("*-Regular.ttf")):
        stem = regular.name[: -len("-Regular.ttf")]
        faces = [f"{stem}-{face}.ttf" for face in _FACES]
        if (FONT_DIR / faces[1]).is_file():
            out.append(tuple(f if (FONT_DIR / f).is_file() else faces[i % 2] for i, f in enumerate(faces)))
    return out


def font_advice(project, locale: str) -> list[str]:
    """What to add to the layouts so the locale's letters print; empty when they already do."""
    sample = letters(locale)
    out = []
    for kind, layout in (("handout", project.handout_layout), ("card", project.card_layout)):
        fonts = locale_fonts(layout, locale)
        missing = unprintable(sample, fonts)
        if not missing:
            continue
        fits = [family for family in shipped_families() if not unprintable(sample, family)]
        head = (f"{layout.file}: the font {fonts[0]} cannot draw {len(missing)} letters of {locale!r} "
                f"({''.join(missing[:12])}{' ...' if len(missing) > 12 else ''}); the locale will not build")
        if not fits:
            out.append(head + "; add a font that covers them to src/handout/fonts/ (with its licence) and name it "
                              "under locale_fonts in the layout")
            continue
        lines = "\n".join([f"  {locale}:"] + [f"    {face}: {name}" for face, name in
                                               zip(("regular", "bold", "italic", "bold_italic"), fits[0])])
        out.append(f"{head} until the layout names a font for it: add under locale_fonts:\n{lines}")
    return out
