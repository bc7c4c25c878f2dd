"""The engine's public surface, and its promise to import nothing but the standard library."""

import ast
import sys
from pathlib import Path

import kinerja.engine

ENGINE_DIR = Path(kinerja.engine.__file__).parent


def test_every_public_name_is_exported():
    for name in kinerja.engine.__all__:
        assert getattr(kinerja.engine, name) is not None, name


def test_the_engine_imports_only_the_standard_library():
    for path in ENGINE_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                assert top == "kinerja" or top in sys.stdlib_module_names, f"{path.name} imports {module}"
                assert not module.startswith("kinerja.") or module.startswith("kinerja.engine"), path.name


def test_no_django_anywhere_in_the_engine():
    for path in ENGINE_DIR.rglob("*.py"):
        assert "django" not in path.read_text(encoding="utf-8").lower(), path.name
