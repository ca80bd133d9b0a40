"""Rebuild only what changed.

Each document's inputs (its drug's content, the audience list, its layout, the
project config, its locale's files, the clinic profile, the calendar options,
the code, fonts and data of this package, and the releases of Python and of the
libraries that draw and fill the PDF) are hashed into one fingerprint.
A manifest in the output folder remembers the fingerprint every file was built
from; a file is rebuilt only when it is missing or its fingerprint changed.

Of a locale's translation catalogs, a document takes only the entries it can
print (contexts.printed_in) and the parts every document shares (the header,
anything not plainly one entry), so editing one Spanish entry rebuilds only the
Spanish documents that print it. This module is deliberately light (no
ReportLab, no Babel): a no-op build never loads them.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import stat
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from handout.catalog_digest import catalog_digests
from handout.contexts import LAYOUT_CATALOG, matches, printed_by
from handout.errors import UsageError

PACKAGE = Path(__file__).parent
MANIFEST = ".handout-manifest.json"
MANIFEST_VERSION = 3  # 3: each file also records what of the project it was built from ("inputs")
LAYOUT_OF = {"handout": "handout.yaml", "card": "card.yaml"}


@dataclass(frozen=True)
class Output:
    path: Path
    kind: str           # "handout", "card" or "sheet"
    paper: str | None


@dataclass(frozen=True)
class Unit:
    """One document (drug, locale, audience, format) and the files it produces."""

    drug: str
    locale: str
    audience: str
    format: str
    outputs: tuple
    fingerprint: str
    inputs: dict | None = None  # what of the project it is made from: {part: digest} (project_inputs)

    @property
    def target(self) -> tuple:
        return self.drug, self.locale, self.audience, self.format


class Hasher:
    """File digests, each file read once per run. Catalogs are read entry by entry (about 2 ms
    each), so their digests are also kept in the manifest, by the catalog's content: unchanged
    catalogs are not read again by the next run (plan() hands it what the last build kept)."""

    def __init__(self):
        self._done: dict = {}
        self.code = ""                # the package's digest: catalog digests are kept per code version
        self.kept: dict = {}          # str(path) -> [sha256, shared, [[audience, format, digest], ...]]
        self.read: dict = {}          # the same, for the catalogs of this run

    def file(self, path: Path) -> str:
        key = str(path)
        if key not in self._done:
            data = _regular_bytes(path)
            self._done[key] = "missing" if data is None else hashlib.sha256(data).hexdigest()
        return self._done[key]

    def catalog(self, path: Path, name: str) -> tuple:
        """(digest of what every document shares, {printers: digest of their entries}) of a PO
        file, its entries grouped by the documents that can print them (contexts.printed_by)."""
        key = ("catalog", str(path))
        if key not in self._done:
            data = _regular_bytes(path)
            if data is None:
                self._done[key] = ("missing", {})
                return self._done[key]
            sha = hashlib.sha256(data).hexdigest()
            kept = self.kept.get(str(path))
            if kept and kept[0] == sha:
                shared, groups = kept[1], {(aud, fmt): digest for aud, fmt, digest in kept[2]}
            else:
                shared, groups = catalog_digests(data, lambda context: printed_by(name, context))
            self.read[str(path)] = [sha, shared, [[aud, fmt, digest] for (aud, fmt), digest in groups.items()]]
            self._done[key] = shared, groups
        return self._done[key]

    def catalogs(self) -> dict:
        """What the manifest keeps of the catalogs read in this run."""
        return {"code": self.code, "entries": self.read}

    def locale_files(self, folder: Path, root: Path) -> list | None:
        """(name, digest) of every file of a locale folder but its top-level catalogs (a document
        takes only its own), once per run; None when the folder is missing."""
        key = ("locale", str(folder))
        if key not in self._done:
            files = self.files(folder)
            self._done[key] = None if files is None else [
                (str(p.relative_to(root)), self.file(p)) for p in files if p.suffix != ".po" or p.parent != folder]
        return self._done[key]

    def catalog_part(self, folder: Path, name: str, audience: str, fmt: str) -> tuple:
        """(file, shared digest, digests of the entries a document (audience, format) can print)."""
        shared, groups = self.catalog(folder / f"{name}.po", name)
        return f"{name}.po", shared, sorted((f"{k[0] or '*'}|{k[1] or '*'}", d) for k, d in groups.items()
                                         if matches(k, audience, fmt))

    def files(self, folder: Path) -> list:
        """Every entry under a folder (files of any type, and folders), sorted, listed once per run;
        None when it is not a folder.
        Symlinked folders are followed (the loader reads through them, so an edit behind one must
        rebuild too); a folder reached twice (a link loop) is listed once."""
        key = ("files", str(folder))
        if key not in self._done:
            self._done[key] = _walk(folder) if folder.is_dir() else None
        return self._done[key]

    def tree(self, folder: Path, root: Path) -> str:
        """One digest of every file under a folder (names and contents), made once per run."""
        key = ("tree", str(folder))
        if key not in self._done:
            files = self.files(folder)
            listed = ([(str(folder.relative_to(root)), "missing")] if files is None
                      else [(str(p.relative_to(root)), self.file(p)) for p in files])
            self._done[key] = _sha(json.dumps(listed))
        return self._done[key]


def _regular_bytes(path: Path) -> bytes | None:
    """A file's bytes, or None when it is missing or not a regular file (a FIFO or /dev/zero would
    hang the planner; the loader then says what is wrong with it)."""
    try:
        with open(path, "rb", opener=lambda p, flags: os.open(p, flags | os.O_NONBLOCK)) as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            return fh.read()
    except OSError:
        return None


def _walk(folder: Path) -> list:
    found, seen = [], set()
    for top, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        # every entry counts, not only regular files: a FIFO, a device, a broken link or a folder
        # named like a content file is refused by the loader, so its arrival must not look like a no-op
        found += [Path(top) / n for n in names + dirs]
    return sorted(found)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def locale_inputs(hasher: Hasher, root: Path, locale: str, drug: str, audience: str, fmt: str) -> list:
    """What a document takes from locales/<locale>/: its drug's catalog and the layout catalog,
    each cut to the entries it can print plus their shared parts, and every other file whole
    (plain-language rules); other drugs' catalogs are left out."""
    folder = root / "locales" / locale
    others = hasher.locale_files(folder, root)
    if others is None:
        return [(f"locales/{locale}", "missing")]
    return others + [hasher.catalog_part(folder, name, audience, fmt) for name in sorted({drug, LAYOUT_CATALOG})]


def light_names(root: Path):
    """(drugs, audiences) read without validation, or None when the files are not plainly readable
    (the full load then reports the problem with file and line)."""
    try:
        content = root / "content"
        drugs = sorted(p.name for p in content.iterdir() if (p / "drug.yaml").is_file())
        data = _regular_bytes(content / "audiences.yaml")
        if data is None or len(data) > 1_000_000:
            return None
        audiences = yaml.safe_load(data.decode("utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return None
    if not drugs or not isinstance(audiences, dict) or not all(isinstance(k, str) for k in audiences):
        return None
    return drugs, list(audiences)


def outputs_for(out: Path, drug: str, locale: str, audience: str, fmt: str, papers) -> tuple:
    folder = out / drug / locale
    if fmt == "handout":
        return tuple(Output(folder / f"{audience}-handout-{p}.pdf", "handout", p) for p in papers)
    return (Output(folder / f"{audience}-card.pdf", "card", None),
            *(Output(folder / f"{audience}-card-sheet-{p}.pdf", "sheet", p) for p in papers))


# Libraries whose release can change a PDF: ReportLab draws it, Babel's CLDR data writes its dates,
# Jinja fills the layout words, PyYAML reads the content.
LIBRARIES = ("reportlab", "rl-accel", "babel", "jinja2", "markupsafe", "pyyaml")
# Environment settings that tools use to change a file's bytes (reproducible-build dates).
BYTE_SETTINGS = ("SOURCE_DATE_EPOCH", "PYTHONUTF8")


def environment(hasher: Hasher) -> list:
    """What outside the project can change a PDF: the releases of Python and of LIBRARIES (read
    from the names of the .dist-info folders on sys.path: importlib.metadata would take about
    50 ms, most of a no-op build), and ReportLab's own settings (RL_* variables, a
    reportlab_settings.py on sys.path, ~/.reportlab_settings)."""
    found = {("python", platform.python_version())}
    found.update((name, value) for name, value in os.environ.items()
                 if name.startswith("RL_") or name in BYTE_SETTINGS)
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, version = name[:-len(".dist-info")].partition("-")
                if project.lower().replace("_", "-") in LIBRARIES:
                    found.add((project.lower(), version))
            elif name == "reportlab_settings.py":
                found.add((name, hasher.file(Path(entry or ".") / name)))
    settings = Path(os.path.expanduser("~/.reportlab_settings"))
    if settings.is_file():
        found.add((str(settings), hasher.file(settings)))
    return sorted(found)


def project_inputs(hasher: Hasher, root: Path, drug: str, locale: str, audience: str, fmt: str,
                   staff_language: str = "en") -> dict:
    """{part: digest} of what a document takes from the project (not the options, handout's code or
    the environment): when one of these changes, its old PDF prints out-of-date text. A card also
    prints the staff note in the clinic's language (`staff_language`): that locale's card entries."""
    extra = {}
    if fmt == "card" and staff_language not in ("en", locale):
        part = hasher.catalog_part(root / "locales" / staff_language, drug, audience, fmt)
        extra["staff"] = f"{staff_language}:{_sha(json.dumps(part))}"  # the language, so outdated() can redo it
    return {**extra,
        "drug": hasher.tree(root / "content" / drug, root),
        "shared": _sha(json.dumps([("content/audiences.yaml", hasher.file(root / "content" / "audiences.yaml")),
                                   ("config.yaml", hasher.file(root / "config.yaml"))])),
        "layout": hasher.file(root / "layouts" / LAYOUT_OF[fmt]),
        "locale": _sha(json.dumps(locale_inputs(hasher, root, locale, drug, audience, fmt))),
    }


def plan(root: Path, out: Path, targets, papers, options: dict, hasher: Hasher | None = None) -> list:
    """The units (documents and their files) of a build and each one's fingerprint. It also judges
    the files already in the output folder that this build does not write (see outdated())."""
    hasher = hasher or Hasher()
    _check_out(root, out)
    code = _sha(json.dumps([environment(hasher)] + [
        (str(p.relative_to(PACKAGE)), hasher.file(p)) for p in sorted(PACKAGE.rglob("*"))
        if p.is_file() and p.suffix in (".py", ".ttf", ".gz", ".txt")]))
    manifest = load_manifest(out)
    kept = manifest["catalogs"]
    hasher.code, hasher.kept = code, (kept["entries"] if kept.get("code") == code else {})
    units = []
    for drug, locale, audience, fmt in targets:  # what many documents share is hashed once, then named by digest
        clinic = options.get("clinic")
        inputs = project_inputs(hasher, root, drug, locale, audience, fmt, getattr(clinic, "language", "en"))
        parts = {"code": code, "options": options, "inputs": inputs, "target": [drug, locale, audience, fmt]}
        digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
        units.append(Unit(drug, locale, audience, fmt, outputs_for(out, drug, locale, audience, fmt, papers),
                          digest, inputs))
    _OUTDATED[str(out)] = outdated(root, out, manifest, units, hasher)
    return units


def _check_out(root: Path, out: Path) -> None:
    """The output folder must not lie among the build's inputs: PDFs written into content/, layouts/
    or locales/ would change what the next build is made from (it would never be up to date)."""
    where = Path(os.path.realpath(out))
    for name in ("content", "layouts", "locales"):
        inputs = Path(os.path.realpath(root / name))
        if where == inputs or inputs in where.parents:
            raise UsageError(f"--out {out} is inside the project's {name}/ folder, which the build reads; "
                             "choose an output folder outside content/, layouts/ and locales/")


# plan() leaves here, per output folder, the files it found out of date, for gone() (the caller's
# next step) to add to the files that must go.
_OUTDATED: dict = {}

_PART_NAMES = {"drug": "content/{drug}/", "shared": "content/audiences.yaml or config.yaml",
               "layout": "layouts/{layout}", "locale": "locales/{locale}/",
               "staff": "the clinic language's staff note"}


def outdated(root: Path, out: Path, manifest: dict, units, hasher: Hasher) -> dict:
    """{path: why} of the PDFs in the output folder that this build does not write and that no longer
    match the project: what they were built from (their drug's content, the audiences or config, their
    layout, their locale's files) has changed since, so they would print out-of-date text beside the
    current files. Their options (clinic, calendar) are theirs to keep. When no usable manifest says
    what the folder's PDFs were built from (it is missing or damaged), none of them can be vouched for."""
    writes = {str(o.path) for u in units for o in u.outputs}
    found = {}
    if not manifest["files"] and (manifest["damaged"] or not (out / MANIFEST).exists()):
        why = ("no manifest records what it was built from" if not manifest["damaged"] else
               "the manifest that recorded what it was built from is unusable")
        for path in _handout_pdfs(out):
            if str(path) not in writes:
                found[path] = f"{why}, so it may print out-of-date text; build it again if you need it"
        return found
    for key, record in manifest["files"].items():
        target = _target_of(key)
        path = out / key
        if target is None or str(path) in writes or not path.exists():
            continue
        drug, locale, audience, fmt = target
        then = record.get("inputs") if isinstance(record.get("inputs"), dict) else {}
        staff = then.get("staff") if isinstance(then.get("staff"), str) else "en:"
        now = project_inputs(hasher, root, drug, locale, audience, fmt, staff.split(":")[0])
        changed = [part for part in now if then.get(part) != now[part]]
        if changed:
            names = [_PART_NAMES[p].format(drug=drug, layout=LAYOUT_OF[fmt], locale=locale) for p in changed]
            paper = key.rsplit("-", 1)[1][:-len(".pdf")] if "-handout-" in key or "-card-sheet-" in key else "letter"
            again = f"--drug {drug} --locale {locale} --audience {audience} --format {fmt}" + (
                f" --paper {paper}" if paper != "letter" else "")
            found[path] = (f"out of date ({', '.join(names)} changed since it was built) and this build does not "
                           f"make it; 'handout build {again}' makes it anew")
    return found


def _target_of(key: str) -> tuple | None:
    """(drug, locale, audience, format) of an output's manifest key, or None if it is not one. Only
    <drug>/<locale>/<file> of plain names is: a damaged or hostile manifest naming '/etc/x-card.pdf'
    or '../../x-card.pdf' must never make a build remove a file outside its output folder."""
    parts = key.split("/")
    if len(parts) != 3 or not all(_PLAIN_NAME.match(part) for part in parts):
        return None
    match = _OUTPUT_NAME.match(parts[-1])
    if match is None:
        return None
    return parts[0], parts[1], match["audience"], "handout" if match["kind"].startswith("handout") else "card"


def _handout_pdfs(out: Path) -> list:
    """The files under DIR/<drug>/<locale>/ named as handout names its PDFs."""
    try:
        return sorted(p for p in out.glob("*/*/*.pdf") if _OUTPUT_NAME.match(p.name) and p.is_file())
    except OSError:
        return []


MAX_MANIFEST_BYTES = 200_000_000


def load_manifest(out: Path) -> dict:
    """{"files": {path: record}, "catalogs": {"code": ..., "entries": ...}, "damaged": why or ""};
    empty parts when the manifest is missing, unreadable, damaged or of another version (then
    everything is rebuilt, and "damaged" says why, for the build to tell)."""
    empty = {"files": {}, "catalogs": {}, "damaged": ""}
    path = out / MANIFEST
    if not os.path.lexists(path):
        return empty
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            return dict(empty, damaged="it is too large to be a manifest")
        raw = _regular_bytes(path)
        if raw is None:
            return dict(empty, damaged="it is not a regular file")
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        return dict(empty, damaged=f"it cannot be read ({type(exc).__name__})")
    if not isinstance(data, dict):
        return dict(empty, damaged="it is not a manifest")
    version = data.get("version")
    if version != MANIFEST_VERSION:
        older = isinstance(version, int) and not isinstance(version, bool) and 0 < version < MANIFEST_VERSION
        return dict(empty, damaged="it was written by an older release of handout" if older else
                    f"its version ({str(version)[:20]}) is not one this release of handout writes ({MANIFEST_VERSION})")
    files, catalogs = data.get("files"), data.get("catalogs")
    if not isinstance(files, dict) or not all(isinstance(r, dict) for r in files.values()):
        return dict(empty, damaged="its list of files is damaged")
    entries = catalogs.get("entries") if isinstance(catalogs, dict) else None
    if not isinstance(entries, dict) or not all(_kept_catalog(v) for v in entries.values()):
        return dict(empty, damaged="its catalog digests are damaged")
    return {"files": files, "catalogs": catalogs, "damaged": ""}


def _kept_catalog(value) -> bool:
    return (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str) and isinstance(value[1], str)
            and isinstance(value[2], list)
            and all(isinstance(g, list) and len(g) == 3 and all(isinstance(x, (str, type(None))) for x in g)
                    for g in value[2]))


_PLAIN_NAME = re.compile(r"^(?!\.{1,2}$)[^/\\\x00]+$")  # a file or folder name: not '', '.' or '..'
_OUTPUT_NAME = re.compile(r"^(?P<audience>.+)-(?P<kind>handout-[^-/]+|card|card-sheet-[^-/]+)\.pdf$")


def gone(out: Path, drugs, locales, audiences) -> dict:
    """{path: why} of the files that must leave the output folder: those the manifest says were
    built whose drug, locale or audience no longer exists (they would print what the project no
    longer says), and those the last plan() for this folder found out of date (outdated())."""
    found = {}
    for key in load_manifest(out)["files"]:
        target = _target_of(key)
        if target is None:
            continue
        drug, locale, audience, _ = target
        why = (f"drug {drug!r} is no longer in content/" if drug not in drugs else
               f"locale {locale!r} is no longer in locales/" if locale not in locales else
               f"audience {audience!r} is no longer in content/audiences.yaml" if audience not in audiences else None)
        if why and (out / key).exists():
            found[out / key] = why
    return {**_OUTDATED.pop(str(out), {}), **found}


def stale(units, out: Path) -> list:
    """The units that have work to do, each keeping only its outputs that are missing, were built
    from other inputs, or were changed since (another file copied over one, an old backup restored)."""
    manifest = load_manifest(out)["files"]
    todo = []
    for u in units:
        outputs = tuple(o for o in u.outputs if not _current(manifest.get(_key(out, o.path)), o.path, u.fingerprint))
        if outputs:
            todo.append(replace(u, outputs=outputs))
    return todo


def _current(kept, path, fingerprint: str) -> bool:
    record = _record(path, fingerprint)
    return record is not None and kept is not None and all(kept.get(k) == v for k, v in record.items())


def _record(path, fingerprint: str, inputs: dict | None = None) -> dict | None:
    """What the manifest keeps of a file: its inputs' fingerprint, its size and time as written, and
    (when given) what of the project it was built from (project_inputs), to tell later if it is out of date."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return {"fingerprint": fingerprint, "size": st.st_size, "mtime_ns": st.st_mtime_ns,
            **({"inputs": inputs} if inputs is not None else {})}


def updated_manifest(out: Path, built: dict, catalogs: dict | None = None, removed=()) -> bytes:
    """The manifest with the files just written ({path: (fingerprint, inputs)}), without those just
    removed, and with the digests of the catalogs just read (Hasher.catalogs())."""
    manifest = load_manifest(out)
    del manifest["damaged"]
    manifest["files"].update({_key(out, path): _record(path, *made) for path, made in built.items()})
    for path in removed:
        manifest["files"].pop(_key(out, path), None)
    if catalogs is not None:
        old = manifest["catalogs"]
        entries = dict(old["entries"]) if old.get("code") == catalogs["code"] else {}
        entries.update(catalogs["entries"])
        manifest["catalogs"] = {"code": catalogs["code"], "entries": entries}
    return (json.dumps({"version": MANIFEST_VERSION, **manifest}, indent=1, sort_keys=True) + "\n").encode()


def _key(out: Path, path: Path) -> str:
    """The path as the manifest names it: relative to the output folder (by text: pathlib's
    relative_to costs more than the rest of a no-op's check of a file)."""
    text, prefix = str(path), os.path.join(str(out), "")
    return text[len(prefix):] if text.startswith(prefix) else text
