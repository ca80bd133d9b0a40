#!/usr/bin/env python3
"""Regenerate src/handout/fonts/NotoSansSC-{Regular,Bold}.ttf: Noto Sans SC (SIL OFL) cut down to
what Simplified Chinese handouts use: the GB2312 character set, ASCII, Latin-1, general and CJK
punctuation and full-width forms. Developer tool, not run at build time.

    npm pack @expo-google-fonts/noto-sans-sc@0.4.3 && tar xzf expo-google-fonts-noto-sans-sc-0.4.3.tgz
    pip install fonttools && python tools/make_cjk_font.py package/
"""
import shutil
import sys
from pathlib import Path

from fontTools import subset

OUT = Path(__file__).resolve().parent.parent / "src" / "handout" / "fonts"


def characters() -> set:
    chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180)) | set(range(0x2010, 0x2070))
    chars |= set(range(0x3000, 0x3040)) | set(range(0xFF01, 0xFF5F)) | {0x00B7, 0x2103, 0x00B0}
    for hi in range(0xA1, 0xF8):  # every character GB2312 encodes
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def main(package: Path):
    options = subset.Options()
    options.layout_features = []      # ReportLab does no shaping: GSUB/GPOS would only add weight
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    wanted = characters()
    for weight, name in (("400Regular", "Regular"), ("700Bold", "Bold")):
        font = subset.load_font(str(package / weight / f"NotoSansSC_{weight}.ttf"), options)
        sub = subset.Subsetter(options)
        sub.populate(unicodes=wanted)
        sub.subset(font)
        subset.save_font(font, str(OUT / f"NotoSansSC-{name}.ttf"), options)
    shutil.copy(package / "LICENSE_FONT", OUT / "OFL-NotoSansSC.txt")
    print(f"{len(wanted)} characters")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
