"""Readability formulas, offline, with text preparation done on purpose.

Text preparation (what counts as what):
- A sentence ends at ". ! ?" or ";" followed by a space or the end. Each list
  item, and each lead-in before a list, is a sentence of its own even without
  a full stop. A colon inside a sentence does not end it.
- Decimals (100.4), abbreviations (U.S., e.g.) and phone numbers never split
  a sentence.
- A word is a run of letters or digits, with inner apostrophes, hyphens or
  dots: "B-cell", "don't", "100.4" and "1-800-FDA-1088" are one word each.
- Syllables (English): from the CMU Pronouncing Dictionary (US English),
  shipped in src/handout/data; a hyphenated word adds up its parts; an
  acronym in capitals (CRS, IV) counts one syllable per letter, as it is read
  ("W" counts 3); a word that contains a digit counts one syllable (a number is
  read as a unit and has no plainer form); a word the dictionary lacks is
  counted by vowel groups.
- Medicine names (the drug's brand and generic name, and the other medicines
  listed under medicine_names in its drug.yaml) count as one word of two
  syllables, never "polysyllabic": the reader must learn the name, it has no
  plainer form, and it recurs so often that its real length would drown out
  how plain the rest of the text is.
- Glossary terms are counted like any other word: a defined word is still a
  long word to read.
- Letters (Coleman-Liau) are letters and digits inside words.
- Syllables (Spanish): vowel nuclei by rule: a strong vowel (a, e, o, or an
  accented í/ú) next to another strong vowel starts a new syllable (hiatus);
  weak vowels (i, u, ü) join their neighbours (diphthongs and triphthongs);
  the silent u of que/qui/gue/gui is not a vowel.
"""
from __future__ import annotations

import gzip
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
NAME_SYLLABLES = 2

_PROTECTED = re.compile(r"\d+\.\d+|\b(?:U\.S|e\.g|i\.e|Dr|Mr|Mrs|Ms|vs|etc|approx)\.", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Stats:
    sentences: int
    words: int
    syllables: int
    polysyllables: int
    letters: int


@dataclass(frozen=True)
class Result:
    locale: str
    stats: Stats
    scores: dict = field(default_factory=dict)  # formula name -> value, or None when it does not apply
    notes: tuple = ()

    def get(self, name: str):
        return self.scores.get(name)


def sentences(parts, protect=_PROTECTED) -> list[str]:
    """Split text parts (paragraphs, list items) into sentences, keeping decimals and abbreviations whole."""
    out = []
    for part in parts:
        text = _BOLD.sub(r"\1", part).strip()
        if not text:
            continue
        guarded = protect.sub(lambda m: m.group(0).replace(".", "\u2024"), text)
        out += [s.replace("\u2024", ".") for s in _SENTENCE_END.split(guarded) if _WORD.search(s)]
    return out


def words(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


@lru_cache(maxsize=1)
def _cmu() -> dict:
    """word -> syllable count, as text (lines of "word<TAB>count", no spaces in a word): one split
    of the whole file and int() only on lookup take a third of the time of parsing line by line."""
    fields = gzip.decompress((DATA / "en-syllables.txt.gz").read_bytes()).decode("utf-8").split()
    return dict(zip(fields[::2], fields[1::2]))


_LETTER_SYLLABLES = {"w": 3}


@lru_cache(maxsize=65536)
def syllables_en(word: str, names=frozenset()) -> int:
    if word.lower() in names:
        return NAME_SYLLABLES
    if any(ch.isdigit() for ch in word):
        return 1
    if "-" in word:
        return sum(syllables_en(part, names) for part in word.split("-") if part)
    if word.isupper() and 1 < len(word) <= 5:
        return sum(_LETTER_SYLLABLES.get(ch.lower(), 1) for ch in word if ch.isalpha())
    w = word.lower().replace("’", "'")
    w = re.sub(r"'s$", "", w)
    known = _cmu().get(w)
    if known is not None:
        return max(int(known), 1)
    return _vowel_groups(w)


def _vowel_groups(w: str) -> int:
    groups = re.findall(r"[aeiouy]+", w)
    n = len(groups)
    if w.endswith("e") and not w.endswith(("le", "ee")) and n > 1:
        n -= 1
    return max(n, 1)


_STRONG = set("aeoáéóíú")   # an accented i/u is strong: it breaks a diphthong (día, río)
_WEAK = set("iuüy")


@lru_cache(maxsize=65536)
def syllables_es(word: str, names=frozenset()) -> int:
    if word.lower() in names:
        return NAME_SYLLABLES
    if any(ch.isdigit() for ch in word):
        return 1
    w = word.lower()
    w = re.sub(r"(?<=[qg])u(?=[eéiíi])", "", w)  # silent u: que, qui, gue, gui
    w = re.sub(r"y$", "i", w)                    # final y is a vowel: muy, hoy
    w = re.sub(r"y(?=[^aeiouáéíóú]|$)", "i", w)
    count, prev = 0, None
    for ch in w:
        if ch in _STRONG or ch in _WEAK - {"y"}:
            if prev is None or (ch in _STRONG and prev in _STRONG):
                count += 1
            prev = ch
        else:
            prev = None
    return max(count, 1)


SYLLABLES = {"en": syllables_en, "es": syllables_es}


def stats(parts, locale: str, names=frozenset()) -> Stats:
    count = SYLLABLES.get(locale.split("-")[0], syllables_en)
    names = frozenset(n.lower() for n in names)
    sents = sentences(parts)
    n_sent = n_words = n_syll = n_poly = n_letters = 0
    for sentence in sents:
        n_sent += 1
        for word in words(sentence):
            syl = count(word, names)
            n_words += 1
            n_syll += syl
            n_poly += syl >= 3 and word.lower() not in names
            n_letters += sum(map(str.isalnum, word))
    return Stats(n_sent, n_words, n_syll, n_poly, n_letters)


# The formulas, each with its published constants.

def flesch_reading_ease(s: Stats):
    """Flesch (1948)."""
    return 206.835 - 1.015 * s.words / s.sentences - 84.6 * s.syllables / s.words


def flesch_kincaid_grade(s: Stats):
    """Kincaid, Fishburne, Rogers and Chissom (1975)."""
    return 0.39 * s.words / s.sentences + 11.8 * s.syllables / s.words - 15.59


SMOG_MIN_SENTENCES = 30


def smog(s: Stats):
    """McLaughlin (1969), as a regression: defined for 30 or more sentences, else not applicable."""
    if s.sentences < SMOG_MIN_SENTENCES:
        return None
    return 1.0430 * math.sqrt(s.polysyllables * 30 / s.sentences) + 3.1291


def coleman_liau(s: Stats):
    """Coleman and Liau (1975): L letters and S sentences per 100 words."""
    return 0.0588 * (100 * s.letters / s.words) - 0.296 * (100 * s.sentences / s.words) - 15.8


def fernandez_huerta(s: Stats):
    """Fernández Huerta (1959), an adaptation of Flesch Reading Ease: P syllables per 100 words,
    and the average sentence length in words. The formula as printed in 1959 subtracts 1.02 x
    sentences per 100 words, which makes shorter sentences score as harder; that is a slip in
    adapting Flesch's "words per sentence" (G. Law, LINGUIST List 22.2332, 2011), and tools
    such as textstat use the corrected form, as here."""
    return 206.84 - 0.60 * (100 * s.syllables / s.words) - 1.02 * (s.words / s.sentences)


def szigriszt_pazos(s: Stats):
    """Szigriszt Pazos (1993), read on the INFLESZ scale (Barrio-Cantalejo et al., 2008)."""
    return 206.835 - 62.3 * s.syllables / s.words - s.words / s.sentences


FORMULAS = {
    "en": {"flesch_reading_ease": flesch_reading_ease, "flesch_kincaid_grade": flesch_kincaid_grade,
           "smog": smog, "coleman_liau": coleman_liau},
    "es": {"fernandez_huerta": fernandez_huerta, "szigriszt_pazos": szigriszt_pazos},
}


def inflesz(score: float) -> str:
    """The INFLESZ reading of a Szigriszt-Pazos score."""
    for limit, label in ((40, "muy difícil"), (55, "algo difícil"), (65, "normal"), (80, "bastante fácil")):
        if score < limit:
            return label
    return "muy fácil"


def combine(many) -> Stats:
    """The stats of several texts read as one (counts simply add up)."""
    many = list(many)
    return Stats(*(sum(getattr(s, f) for s in many) for f in ("sentences", "words", "syllables", "polysyllables",
                                                                "letters")))


def analyse(parts, locale: str, names=frozenset()) -> Result:
    return score(stats(parts, locale, names), locale)


def score(s: Stats, locale: str) -> Result:
    formulas = FORMULAS.get(locale.split("-")[0])
    if formulas is None:
        return Result(locale, s, {}, (f"no readability formula is defined for {locale!r}",))
    if s.words == 0 or s.sentences == 0:
        return Result(locale, s, {name: None for name in formulas}, ("no text",))
    scores = {name: f(s) for name, f in formulas.items()}
    notes = ()
    if "smog" in scores and scores["smog"] is None:
        notes = (f"SMOG not applicable: {s.sentences} sentences, it needs {SMOG_MIN_SENTENCES}",)
    return Result(locale, s, scores, notes)
