"""Helpers for the issue-15 tests that break a copy of the project without depending on the
current wording of the content (another engineer rewrites it): they add their own blocks, or edit
a block through its YAML structure."""
from __future__ import annotations

import datetime
from pathlib import Path

import yaml

BLOCKS = Path("content") / "blinatumomab" / "blocks"


def add_block(project: Path, block_id: str, section: str, text: str, formats=("handout",),
              audiences=("adult", "pediatric")) -> Path:
    """A new block file (99-<id>.yaml) citing a source the corpus already relies on."""
    path = project / BLOCKS / f"99-{block_id}.yaml"
    block = {"id": block_id, "section": section, "audiences": list(audiences), "formats": list(formats),
             "safety_critical": False, "cites": ["goodrx"], "facts": "A test fact.",
             "review": {"last": datetime.date(2026, 11, 1), "every_months": 12}}
    for aud in audiences:
        block[aud] = {"text": text, **({"card": text} if "card" in formats else {})}
    path.write_text(yaml.safe_dump([block], allow_unicode=True, width=10_000), encoding="utf-8")
    return path


def edit_block(project: Path, block_id: str, change) -> None:
    """Apply change(block dict) to one block, wherever it is, and write its file back."""
    for path in sorted((project / BLOCKS).glob("*.yaml")):
        blocks = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in blocks or []:
            if block.get("id") == block_id:
                change(block)
                path.write_text(yaml.safe_dump(blocks, allow_unicode=True, width=10_000), encoding="utf-8")
                return
    raise AssertionError(f"no block {block_id!r}")


def reword(block: dict) -> None:
    """Change the English of every audience's wording of a block (its translations go out of date)."""
    for aud, wording in block.items():
        if isinstance(wording, dict) and aud not in ("review",):
            for key in ("text", "card"):
                if isinstance(wording.get(key), str):
                    wording[key] += " Now."
            if isinstance(wording.get("items"), list):
                wording["items"] = [item + " Now." for item in wording["items"]]
