"""Load stage: read content/ (audiences, and per drug: drug, sources, glossary, blocks).

Returns plain frozen dataclasses. Every problem in every file is collected and
reported together with file and line, then loading fails once.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from handout import yamlfile
from handout.errors import InputError, Problem, Problems
from handout.markup import plain, unbalanced_bold
from handout.names import FORMATS
from handout.schema import ID, check
from handout.yamlfile import Map, Seq



@dataclass(frozen=True)
class Audience:
    id: str
    name: str


@dataclass(frozen=True)
class Source:
    key: str
    publisher: str
    title: str
    file: str | None = None     # the saved copy read, for pages kept in shared/sources
    url: str | None = None
    date: _dt.date | None = None
    date_means: str | None = None
    revision: str | None = None  # a label's own revision mark, as printed on it ("11/2025")
    note: str | None = None
    group: str | None = None    # the sub-list it prints in (the layout's word sources_group_<group>)
    line: int = 0               # the line of its group (else of the entry)


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    forms: tuple[str, ...]
    cites: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True)
class Wording:
    """What one audience reads of one block."""

    text: str | None
    items: tuple[str, ...]
    card: str | None
    steps: tuple[str, ...] = ()  # what to do, in order: printed as a numbered list
    heading: str | None = None   # a sub-heading over the block: one idea per chunk (CDC index 9)


@dataclass(frozen=True)
class Review:
    last: _dt.date
    every_months: int
    by: str | None = None

    @property
    def due(self) -> _dt.date:
        month = self.last.month - 1 + self.every_months
        year, month = self.last.year + month // 12, month % 12 + 1
        return self.last.replace(year=year, month=month, day=min(self.last.day, 28))


@dataclass(frozen=True)
class Block:
    id: str
    section: str
    audiences: tuple[str, ...]
    formats: tuple[str, ...]
    cites: tuple[str, ...]
    safety_critical: bool
    facts: str
    wording: dict  # audience id -> Wording
    review: Review
    file: str
    line: int
    reading_exempt: str | None = None  # why this block may be above the reading target (e.g. for clinicians)
    # in a translated locale: (audience, "text" / "item1" / "card") -> (PO file, line) of what prints
    translated_at: dict = field(default_factory=dict, compare=False)
    # a note for emergency staff (contexts.STAFF_SECTIONS), in every language it can print in:
    # locale -> {audience: (card text, file, line)}; filled by localizing
    languages: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Schedule:
    """One treatment cycle: days of medicine, days of break, which cycles start in hospital."""

    infusion_days: int
    break_days: int
    hospital_cycles: tuple[int, ...]
    steroid_before: bool
    cites: tuple[str, ...]
    file: str
    line: int
    review: Review | None = None

    @property
    def cycle_days(self) -> int:
        return self.infusion_days + self.break_days


@dataclass(frozen=True)
class Drug:
    id: str
    generic_name: str
    brand_name: str
    pronunciation: str | None
    content_version: str
    blocks: tuple[Block, ...]
    sources: dict  # key -> Source
    glossary: tuple[Term, ...]
    medicine_names: tuple[str, ...] = ()  # other medicines the text names (dexamethasone, ...)
    schedule: Schedule | None = None
    safety_critical_blocks: tuple[str, ...] = ()  # declared in drug.yaml: must print wherever they belong
    names_source: str | None = None


@dataclass(frozen=True)
class Library:
    root: Path
    audiences: dict  # id -> Audience
    drugs: dict = field(default_factory=dict)  # id -> Drug


def _rel(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _load(path: Path, root: Path, problems: Problems, needed: bool = False):
    try:
        data = yamlfile.load(path, shown_as=_rel(root, path))
    except InputError as exc:
        problems.items.extend(exc.problems)
        return None
    if data is None:  # an emptied file must not quietly take its blocks (or audiences) with it
        # audiences.yaml, or a blocks file that may hold the call box: deleting it is no way out
        problems.add(_rel(root, path), 0, "this file is empty (or only comments); restore its contents"
                                          + ("" if needed else ", or delete the file if that is what you mean"))
    return data


def load_library(content_dir: Path, only=None) -> Library:
    """Load every drug under content_dir, or only the drug ids listed in only; raise InputError
    listing every problem found."""
    problems = Problems()
    if not content_dir.is_dir():
        raise InputError([Problem(content_dir, 0, "no content folder here; run handout from the project folder "
                                                    "(the one with content/ and layouts/) or pass --project DIR")])
    audiences = _audiences(content_dir / "audiences.yaml", content_dir, problems)
    if problems.items and not audiences:  # no block can be checked without the audiences: say the cause once
        problems.raise_if_any()
    drugs, missing = {}, {}
    for drug_dir in sorted(p for p in content_dir.iterdir() if p.is_dir() and (only is None or p.name in only)):
        drug = _drug(drug_dir, content_dir, set(audiences), problems, missing)
        if drug is not None:
            drugs[drug.id] = drug
    for aud, used in missing.items():  # one message per audience, not two per block
        problems.add("content/audiences.yaml", 0,
                     f"audience {aud!r} is used by {len(used)} block(s) (first: {used[0]}) but is not listed here "
                     f"(known: {', '.join(sorted(audiences))}); add it back, or take it out of those blocks")
    if not drugs and not problems and only is None:
        problems.add(_rel(content_dir, content_dir), 0, "no drug folders found (expected content/<drug>/drug.yaml)")
    problems.raise_if_any()
    return Library(root=content_dir, audiences=audiences, drugs=drugs)


def _audiences(path: Path, root: Path, problems: Problems) -> dict:
    data = _load(path, root, problems, needed=True)
    shown = _rel(root, path)
    out = {}
    if data is None:
        return out
    if not isinstance(data, Map) or not data:
        problems.add(shown, getattr(data, "line", 0), "expected a mapping of audience id to its name")
        return out
    for key, node in data.items():
        if not isinstance(key, str) or not ID.match(key):
            problems.add(shown, data.line_of(key), f"audience id {key!r} should be lowercase letters, digits and '-'")
            continue
        if check(node, {"name": ("text", True)}, shown, problems, f"audience {key!r}"):
            out[key] = Audience(key, node["name"])
    return out


_DRUG = {
    "id": ("id", True),
    "generic_name": ("text", True),
    "brand_name": ("text", True),
    "pronunciation": ("text", False),
    "names_source": ("text", False),   # where the official names come from: told to translators
    "content_version": ("text", True),
    "medicine_names": ("text-list", False),
    # The blocks that must always print (what to call about, when to call 911): each must exist, be
    # marked safety_critical: true and reach every audience, so deleting or emptying one stops the build.
    "safety_critical_blocks": ("id-list", True),
}
_SOURCE = {
    "publisher": ("text", True),
    "title": ("text", True),
    "file": ("text", False),
    "url": ("url", False),
    "revision": ("text", False),
    "date": ("date", False),
    "date_means": ("id", False),   # "updated" or "reviewed": printed with the layout's words
    "note": ("text", False),
    "group": ("id", False),        # the sub-list of the sources it prints in (label, line, ...)
}
_TERM = {
    "id": ("id", True),
    "term": ("text", True),
    "definition": ("text", True),
    "forms": ("text-list", False),
    "cites": ("id-list", True),
}
_BLOCK = {
    "id": ("id", True),
    "section": ("id", True),
    "audiences": ("id-list", True),
    "formats": ("id-list", True),
    "cites": ("id-list", True),
    "safety_critical": ("boolean", True),
    "facts": ("text", True),
    "review": ("mapping", True),
    "reading_exempt": ("text", False),
}
_WORDING = {"heading": ("text", False), "text": ("text", False), "items": ("text-list", False),
            "steps": ("text-list", False), "card": ("text", False)}
MAX_REVIEW_MONTHS = 120
_REVIEW = {"last": ("date", True), "every_months": ("integer", True), "by": ("text", False)}


def _drug(drug_dir: Path, root: Path, audiences: set, problems: Problems, missing: dict | None = None) -> Drug | None:
    drug_file = drug_dir / "drug.yaml"
    shown = _rel(root, drug_file)
    if not drug_file.exists():
        problems.add(_rel(root, drug_dir), 0, "this drug folder has no drug.yaml (names and content version)")
        return None
    meta = _load(drug_file, root, problems)
    if meta is None or not check(meta, _DRUG, shown, problems, "drug"):
        return None
    if meta["id"] != drug_dir.name:
        problems.add(shown, meta.line_of("id"), f"id {meta['id']!r} should match the folder name {drug_dir.name!r}")
    sources = _sources(drug_dir / "sources.yaml", root, problems)
    glossary = _glossary(drug_dir / "glossary.yaml", root, set(sources), problems)
    blocks = _blocks(drug_dir / "blocks", root, audiences, set(sources), problems, missing)
    _check_safety_critical(meta, shown, blocks, audiences, problems)
    return Drug(
        id=meta["id"], generic_name=meta["generic_name"], brand_name=meta["brand_name"],
        pronunciation=meta.get("pronunciation"), names_source=meta.get("names_source"),
        content_version=str(meta["content_version"]),
        blocks=tuple(blocks), sources=sources, glossary=tuple(glossary),
        medicine_names=tuple(meta.get("medicine_names") or ()),
        safety_critical_blocks=tuple(meta["safety_critical_blocks"]),
        schedule=_schedule(drug_dir / "schedule.yaml", root, set(sources), problems),
    )


def _check_safety_critical(meta: Map, shown: str, blocks: list, audiences: set, problems: Problems) -> None:
    declared = meta["safety_critical_blocks"]
    by_id = {b.id: b for b in blocks}
    for i, block_id in enumerate(declared):
        line = declared.line_of(i) if isinstance(declared, Seq) else meta.line_of("safety_critical_blocks")
        block = by_id.get(block_id)
        if block is None:
            if not problems:  # a block with a mistake is not loaded: its own problem says why
                problems.add(shown, line, f"safety-critical block {block_id!r} is declared here but no block has "
                                          "that id; it must be printed: restore it, or correct the id")
            continue
        if not block.safety_critical:
            problems.add(block.file, block.line, f"block {block_id!r} is declared safety-critical in {shown} but "
                                                 "says safety_critical: false; set it to true")
        missing = sorted(audiences - set(block.audiences))
        if missing:
            problems.add(block.file, block.line, f"safety-critical block {block_id!r} must reach every audience; "
                                                 f"it leaves out {', '.join(missing)}")


_SCHEDULE = {
    "infusion_days": ("integer", True),
    "break_days": ("integer", True),
    "hospital_cycles": ("list", True),
    "steroid_before": ("boolean", True),
    "cites": ("id-list", True),
    "review": ("mapping", True),
}


def _schedule(path: Path, root: Path, sources: set, problems: Problems) -> Schedule | None:
    """The cycle behind the timeline and calendar; optional (a drug without one gets neither)."""
    if not path.exists():
        return None
    data = _load(path, root, problems)
    shown = _rel(root, path)
    if data is None or not check(data, _SCHEDULE, shown, problems, "schedule"):
        return None
    ok = check(data["review"], _REVIEW, shown, problems, "schedule review")
    if ok and not 1 <= data["review"]["every_months"] <= MAX_REVIEW_MONTHS:
        problems.add(shown, data["review"].line_of("every_months"),
                     f"schedule review: every_months should be 1 to {MAX_REVIEW_MONTHS} (ten years)")
        ok = False
    for key in ("infusion_days", "break_days"):
        if not 0 < data[key] <= 366:
            problems.add(shown, data.line_of(key), f"schedule: {key} should be between 1 and 366")
            ok = False
    cycles = data["hospital_cycles"]
    if not all(isinstance(c, int) and not isinstance(c, bool) and c > 0 for c in cycles):
        problems.add(shown, data.line_of("hospital_cycles"), "schedule: hospital_cycles should be cycle numbers")
        ok = False
    unknown = [k for k in data["cites"] if k not in sources]
    if unknown:
        problems.add(shown, data.line_of("cites"), f"schedule: cites {', '.join(unknown)}, not in sources.yaml")
        ok = False
    if not ok:
        return None
    review = data["review"]
    return Schedule(data["infusion_days"], data["break_days"], tuple(cycles), data["steroid_before"],
                    tuple(data["cites"]), shown, data.line, Review(review["last"], review["every_months"]))


def _sources(path: Path, root: Path, problems: Problems) -> dict:
    data = _load(path, root, problems)
    shown = _rel(root, path)
    out = {}
    if data is None:
        return out
    if not isinstance(data, Map) or not data:
        problems.add(shown, getattr(data, "line", 0), "expected a mapping of source key to its details")
        return out
    for key, node in data.items():
        if not isinstance(key, str) or not ID.match(key):
            problems.add(shown, data.line_of(key), f"source key {key!r} should be lowercase letters, digits and '-'")
        elif check(node, _SOURCE, shown, problems, f"source {key!r}"):
            if "file" not in node and "url" not in node:
                problems.add(shown, node.line, f"source {key!r}: give its saved copy ('file') or its address "
                                               "('url'), so a reader can find what was read")
                continue
            if node.get("date_means") not in (None, "updated", "reviewed"):
                problems.add(shown, node.line_of("date_means"), f"source {key!r}: date_means should be "
                                                                "updated or reviewed")
                continue
            where = node.line_of("group") if "group" in node else node.line  # what a problem with it names
            out[key] = Source(key=key, line=where,
                              **{k: node[k] for k in node if k in _SOURCE})  # unknown keys: reported
    return out


def _glossary(path: Path, root: Path, sources: set, problems: Problems) -> list[Term]:
    data = _load(path, root, problems)
    shown = _rel(root, path)
    out: list[Term] = []
    if data is None:
        return out
    if not isinstance(data, Seq):
        problems.add(shown, getattr(data, "line", 0), "expected a list of terms, each starting with '- id:'")
        return out
    seen: dict = {}
    for node in data:
        if not check(node, _TERM, shown, problems, "glossary term"):
            continue
        if node["id"] in seen:
            problems.add(shown, node.line, f"glossary id {node['id']!r} is used twice (also on line {seen[node['id']]})")
            continue
        seen[node["id"]] = node.line
        unknown = [k for k in node["cites"] if k not in sources]
        if unknown:
            problems.add(shown, node.line_of("cites"), f"glossary term {node['id']!r}: cites {', '.join(unknown)}, "
                                                       f"not in sources.yaml (known: {', '.join(sorted(sources))})")
            continue
        forms = tuple(node.get("forms") or (node["term"],))
        out.append(Term(node["id"], node["term"], node["definition"], forms, tuple(node["cites"]), node.line))
    return out


def _blocks(folder: Path, root: Path, audiences: set, sources: set, problems: Problems,
            missing: dict | None = None) -> list[Block]:
    if not folder.is_dir():
        problems.add(_rel(root, folder), 0, "missing blocks folder (one YAML file per topic)")
        return []
    out: list[Block] = []
    seen: dict = {}
    for path in sorted(folder.glob("*.yaml")):
        data = _load(path, root, problems, needed=True)
        shown = _rel(root, path)
        if data is None:
            continue
        if not isinstance(data, Seq):
            problems.add(shown, getattr(data, "line", 0), "expected a list of blocks, each starting with '- id:'")
            continue
        for node in data:
            block = _block(node, shown, audiences, sources, problems, missing)
            if block is None:
                continue
            if block.id in seen:
                problems.add(shown, block.line, f"block id {block.id!r} is already used at {seen[block.id]}")
                continue
            seen[block.id] = f"{shown}:{block.line}"
            out.append(block)
    return out


def _block(node, shown: str, audiences: set, sources: set, problems: Problems,
           missing: dict | None = None) -> Block | None:
    named = node.get("audiences") if isinstance(node, Map) else None
    gone = {a for a in named if isinstance(a, str) and a not in audiences} if isinstance(named, list) else set()
    if missing is None:
        gone = set()
    # an audience gone from audiences.yaml is reported once there; its wording here is not a typo
    spec = dict(_BLOCK, **{a: ("mapping", False) for a in audiences | gone})
    name = f"block {node.get('id')!r}" if isinstance(node, Map) and isinstance(node.get("id"), str) else "block"
    if not check(node, spec, shown, problems, name):
        if isinstance(node, Map):  # still report mistakes inside the audience texts
            for aud in audiences & set(node):
                check(node[aud], _WORDING, shown, problems, f"{name} {aud}")
        return None
    ok = True
    for key in node["cites"]:
        if key not in sources:
            problems.add(shown, node.line_of("cites"),
                         f"{name}: cites {key!r}, which is not in sources.yaml (known: {', '.join(sorted(sources))})")
            ok = False
    for fmt in node["formats"]:
        if fmt not in FORMATS:
            problems.add(shown, node.line_of("formats"), f"{name}: unknown format {fmt!r}; use {' or '.join(FORMATS)}")
            ok = False
    wording = {}
    for aud in node["audiences"]:
        if aud in gone:  # reported once at audiences.yaml; the block's other audiences still load
            missing.setdefault(aud, []).append(f"{shown}:{node.line}")
        elif aud not in audiences:
            problems.add(shown, node.line_of("audiences"),
                         f"{name}: unknown audience {aud!r} (known: {', '.join(sorted(audiences))})")
            ok = False
        elif aud not in node:
            problems.add(shown, node.line,
                         f"{name}: lists audience {aud!r} but has no '{aud}:' text; add it or remove the audience")
            ok = False
        else:
            w = _wording(node[aud], node, aud, name, shown, problems)
            ok = ok and w is not None
            wording[aud] = w
    for aud in audiences & set(node) - set(node["audiences"]):
        problems.add(shown, node.line_of(aud), f"{name}: has '{aud}:' text but {aud!r} is not in its audiences")
        ok = False
    review = node["review"]
    if not check(review, _REVIEW, shown, problems, f"{name} review"):
        ok = False
    elif not 1 <= review["every_months"] <= MAX_REVIEW_MONTHS:
        problems.add(shown, review.line_of("every_months"),
                     f"{name} review: every_months should be 1 to {MAX_REVIEW_MONTHS} (ten years)")
        ok = False
    if not ok:
        return None
    return Block(
        id=node["id"], section=node["section"], audiences=tuple(node["audiences"]),
        formats=tuple(node["formats"]), cites=tuple(node["cites"]), safety_critical=node["safety_critical"],
        facts=node["facts"], wording=wording,
        review=Review(review["last"], review["every_months"], review.get("by")),
        file=shown, line=node.line, reading_exempt=node.get("reading_exempt"),
    )


def _wording(node, block: Map, aud: str, name: str, shown: str, problems: Problems) -> Wording | None:
    if not check(node, _WORDING, shown, problems, f"{name} {aud}"):
        return None
    if "handout" in block["formats"] and not {"text", "items", "steps"} & set(node):
        problems.add(shown, block.line_of(aud),
                     f"{name} {aud}: needs 'text' (a paragraph), 'items' (a list) or 'steps' (numbered)")
        return None
    if "heading" in node and "handout" not in block["formats"]:
        problems.add(shown, node.line_of("heading"), f"{name} {aud}: 'heading' prints in handouts only, and this "
                                                     "block is not in one; remove it or add handout to formats")
        return None
    for key in ("heading", "text", "items", "steps", "card"):
        values = [node[key]] if isinstance(node.get(key), str) else node.get(key) or []
        for i, value in enumerate(values):
            if not re.sub(r"[\W_]+", "", plain(value)):  # "** **" or "." would print an empty bullet
                line = values.line_of(i) if isinstance(values, Seq) else node.line_of(key)
                problems.add(shown, line, f"{name} {aud} {key}: {value!r} prints no words; write the text, or "
                                          "remove the entry")
                return None
            if unbalanced_bold(value):
                problems.add(shown, node.line_of(key), f"{name} {aud} {key}: a '**' has no partner; "
                                                       "bold text is written **like this**")
                return None
    if "card" in block["formats"] and "card" not in node:
        problems.add(shown, block.line_of(aud),
                     f"{name} {aud}: the block is for the wallet card, so it needs a short 'card' text")
        return None
    return Wording(node.get("text"), tuple(node.get("items") or ()), node.get("card"), tuple(node.get("steps") or ()),
                   node.get("heading"))

