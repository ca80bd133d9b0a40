"""Incremental and parallel builds: nothing unchanged is rebuilt, and N processes give the same files."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import run_handout
from handout.cli import _progress_bar, main
from handout.incremental import plan


def build(capsys, project: Path, *args) -> tuple[list, str]:
    assert main(["build", "--project", str(project), "--out", str(project / "out"), "--locale", "en", *args]) == 0
    out = capsys.readouterr()
    return out.out.split(), out.err


def mtimes(folder: Path) -> dict:
    return {p.name: p.stat().st_mtime_ns for p in folder.rglob("*.pdf")}


def test_unchanged_rebuild_does_nothing_and_force_rebuilds(project, capsys):
    first, _ = build(capsys, project)
    assert len(first) == 6
    before = mtimes(project / "out")
    again, err = build(capsys, project)
    assert again == [] and "all 6 files are up to date" in err
    assert mtimes(project / "out") == before
    forced, _ = build(capsys, project, "--force")
    assert forced == first


def test_a_change_rebuilds_only_what_uses_it(project, capsys):
    build(capsys, project, "--paper", "all")
    card = project / "layouts" / "card.yaml"
    card.write_text(card.read_text().replace("bar: \"#A4161A\"", "bar: \"#8B0000\""))
    rebuilt, _ = build(capsys, project, "--paper", "all")
    assert sorted(Path(p).name for p in rebuilt) == sorted(
        f"{a}-{k}.pdf" for a in ("adult", "pediatric") for k in ("card", "card-sheet-letter", "card-sheet-a4"))
    pump = project / "content" / "blinatumomab" / "blocks" / "40-pump.yaml"
    pump.write_text(pump.read_text().replace("day\n      and night.", "day and night."))
    assert len(build(capsys, project, "--paper", "all")[0]) == 10  # the drug's content feeds everything
    (project / "out" / "blinatumomab" / "en" / "adult-handout-a4.pdf").unlink()
    assert [Path(p).name for p in build(capsys, project, "--paper", "all")[0]] == ["adult-handout-a4.pdf"]


def test_options_are_inputs_too(project, capsys):
    build(capsys, project, "--format", "handout")
    assert len(build(capsys, project, "--format", "handout", "--clinic",
                     str(project / "clinics" / "example.yaml"))[0]) == 2
    assert len(build(capsys, project, "--format", "handout", "--start-date", "2026-12-07")[0]) == 2


def test_each_locale_has_its_own_fingerprint(project):
    (project / "locales" / "fr").mkdir()
    po = project / "locales" / "fr" / "blinatumomab.po"
    po.write_text('msgid "a"\nmsgstr "b"\n')
    targets = [("blinatumomab", lo, "adult", "handout") for lo in ("en", "fr")]
    before = plan(project, project / "out", targets, ["letter"], {})
    po.write_text('msgid "a"\nmsgstr "c"\n')
    after = plan(project, project / "out", targets, ["letter"], {})
    assert before[0].fingerprint == after[0].fingerprint      # English untouched
    assert before[1].fingerprint != after[1].fingerprint      # only French changes


def test_any_number_of_jobs_gives_the_same_files_in_the_same_order(project, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    r1 = run_handout("build", "--project", project, "--paper", "all", "--jobs", "1", "--out", one)
    r2 = run_handout("build", "--project", project, "--paper", "all", "--jobs", "2", "--out", two)
    assert r1.returncode == r2.returncode == 0
    assert [Path(p).relative_to(one) for p in r1.stdout.split()] == [Path(p).relative_to(two) for p in r2.stdout.split()]
    for path in one.rglob("*.pdf"):
        assert path.read_bytes() == (two / path.relative_to(one)).read_bytes()
    assert r1.stderr == r2.stderr == "", "quiet when not on a terminal"


def test_progress_bar_draws_on_one_line(capsys):
    show = _progress_bar()
    for done in (1, 2, 3, 4):
        show(done, 4)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.endswith("] 4/4\n") and "\rbuilding [" in err


def test_manifest_lives_in_the_output_folder(project, capsys):
    build(capsys, project, "--format", "card")
    assert (project / "out" / ".handout-manifest.json").is_file()
    shutil.rmtree(project / "out" / "blinatumomab")
    assert len(build(capsys, project, "--format", "card")[0]) == 4, "deleted files come back"
