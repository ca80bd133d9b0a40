#!/usr/bin/env python3
"""Speed and memory of `handout build`, measured on this machine. Prints figures; asserts nothing.

    python benchmarks/bench.py            # the whole report (a few minutes: it builds 1,000+ PDFs)
    python benchmarks/bench.py --quick    # skip the 500-drug library
    python benchmarks/bench.py --documents  # only time per document, tagged and untagged

Figures: cold whole-matrix build, no-op rebuild, the rebuild after one Spanish edit, one handout
on demand (a fresh process), time per document after start-up (checked and typeset; tagged PDF/UA
and, for comparison, the same pages untagged), whether a forced rebuild is byte-identical, peak memory,
and how time and memory grow with a synthetic library of 10, 100 and 500 drugs (copies of the
real blinatumomab content and translations under other names).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import json, resource, sys, time
t = time.perf_counter()
from handout.cli import main
code = main(sys.argv[1:])
wall = time.perf_counter() - t
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall": wall, "rss_mb": me.ru_maxrss / 1024, "worker_rss_mb": kids.ru_maxrss / 1024}),
      file=sys.stderr)
"""


def run(*args, cwd=ROOT) -> dict:
    """One `handout` run in a fresh process: wall time from start-up (imports included) and peak memory."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, *map(str, args)], cwd=cwd, capture_output=True, text=True)
    total = time.perf_counter() - start
    stats = json.loads(proc.stderr.strip().splitlines()[-1])
    if stats["code"] != 0:
        sys.exit(f"handout {' '.join(map(str, args))} failed:\n{proc.stderr}")
    stats["process"] = total  # including interpreter start
    stats["files"] = len(proc.stdout.split())
    return stats


DOCS_CHILD = """
import json, sys, time
from pathlib import Path
from handout.build import Options, _Localizer, _prepare_one, _render, all_targets, open_project
from handout.incremental import outputs_for
from handout.names import FORMATS
root, locale = Path(sys.argv[1]), sys.argv[2]
if sys.argv[3] == "untagged":  # the same pages without PDF/UA tags, to measure what tagging costs
    from handout.rlext import tagging
    tagging.set_enabled(False)
project = open_project(root)
targets = all_targets(project.library.drugs, [locale], project.library.audiences, FORMATS)
localizer, opts = _Localizer(project, False), Options(keep_reading=False)
first = time.perf_counter()  # the first document also loads what a process shares (dictionary, fonts, locale data)
_prepare_one(project, localizer, targets[0], opts)
first = 1000 * (time.perf_counter() - first)
times = {}
for target in targets:
    t = time.perf_counter()
    job = _prepare_one(project, localizer, target, opts)[0]
    for output in outputs_for(Path("/tmp"), *target, ["letter"]):
        _render(project, job, output)
        times.setdefault(output.kind, []).append(1000 * (time.perf_counter() - t))
        t = time.perf_counter()
print(json.dumps({"first": first, "times": times}))
"""


TAGGING_CHILD = """
import json, sys, time
from pathlib import Path
from handout.build import Options, _Localizer, _prepare_one, _render, all_targets, open_project
from handout.incremental import outputs_for
from handout.names import FORMATS
from handout.rlext import tagging
root, locale = Path(sys.argv[1]), sys.argv[2]
project = open_project(root)
targets = all_targets(project.library.drugs, [locale], project.library.audiences, FORMATS)
localizer, opts = _Localizer(project, False), Options(keep_reading=False)
work = [(job, output) for target in targets for job in [_prepare_one(project, localizer, target, opts)[0]]
        for output in outputs_for(Path("/tmp"), *target, ["letter"])]
best = {}
for _ in range(7):
    for on in (True, False):
        tagging.set_enabled(on)
        for job, output in work:
            t = time.perf_counter()
            _render(project, job, output)
            ms = 1000 * (time.perf_counter() - t)
            key = (output.kind, on)
            best[key] = min(best.get(key, ms), ms)
print(json.dumps({f"{kind} {'tagged' if on else 'untagged'}": ms for (kind, on), ms in best.items()}))
"""


def tagging_cost() -> dict:
    """Typesetting alone, each document tagged and untagged in turn in one process, the fastest of
    7 turns each: what tagging adds, with little of a busy machine's noise. {locale: {kind mode: ms}}"""
    sys.path.insert(0, str(ROOT / "src"))
    from handout.names import available_locales

    return {locale: json.loads(subprocess.run([sys.executable, "-c", TAGGING_CHILD, str(ROOT), locale],
                                              capture_output=True, text=True, check=True).stdout)
            for locale in available_locales(ROOT)}


def per_document(runs: int = 5, modes: tuple = ("tagged", "untagged")) -> dict:
    """Milliseconds for each document after start-up: localized, assembled, checked (glyphs, fit,
    reading level) and typeset, the project loaded and shared data in memory. The median and the
    slowest over several fresh processes, per locale and kind (a card's figure includes its
    checks; its print sheet is typeset from the same checked card). Also the one-off cost of the
    shared data in a process, paid by its first document. Mode "untagged" typesets the same pages
    without the PDF/UA structure (what tagging costs); the modes take turns, so a busy machine
    slows both alike. {mode: {locale: (figures, first)}}"""
    sys.path.insert(0, str(ROOT / "src"))
    from handout.names import available_locales

    figures: dict = {mode: {} for mode in modes}
    for locale in available_locales(ROOT):
        samples: dict = {mode: {} for mode in modes}
        first: dict = {mode: [] for mode in modes}
        for _ in range(runs):
            for mode in modes:
                proc = subprocess.run([sys.executable, "-c", DOCS_CHILD, str(ROOT), locale, mode],
                                      capture_output=True, text=True, check=True)
                found = json.loads(proc.stdout)
                first[mode].append(found["first"])
                for kind, ms in found["times"].items():
                    samples[mode].setdefault(kind, []).extend(ms)
        for mode in modes:
            figures[mode][locale] = ({kind: (statistics.median(ms), max(ms)) for kind, ms in samples[mode].items()},
                                     statistics.median(first[mode]))
    return figures


def one_spanish_edit(tmp: Path) -> tuple:
    """Build the matrix in a copy of the project, change one Spanish card entry, rebuild:
    (files rebuilt, seconds)."""
    root = tmp / "edit"
    for name in ("content", "layouts", "locales"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    run("build", "--project", root, "--locale", "all", "--paper", "all", "--out", root / "out")
    po = root / "locales" / "es" / "blinatumomab.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "**Fiebre de 100.4', 'msgstr "**Una fiebre de 100.4', 1),
                  encoding="utf-8")
    again = run("build", "--project", root, "--locale", "all", "--paper", "all", "--out", root / "out")
    return again["files"], again["wall"]


def synthetic_project(n: int, where: Path) -> Path:
    """A project with n drugs, each a copy of the real blinatumomab content under another id."""
    root = where / f"library-{n}"
    for name in ("layouts", "locales"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    (root / "content").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "audiences.yaml", root / "content" / "audiences.yaml")
    for i in range(n):
        drug = root / "content" / f"drug{i:03d}"
        shutil.copytree(ROOT / "content" / "blinatumomab", drug)
        meta = drug / "drug.yaml"
        meta.write_text(meta.read_text().replace("id: blinatumomab", f"id: drug{i:03d}"))
        for catalog in (root / "locales").glob("*/blinatumomab.po"):
            shutil.copy(catalog, catalog.with_name(f"drug{i:03d}.po"))
    for catalog in (root / "locales").glob("*/blinatumomab.po"):
        catalog.unlink()
    return root


PLAN_CHILD = """
import json, sys, time
from pathlib import Path
t = time.perf_counter()
from handout.incremental import MANIFEST, Hasher, light_names, plan, stale, updated_manifest
from handout.names import FORMATS, PAPERS, available_locales
root = Path(sys.argv[1])
out = root / "plan-out"
out.mkdir(exist_ok=True)
drugs, audiences = light_names(root)
targets = [(d, lo, au, fo) for d in drugs for lo in available_locales(root) for au in audiences for fo in FORMATS]
hasher = Hasher()
units = plan(root, out, targets, PAPERS, {}, hasher)
first = time.perf_counter() - t
(out / MANIFEST).write_bytes(updated_manifest(out, {}, hasher.catalogs()))  # as a build would keep them
t = time.perf_counter()
stale(plan(root, out, targets, PAPERS, {}), out)
print(json.dumps({"first": first, "again": time.perf_counter() - t, "documents": len(units),
                  "files": sum(len(u.outputs) for u in units)}))
"""


def planning(root: Path) -> dict:
    """Seconds to fingerprint every document of a library in every locale: the work of a no-op
    rebuild but for one stat per file. "first": the catalogs read entry by entry; "again": their
    digests kept by an earlier build."""
    proc = subprocess.run([sys.executable, "-c", PLAN_CHILD, str(root)], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def documents() -> None:
    figures = per_document()
    untagged = figures["untagged"]
    for locale, (per, first) in figures["tagged"].items():
        print(f"one document after start-up ({locale}), tagged PDF/UA, median (slowest): "
              + ", ".join(f"{k} {mid:.0f} ms ({top:.0f})" for k, (mid, top) in per.items())
              + f"; shared data, once per process: {first:.0f} ms")
        plain = untagged[locale][0]
        print("    the same pages untagged, median: " + ", ".join(f"{k} {plain[k][0]:.0f} ms" for k in per))
    for locale, best in tagging_cost().items():
        kinds = sorted({k.split()[0] for k in best}, key=["handout", "card", "sheet"].index)
        print(f"typesetting alone ({locale}), fastest of 7, tagged / untagged: "
              + ", ".join(f"{k} {best[k + ' tagged']:.1f} / {best[k + ' untagged']:.1f} ms "
                          f"({100 * (best[k + ' tagged'] / best[k + ' untagged'] - 1):+.0f}%)" for k in kinds))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="skip the 500-drug library")
    ap.add_argument("--documents", action="store_true", help="only the time per document, tagged and untagged")
    args = ap.parse_args()
    cores = os.cpu_count()
    print(f"machine: {platform.machine()}, {cores} cores, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}")
    if args.documents:
        documents()
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cold = run("build", "--locale", "all", "--paper", "all", "--force", "--out", tmp / "m")
        noop = run("build", "--locale", "all", "--paper", "all", "--out", tmp / "m")
        serial = run("build", "--locale", "all", "--paper", "all", "--force", "--jobs", "1", "--out", tmp / "s")
        print(f"whole blinatumomab matrix, cold: {cold['wall']:.2f} s for {cold['files']} PDFs "
              f"({cold['process']:.2f} s with interpreter start; --jobs 1: {serial['wall']:.2f} s); "
              f"peak memory {cold['rss_mb']:.0f} MB (workers {cold['worker_rss_mb']:.0f} MB)")
        print(f"no-op rebuild: {noop['wall']:.3f} s ({noop['process']:.2f} s with interpreter start), "
              f"{noop['files']} files written")
        files, seconds = one_spanish_edit(tmp)
        print(f"after editing one Spanish entry (a card text): {files} files rebuilt in {seconds:.2f} s")
        single = [run("build", "--drug", "blinatumomab", "--locale", "en", "--audience", "adult", "--format",
                      "handout", "--force", "--out", tmp / "one")["process"] for _ in range(5)]
        print(f"one handout on demand, a fresh `handout build` process: {statistics.median(single):.2f} s "
              "(median of 5; Python start, imports and loading included)")
        documents()
        again = run("build", "--locale", "all", "--paper", "all", "--force", "--out", tmp / "m2")
        pdfs = sorted(p.relative_to(tmp / "m") for p in (tmp / "m").rglob("*.pdf"))
        same = sum((tmp / "m" / p).read_bytes() == (tmp / "m2" / p).read_bytes() for p in pdfs)
        print(f"a forced rebuild of the matrix: {same} of {len(pdfs)} PDFs byte-identical ({again['files']} written)")
        sizes = (10, 100) if args.quick else (10, 100, 500)
        rows = []
        for n in sizes:
            root = synthetic_project(n, tmp)
            r = run("build", "--project", root, "--locale", "en", "--format", "handout", "--force",
                    "--out", root / "out")
            rows.append((n, r))
            again = run("build", "--project", root, "--locale", "en", "--format", "handout", "--out", root / "out")
            matrix = planning(root)
            print(f"library of {n:>3} drugs: {r['files']:>4} handouts in {r['wall']:6.1f} s "
                  f"= {1000 * r['wall'] / r['files']:5.1f} ms each; peak memory {r['rss_mb']:.0f} MB "
                  f"(workers {r['worker_rss_mb']:.0f} MB); no-op rebuild {again['wall']:.2f} s")
            print(f"    planning its whole matrix ({matrix['documents']} documents, {matrix['files']} files, "
                  f"3 locales): {matrix['first']:.2f} s with every catalog read, {matrix['again']:.2f} s as a "
                  "no-op after a build")
        for (n0, a), (n1, b) in zip(rows, rows[1:]):
            extra = 1000 * (b["wall"] - a["wall"]) / (b["files"] - a["files"])
            print(f"growth {n0} -> {n1} drugs: x{b['wall'] / a['wall']:.1f} time for x{n1 / n0:.0f} documents, "
                  f"{extra:.1f} ms per added document; peak memory x{b['rss_mb'] / a['rss_mb']:.2f} "
                  f"(workers x{b['worker_rss_mb'] / a['worker_rss_mb']:.2f})")


if __name__ == "__main__":
    main()
