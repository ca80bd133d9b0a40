"""The fixed names the command line accepts, in one light module (no ReportLab), so that
parsing and no-op builds stay fast."""

from pathlib import Path

SOURCE_LOCALE = "en"              # the language content/ and layouts/ are written in
TEMPLATES = "templates"           # locales/templates/*.pot: what translators translate
FORMATS = ("handout", "card")     # what a block can be printed in
PAPERS = ("letter", "a4")         # page sizes of handouts and card print sheets


def translation_locales(root: Path) -> list[str]:
    """Locales with translation catalogs: folders under locales/ holding .po files."""
    base = root / "locales"
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir()
                  if p.is_dir() and p.name not in (TEMPLATES, SOURCE_LOCALE) and any(p.glob("*.po")))


def available_locales(root: Path) -> tuple:
    return (SOURCE_LOCALE, *translation_locales(root))
