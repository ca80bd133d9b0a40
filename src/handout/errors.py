"""The errors a user can cause, and the exit codes the CLI turns them into.

Every stage raises one of these (never a bare exception) for a mistake in an
input file or on the command line; the CLI prints the message and exits.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_INPUT = 1   # a file the user edits (content, layout, clinic profile) is wrong
EXIT_USAGE = 2   # the command line is wrong
EXIT_OUTPUT = 3  # the output could not be written


@dataclass(frozen=True)
class Problem:
    """One mistake in one place: file, line (1-based, 0 if unknown) and what to do."""

    file: Path | str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        return f"{where}: {self.message}"


class HandoutError(Exception):
    exit_code = EXIT_INPUT


class InputError(HandoutError):
    """One or more problems in input files, reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # raised in a worker process, it is pickled back to the parent: keep the problems a list
        # (the default would rebuild it from the message, one character per "problem")
        return type(self), (self.problems,)


class UsageError(HandoutError):
    exit_code = EXIT_USAGE


class OutputError(HandoutError):
    exit_code = EXIT_OUTPUT


class Problems:
    """Collects problems so that all of them are reported at once, then fails once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file, line: int, message: str) -> None:
        self.items.append(Problem(file, line, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise InputError(self.items)
