"""No stale output (issue 15, item 4): an old PDF never sits beside current ones. Files whose
locale stopped being ready, whose drug is gone, or that a narrower build does not make although
what they were built from changed, are removed in the build's commit step, and the build says so;
planning sees through symlinked folders and environment settings; a damaged manifest means a
rebuild from scratch, said on stderr."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from handout.cli import main
from hostile import BLOCKS, edit_block, reword
from test_i18n import fresh, translate  # noqa: F401 - fresh is a fixture


def build(capsys, project: Path, *args) -> tuple[int, list, str]:
    code = main(["build", "--project", str(project), "--out", str(project / "out"), "--audience", "adult",
                 "--format", "card", *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out.split(), out.err


def _manifest(project: Path) -> dict:
    return json.loads((project / "out" / ".handout-manifest.json").read_text())["files"]


def test_a_locale_that_stops_being_ready_loses_its_old_files(fresh, capsys):
    project = fresh
    translate(project)  # every Spanish entry translated: the locale is ready
    code, written, _ = build(capsys, project)
    es = project / "out" / "blinatumomab" / "es"
    assert code == 0 and (es / "adult-card.pdf").is_file()
    # the English changes; the Spanish of a safety-critical block is now out of date (not ready)
    edit_block(project, "call-911", reword)
    code, written, err = build(capsys, project)
    assert code == 0, err
    assert not (es / "adult-card.pdf").exists() and not (es / "adult-card-sheet-letter.pdf").exists()
    assert f"handout: removed {es / 'adult-card.pdf'}: locale 'es' is not ready to print" in err
    assert "not printing 'es'" in err
    assert (project / "out" / "blinatumomab" / "en" / "adult-card.pdf").is_file()
    assert not any(key.startswith("blinatumomab/es/") for key in _manifest(project))
    assert not [p for p in (project / "out").rglob("*") if p.name.endswith(".tmp")]


def test_a_drug_that_is_gone_loses_its_old_files(project, capsys):
    shutil.copytree(project / "content" / "blinatumomab", project / "content" / "zzdrug")
    meta = project / "content" / "zzdrug" / "drug.yaml"
    meta.write_text(meta.read_text().replace("id: blinatumomab", "id: zzdrug"))
    assert build(capsys, project, "--locale", "en")[0] == 0
    old = project / "out" / "zzdrug" / "en" / "adult-card.pdf"
    assert old.is_file()
    shutil.rmtree(project / "content" / "zzdrug")
    code, written, err = build(capsys, project, "--locale", "en")
    assert code == 0 and written == []  # nothing else changed
    assert not old.exists()
    assert f"handout: removed {old}: drug 'zzdrug' is no longer in content/" in err
    assert not any(key.startswith("zzdrug/") for key in _manifest(project))


def test_a_narrower_build_removes_the_files_it_leaves_out_that_are_now_out_of_date(fresh, capsys):
    """--locale en after an English edit: the Spanish files were built from the old English, so
    they go (and say how to make them anew); files whose inputs did not change stay."""
    project = fresh
    translate(project)  # a stand-in translation, harder to read than the gate allows
    assert build(capsys, project, "--allow-hard-reading", "--paper", "all", "--format", "all")[0] == 0
    es, en = project / "out" / "blinatumomab" / "es", project / "out" / "blinatumomab" / "en"
    assert len(list(es.glob("*.pdf"))) == 5
    layout = project / "layouts" / "handout.yaml"  # only the handout's layout: the cards stay current
    layout.write_text(layout.read_text() + "\n# a comment is a change too\n")
    code, written, err = build(capsys, project, "--allow-hard-reading", "--locale", "en", "--paper", "letter", "--format", "handout")
    assert code == 0 and [Path(p).name for p in written] == ["adult-handout-letter.pdf"]
    assert sorted(p.name for p in en.glob("*.pdf")) == [
        "adult-card-sheet-a4.pdf", "adult-card-sheet-letter.pdf", "adult-card.pdf", "adult-handout-letter.pdf"]
    assert sorted(p.name for p in es.glob("*.pdf")) == [
        "adult-card-sheet-a4.pdf", "adult-card-sheet-letter.pdf", "adult-card.pdf"]
    assert (f"handout: removed {en / 'adult-handout-a4.pdf'}: out of date (layouts/handout.yaml changed since it "
            "was built) and this build does not make it; 'handout build --drug blinatumomab --locale en "
            "--audience adult --format handout --paper a4' makes it anew") in err
    assert f"handout: removed {es / 'adult-handout-letter.pdf'}: out of date" in err
    edit_block(project, "call-911", reword)  # the English content: every other file is out of date
    code, written, err = build(capsys, project, "--allow-hard-reading", "--locale", "en")
    assert code == 0 and len(written) == 2
    assert not list(es.glob("*.pdf")) and sorted(p.name for p in en.glob("*.pdf")) == [
        "adult-card-sheet-letter.pdf", "adult-card.pdf"]
    assert "content/blinatumomab/ changed since it was built" in err
    assert sorted(_manifest(project)) == ["blinatumomab/en/adult-card-sheet-letter.pdf", "blinatumomab/en/adult-card.pdf"]
    assert build(capsys, project, "--allow-hard-reading", "--locale", "en")[1:] == ([], "handout: all 2 files are up to date; nothing to "
                                                                "build (--force rebuilds)\n")


def test_an_unchanged_file_a_narrower_build_leaves_out_stays(project, capsys):
    assert build(capsys, project, "--locale", "en", "--paper", "all")[0] == 0
    code, written, err = build(capsys, project, "--locale", "en", "--paper", "letter", "--force")
    assert code == 0 and len(written) == 2 and "removed" not in err
    assert (project / "out" / "blinatumomab" / "en" / "adult-card-sheet-a4.pdf").is_file()


def test_pdfs_no_manifest_vouches_for_go_when_the_manifest_is_lost(project, capsys):
    assert build(capsys, project, "--locale", "en", "--paper", "all")[0] == 0
    (project / "out" / ".handout-manifest.json").unlink()
    code, written, err = build(capsys, project, "--locale", "en")
    a4 = project / "out" / "blinatumomab" / "en" / "adult-card-sheet-a4.pdf"
    assert code == 0 and len(written) == 2 and not a4.exists()
    assert f"handout: removed {a4}: no manifest records what it was built from, so it may print" in err


def test_a_damaged_manifest_rebuilds_everything_and_says_so(project, capsys):
    assert build(capsys, project, "--locale", "en")[0] == 0
    manifest = project / "out" / ".handout-manifest.json"
    for damage in ("{not json", json.dumps({"version": 2, "files": [], "catalogs": 3}),
                   json.dumps({"version": 3, "files": {}, "catalogs": {"code": "x", "entries": {"a": 5}}}),
                   json.dumps({"version": 999, "files": 5}), json.dumps({"version": 1, "files": {}}),
                   json.dumps({"version": 3, "files": [], "catalogs": 3}), "[" * 100_000):
        manifest.write_text(damage)
        code, written, err = build(capsys, project, "--locale", "en")
        assert code == 0, err
        assert f"handout: {manifest}: " in err and "; rebuilding every file from scratch" in err
        if '"version": 999' in damage:
            assert "its version (999) is not one this release of handout writes (3)" in err
        if '"version": 1' in damage:
            assert "it was written by an older release of handout" in err
        assert len(written) == 2
        assert build(capsys, project, "--locale", "en")[1] == []  # and the new manifest is whole


def test_a_hostile_manifest_cannot_remove_a_file_outside_the_output_folder(project, capsys):
    assert build(capsys, project, "--locale", "en")[0] == 0
    out = project / "out"
    victims = {"../../" + f"{project.name}-card.pdf": project.parent / f"{project.name}-card.pdf",
               "blinatumomab/../mine-card.pdf": out / "mine-card.pdf",
               "/etc/" + f"{project.name}-card.pdf": Path("/etc") / f"{project.name}-card.pdf"}
    manifest = out / ".handout-manifest.json"
    data = json.loads(manifest.read_text())
    for key, victim in victims.items():
        data["files"][key] = {"fingerprint": "x", "size": 1, "mtime_ns": 1}
    manifest.write_text(json.dumps(data))
    for victim in list(victims.values())[:2]:
        victim.write_text("not handout's")
    try:
        code, written, err = build(capsys, project, "--locale", "en")
        assert code == 0 and "removed" not in err
        assert all(v.read_text() == "not handout's" for v in list(victims.values())[:2])
    finally:
        victims["../../" + f"{project.name}-card.pdf"].unlink(missing_ok=True)


def test_an_edit_behind_a_symlinked_folder_is_rebuilt(project, capsys, tmp_path_factory):
    blocks = project / BLOCKS
    elsewhere = tmp_path_factory.mktemp("shared") / "blocks"
    shutil.move(blocks, elsewhere)
    os.symlink(elsewhere, blocks)
    assert build(capsys, project, "--locale", "en")[0] == 0
    edit_block(project, "call-911", reword)  # written through the link, to the folder elsewhere
    assert not (project / BLOCKS).resolve() == project / BLOCKS
    code, written, _ = build(capsys, project, "--locale", "en")
    assert code == 0 and len(written) == 2


def test_an_out_of_date_file_that_cannot_be_removed_is_named_and_the_others_go(project, capsys):
    assert build(capsys, project, "--locale", "en", "--paper", "all")[0] == 0
    folder = project / "out" / "blinatumomab" / "en"
    (folder / "adult-card-sheet-a4.pdf").unlink()
    (folder / "adult-card-sheet-a4.pdf").mkdir()  # cannot be unlinked
    edit_block(project, "call-911", reword)
    code, written, err = build(capsys, project, "--locale", "en", "--paper", "letter")
    assert code == 3 and "cannot remove these out-of-date files; delete them by hand: " in err
    assert f"{folder / 'adult-card-sheet-a4.pdf'} (out of date" in err
    assert f"The new files were written: {folder / 'adult-card.pdf'}, {folder / 'adult-card-sheet-letter.pdf'}" in err
    assert sorted(p.name for p in folder.iterdir()) == ["adult-card-sheet-a4.pdf", "adult-card-sheet-letter.pdf",
                                                        "adult-card.pdf"]
    assert sorted(_manifest(project)) == ["blinatumomab/en/adult-card-sheet-a4.pdf",
                                          "blinatumomab/en/adult-card-sheet-letter.pdf", "blinatumomab/en/adult-card.pdf"]
    code, written, err = build(capsys, project, "--locale", "en", "--paper", "letter")
    assert code == 3 and written == [] and "cannot remove these out-of-date files" in err, "never quiet about it"


def test_a_manifest_path_taken_by_a_folder_replaces_nothing(project, capsys):
    assert build(capsys, project, "--locale", "en")[0] == 0
    card = project / "out" / "blinatumomab" / "en" / "adult-card.pdf"
    before = card.stat().st_mtime_ns  # a rebuild makes the same bytes: the time tells if it was replaced
    manifest = project / "out" / ".handout-manifest.json"
    manifest.unlink()
    manifest.mkdir()
    code, written, err = build(capsys, project, "--locale", "en", "--force")
    assert code == 3 and "a folder has that name; move it away (nothing was replaced)" in err
    assert card.stat().st_mtime_ns == before and not [p for p in (project / "out").rglob("*") if p.suffix in (".tmp", ".old")]


def test_an_output_folder_among_the_inputs_is_refused(project, capsys):
    for inside in ("content", "layouts/x", "locales/es"):
        code = main(["build", "--project", str(project), "--out", str(project / inside), "--locale", "en"])
        assert code == 2 and f"is inside the project's {inside.split('/')[0]}/ folder" in capsys.readouterr().err
    assert not list(project.rglob("*.pdf"))


def test_a_file_the_loader_refuses_is_never_an_up_to_date_no_op(project, capsys):
    """A FIFO, a link to a device, a broken link or a folder named like a block file: --force
    refuses them, so a plain build must too (the planner once listed regular files only)."""
    assert build(capsys, project, "--locale", "en")[0] == 0
    odd = project / BLOCKS / "99-odd.yaml"
    for make in (os.mkfifo, lambda p: os.symlink("/dev/zero", p), lambda p: os.symlink("/nonexistent", p), os.mkdir):
        make(odd)
        code, written, err = build(capsys, project, "--locale", "en")
        assert code == 1 and written == [] and f"{BLOCKS / '99-odd.yaml'}: " in err, err
        odd.rmdir() if odd.is_dir() and not odd.is_symlink() else odd.unlink()
    assert build(capsys, project, "--locale", "en")[1] == []


def test_source_date_epoch_is_part_of_the_fingerprint(project, capsys, monkeypatch):
    assert build(capsys, project, "--locale", "en")[0] == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert len(build(capsys, project, "--locale", "en")[1]) == 2
    assert build(capsys, project, "--locale", "en")[1] == []


def test_temporary_files_of_an_interrupted_build_are_swept(project, capsys):
    assert build(capsys, project, "--locale", "en")[0] == 0
    folder = project / "out" / "blinatumomab" / "en"
    left = [folder / ".adult-card.pdf.x1y2z3ab.tmp", folder / ".adult-card.pdf.k9j8h7gg.old",
            project / "out" / "..handout-manifest.json.abcdef12.tmp"]
    for path in left:
        path.write_bytes(b"half")
    mine = [folder / "notes.tmp", folder / ".notes.backup12.tmp"]  # not of handout's making: left alone
    for path in mine:
        path.write_text("keep")
    code, written, err = build(capsys, project, "--locale", "en")
    assert code == 0 and written == []
    assert "removed 3 temporary file(s) an interrupted build left" in err
    assert not any(p.exists() for p in left) and all(p.exists() for p in mine)


def test_an_output_that_cannot_be_replaced_replaces_nothing(project, capsys):
    assert build(capsys, project, "--locale", "en")[0] == 0
    folder = project / "out" / "blinatumomab" / "en"
    card = folder / "adult-card.pdf"
    before = card.read_bytes()
    sheet = folder / "adult-card-sheet-letter.pdf"
    sheet.unlink()
    sheet.mkdir()  # a folder where a file must go: the second of the two moves fails
    layout = project / "layouts" / "card.yaml"
    layout.write_text(layout.read_text().replace('bar: "#A4161A"', 'bar: "#8B0000"'))
    code, written, err = build(capsys, project, "--locale", "en")
    assert code == 3 and "nothing was replaced" in err and written == []
    assert card.read_bytes() == before, "the card was put back: all or nothing"
    assert sorted(p.name for p in folder.iterdir()) == ["adult-card-sheet-letter.pdf", "adult-card.pdf"]


def test_a_full_disk_leaves_no_temporary_file_and_replaces_nothing(project, capsys, monkeypatch):
    import errno
    import handout.output as output

    assert build(capsys, project, "--locale", "en")[0] == 0
    folder = project / "out" / "blinatumomab" / "en"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    layout = project / "layouts" / "card.yaml"
    layout.write_text(layout.read_text().replace('bar: "#A4161A"', 'bar: "#8B0000"'))
    real, calls = output.os.fdopen, []

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            calls.append(1)
            if len(calls) > 1:  # the first PDF is staged, the second finds the disk full
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.fh.write(data)

    monkeypatch.setattr(output.os, "fdopen", lambda fd, mode: Full(real(fd, mode)))
    code, written, err = build(capsys, project, "--locale", "en")
    assert code == 3 and "No space left on device" in err and written == []
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before, "no temporary file, nothing replaced"
