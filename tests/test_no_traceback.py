"""No traceback for an input mistake (issue 15, items 6, 7, 8): limits on the command line, text
too tall for a page, catalogs in the wrong charset, a clinic that crowds the card, and errors
from worker processes printed exactly as from one process."""
from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest

from conftest import run_handout
from handout.cli import main
from handout.errors import InputError, Problem
from hostile import add_block


@pytest.mark.parametrize("args,message", [
    (["--start-date", "9999-12-20"], "9999-12-20 is outside the dates handout takes (2000-01-01 to 2100-12-31)"),
    (["--start-date", "0001-01-01"], "0001-01-01 is outside the dates handout takes"),
    (["--start-date", "2026-12-07", "--cycle", "1000000"], "'1000000' is more than 30"),
    (["--start-date", "2026-12-07", "--hospital-days", "99999999999999999999999"], "should be a whole number"),
    (["--jobs", "100000"], "'100000' is more than 64"),
])
def test_limits_on_the_command_line(project, args, message):
    result = run_handout("build", "--project", project, "--out", project / "out", *args)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr and not (project / "out").exists()


def test_check_today_out_of_range_is_a_usage_error(project):
    result = run_handout("check", "--project", project, "--today", "9999-01-01")
    assert result.returncode == 2 and "outside the dates handout takes" in result.stderr


def _overfill_call_box(project: Path) -> None:
    add_block(project, "call-long", "call-now", "Call about this. " + "And more words here. " * 300)


def test_a_call_box_too_tall_for_a_page_names_the_block_in_any_number_of_processes(project, capsys):
    _overfill_call_box(project)
    errs = []
    for jobs in ("1", "2"):
        code = main(["build", "--project", str(project), "--out", str(project / "out"), "--locale", "en",
                     "--format", "handout", "--allow-hard-reading", "--jobs", jobs])
        err = capsys.readouterr().err
        assert code == 1 and "Traceback" not in err
        errs.append(err)
    assert "block 'call-long' (adult, en, letter): the text is too long for the call box, which must fit on one " \
           "page; shorten this block" in errs[0]
    assert errs[0] == errs[1], "a worker process reports exactly what one process does"
    assert not (project / "out").exists()


def test_an_input_error_survives_the_trip_back_from_a_worker():
    exc = InputError([Problem("a.yaml", 3, "first"), Problem("b.po", 9, "second")])
    back = pickle.loads(pickle.dumps(exc))
    assert back.problems == exc.problems and str(back) == str(exc)


def test_a_worker_error_prints_as_in_one_process(project, capsys):
    add_block(project, "phone-sign", "pump", "Call us \u2706 any time.")
    errs = []
    for jobs in ("1", "2"):
        assert main(["build", "--project", str(project), "--out", str(project / "out"), "--locale", "en",
                     "--jobs", jobs]) == 1
        errs.append(capsys.readouterr().err)
    assert errs[0] == errs[1] and "U+2706" in errs[0]
    assert all(len(line) > 1 for line in errs[1].splitlines())


@pytest.mark.parametrize("damage,message", [
    (lambda b: b.decode("utf-8").encode("latin-1", "replace"), "is not UTF-8 text (the file was saved in another "
                                                                "charset, such as Latin-1 or Windows-1252)"),
    (lambda b: b.replace(b"charset=UTF-8", b"charset=ISO-8859-1").replace(b"charset=utf-8", b"charset=ISO-8859-1"),
     "the header says charset=ISO-8859-1; catalogs must be UTF-8"),
])
def test_a_catalog_in_the_wrong_charset_is_named(project, capsys, damage, message):
    po = project / "locales" / "es" / "layout.po"
    po.write_bytes(damage(po.read_bytes()))
    code = main(["build", "--project", str(project), "--out", str(project / "out"), "--locale", "es"])
    err = capsys.readouterr().err
    assert code == 1 and "locales/es/layout.po:" in err and message in err


def test_a_catalog_that_is_a_device_or_huge_is_refused(project, capsys):
    po = project / "locales" / "es" / "layout.po"
    po.unlink()
    po.symlink_to("/dev/zero")
    code = main(["build", "--project", str(project), "--out", str(project / "out"), "--locale", "es"])
    err = capsys.readouterr().err
    assert code == 1 and "locales/es/layout.po: this is not a regular file" in err


LONG_CLINIC = ('name: "Wmwm Wmwmwmwmw Wmwm Wmwmwmwmw Wmwm Wmwmwmwmw Wmwm Wmwmwmwm"\n'
               'daytime_phone: "(555) 010-0123 ext. 12345"\nafter_hours_phone: "+1 (555) 010-0199 ext. 22"\n')


def test_a_clinic_that_crowds_the_card_is_named_not_the_blocks(project, capsys):
    """Raise the card's text floor step by step: at the first floor where a card fails with the
    clinic, if it fits without the clinic the message must name the clinic profile (not tell an
    editor to shorten a block); if it fails without it too, the blocks are named, not the clinic."""
    clinic = project / "clinic.yaml"
    clinic.write_text(LONG_CLINIC)
    layout = project / "layouts" / "card.yaml"
    original = layout.read_text()
    floor_line = re.search(r"^  min_size: ([0-9.]+)\n", original, re.M)
    top = float(re.search(r"^  max_size: ([0-9.]+)\n", original, re.M).group(1))
    named_clinic = 0
    for audience in ("adult", "pediatric"):
        floor = float(floor_line.group(1))
        while floor <= top:
            layout.write_text(original.replace(floor_line.group(0), f"  min_size: {floor}\n"))
            floor += 0.25
            base = ["build", "--project", str(project), "--out", str(project / f"out{floor}"), "--locale", "en",
                    "--format", "card", "--audience", audience]
            with_clinic = main(base + ["--clinic", str(clinic)])
            err = capsys.readouterr().err
            if with_clinic == 0:
                continue
            without = main(base)
            capsys.readouterr()
            if without == 0:
                assert f"{clinic}:1: wallet card" in err and "the clinic's name and phone numbers leave no room" in err
                assert "Shorten the card text of a block" not in err
                named_clinic += 1
            else:
                assert f"{clinic}:" not in err and "Shorten the card text of a block" in err
            break
    assert named_clinic, "no floor tried made the clinic the cause; widen the range"
