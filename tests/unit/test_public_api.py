"""The documented surface: ``jobrisk.__all__`` equals README's "Python API" table, every name
imports, and every command in README's command table exists and answers ``--help``."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jobrisk
from jobrisk.interfaces.cli.main import app

README = Path(__file__).resolve().parents[2] / "README.md"


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def readme_api_names() -> set[str]:
    names: set[str] = set()
    for line in _section("Python API").splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", first_cell))
    return names


def readme_commands() -> list[list[str]]:
    """The subcommand words of every `jobrisk ...` row of README's command table."""
    commands = []
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `jobrisk ([^`]*)`", line)
        if not match:
            continue
        words = []
        for word in shlex.split(match.group(1).replace("|", " ")):
            if (
                word.startswith("-")
                or " " in word
                or word.isupper()
                or "." in word
                or word[:1].isdigit()
                or word.startswith("[")
            ):
                break
            words.append(word)
        commands.append(words)
    return commands


def test_all_matches_the_readme_api_table():
    assert set(jobrisk.__all__) == readme_api_names()


@pytest.mark.parametrize("name", sorted(jobrisk.__all__))
def test_every_public_name_imports(name):
    assert getattr(jobrisk, name) is not None


def test_unknown_names_are_attribute_errors():
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        jobrisk.nothing_here  # noqa: B018


def test_readme_lists_the_commands():
    commands = readme_commands()
    assert ["build"] in commands and ["serve"] in commands and ["titles", "search"] in commands


@pytest.mark.parametrize("words", readme_commands(), ids=lambda w: " ".join(w) or "root")
def test_every_readme_command_exists_and_answers_help(words):
    result = CliRunner().invoke(app, [*words, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
