"""The README against the code: every command and setting is documented, the quick start is two commands."""

import os
import re
from pathlib import Path

from kinerja.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_is_two_runnable_commands():
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick_start, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["./dev/start", "./dev/test"]
    for command in commands:
        assert os.access(ROOT / command, os.X_OK)
    assert "./dev/test" in (ROOT / ".ci" / "run").read_text()


def test_every_cli_verb_is_documented():
    verbs = build_parser()._subparsers._group_actions[0].choices
    for verb in verbs:
        assert f"`kinerja {verb}" in README, verb


def test_every_setting_is_documented():
    settings_source = (ROOT / "kinerja" / "settings.py").read_text()
    names = set(re.findall(r'(?:environ\.get|envbool|envlist)\("([A-Z_]+)"', settings_source))
    assert names >= {"DATABASE_URL", "SECRET_KEY", "DEBUG"}
    for name in names:
        assert f"`{name}`" in README, name
