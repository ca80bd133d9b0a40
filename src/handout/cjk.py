"""Line breaking for Chinese (and other scripts written without spaces) in ReportLab.

ReportLab's CJK wrapping (reportlab.platypus.paragraph.cjkFragSplit, BSD licence) lets one
closing mark hang at the end of a line, and lists only some marks. Chinese needs all its
closing marks kept off the start of a line, also two in a row ("）。"). This is ReportLab's
function with two changes, marked below; install() puts it in ReportLab's place.
"""
from __future__ import annotations

from unicodedata import category

from reportlab.lib.textsplit import getCharWidths
from reportlab.lib.utils import isBytes
from reportlab.platypus import paragraph as rl
from reportlab.rl_config import _FUZZ

# Marks that may not start a line: ReportLab's list plus the full-width marks Chinese uses.
CANNOT_START = rl.ALL_CANNOT_START + "，。、：；？！）》」』】〉”’％·"


def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
    U = []
    for f in frags:
        text = f.text
        if isBytes(text):
            text = text.decode(encoding)
        if text:
            U.extend([rl.cjkU(t, f, encoding) for t in text])
        else:
            U.append(rl.cjkU(text, f, encoding))
    lines = []
    i = widthUsed = lineStartPos = 0
    maxWidth = maxWidths[0]
    nU = len(U)
    while i < nU:
        u = U[i]
        i += 1
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = maxWidth
            w = w.normalizedValue(maxWidth)
        widthUsed += w
        lineBreak = hasattr(u.frag, "lineBreak")
        endLine = (widthUsed > maxWidth + _FUZZ and widthUsed > 0) or lineBreak
        if endLine:
            extraSpace = maxWidth - widthUsed
            if not lineBreak:
                if ord(u) < 0x3000:  # inside a Latin word: go back to a space or to CJK text
                    limitCheck = (lineStartPos + i) >> 1
                    for j in range(i - 1, limitCheck, -1):
                        uj = U[j]
                        if uj and category(uj) == "Zs" or ord(uj) >= 0x3000:
                            k = j + 1
                            if k < i:
                                j = k + 1
                                extraSpace += sum(U[ii].width for ii in range(j, i))
                                w = U[k].width
                                u = U[k]
                                i = j
                                break
                if u not in CANNOT_START and i > lineStartPos + 1:  # change 1: the fuller list
                    i -= 1
                    extraSpace += w
                    if U[i] in CANNOT_START and i > lineStartPos + 1:
                        # the pushed-back character would start the line: take its neighbour too
                        i -= 1
                        extraSpace += U[i].width
                else:
                    # change 2: marks that follow a hanging mark hang with it, never start a line
                    while i < nU and U[i] in CANNOT_START and not hasattr(U[i].frag, "lineBreak"):
                        widthUsed += U[i].width
                        extraSpace -= U[i].width
                        i += 1
            lines.append(rl.makeCJKParaLine(U[lineStartPos:i], maxWidth, widthUsed, extraSpace, lineBreak,
                                            calcBounds))
            try:
                maxWidth = maxWidths[len(lines)]
            except IndexError:
                maxWidth = maxWidths[-1]
            lineStartPos = i
            widthUsed = 0
    if widthUsed > 0:
        lines.append(rl.makeCJKParaLine(U[lineStartPos:], maxWidth, widthUsed, maxWidth - widthUsed, False,
                                        calcBounds))
    return rl.ParaLines(kind=1, lines=lines)


def dumb_split(word: str, widths, maxWidths):
    """ReportLab's textsplit.dumbSplit (a paragraph of one font) with the same two changes."""
    if not isinstance(maxWidths, (list, tuple)):
        maxWidths = [maxWidths]
    lines = []
    i = widthUsed = lineStartPos = 0
    maxWidth = maxWidths[0]
    nW = len(word)
    while i < nW:
        w = widths[i]
        c = word[i]
        widthUsed += w
        i += 1
        if widthUsed > maxWidth + _FUZZ and widthUsed > 0:
            extraSpace = maxWidth - widthUsed
            if ord(c) < 0x3000:
                limitCheck = (lineStartPos + i) >> 1
                for j in range(i - 1, limitCheck, -1):
                    cj = word[j]
                    if category(cj) == "Zs" or ord(cj) >= 0x3000:
                        k = j + 1
                        if k < i:
                            j = k + 1
                            extraSpace += sum(widths[j:i])
                            w = widths[k]
                            c = word[k]
                            i = j
                            break
            if c not in CANNOT_START and i > lineStartPos + 1:
                i -= 1
                extraSpace += w
                if word[i] in CANNOT_START and i > lineStartPos + 1:
                    i -= 1
                    extraSpace += widths[i]
            else:
                while i < nW and word[i] in CANNOT_START:
                    widthUsed += widths[i]
                    extraSpace -= widths[i]
                    i += 1
            lines.append([extraSpace, word[lineStartPos:i].strip()])
            try:
                maxWidth = maxWidths[len(lines)]
            except IndexError:
                maxWidth = maxWidths[-1]
            lineStartPos = i
            widthUsed = 0
    if widthUsed > 0:
        lines.append([maxWidth - widthUsed, word[lineStartPos:]])
    return lines


def word_split(word, maxWidths, fontName, fontSize, encoding="utf8"):
    text = word.decode(encoding) if isBytes(word) else word
    return dumb_split(text, getCharWidths(text, fontName, fontSize), maxWidths)


def install() -> None:
    rl.cjkFragSplit = cjk_frag_split
    rl.wordSplit = word_split
