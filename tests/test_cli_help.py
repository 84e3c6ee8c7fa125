"""`dartfit --help` lists every command with a line on what it does; each command's own
--help says what each argument is and shows an example that parses."""

from __future__ import annotations

import argparse
import shlex

import pytest

from dartfit.cli import COMMANDS, build_parser


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_the_help_lists_every_command_with_what_it_does() -> None:
    parser = build_parser()
    text = " ".join(parser.format_help().split())
    assert set(_commands(parser)) == set(COMMANDS)
    for name, (says, _) in COMMANDS.items():
        assert f"{name} {says}" in text
    assert "dartfit COMMAND --help" in text


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_explains_its_arguments_and_shows_an_example_that_parses(name) -> None:
    parser = _commands(build_parser())[name]
    for action in parser._actions:
        assert action.help, f"dartfit {name}: {action.dest} is not explained"
    text = parser.format_help()
    assert "example:" in text
    example = text.split("example:")[1].strip().splitlines()[0]
    words = shlex.split(example.split(">")[0])
    assert words[:2] == ["dartfit", name]
    assert build_parser().parse_args(words[1:]).command == name
