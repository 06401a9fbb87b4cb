"""The package's layout holds: no import cycles between its modules, ``__version__`` in a leaf
module, and ``import dossiergen`` without the heavy libraries a command loads only when it needs them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "src" / "dossiergen"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    relative = PACKAGE.parent / Path(*name.split("."))
    return relative.with_suffix(".py").is_file() or (relative / "__init__.py").is_file()


def _imported_at_load(path: Path) -> set[str]:
    """The dossiergen modules whose names ``path`` needs when it is imported: its top-level imports (not
    those under ``if TYPE_CHECKING:`` or inside functions), each the module it names (a submodule where
    ``from package import name`` names one). The parent packages Python imports first do not count:
    they import their submodules, not the other way round, unless a module asks a package for a name."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if _is_module(f"{base}.{alias.name}") else base for alias in node.names]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        found.update(target for target in targets if target.split(".")[0] == "dossiergen")
    found.discard(name)
    return found


def test_no_module_imports_itself_through_others() -> None:
    graph = {_module_name(path): _imported_at_load(path) for path in PACKAGE.rglob("*.py")}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for other in sorted(graph.get(module, ())):
            if state.get(other) == 1:
                cycles.append(path[path.index(other):] + [other])
            elif other not in state:
                visit(other)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_the_version_is_a_leaf() -> None:
    assert _imported_at_load(PACKAGE / "version.py") == set()


def test_importing_the_package_loads_no_heavy_library() -> None:
    code = ("import sys, dossiergen; print(sorted(m for m in ('weasyprint', 'pyhanko', 'pikepdf', 'docx', 'hwpx',"
            " 'fontTools', 'pdfplumber') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_type_checking_is_strict_and_every_ignore_names_its_error() -> None:
    import re
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    assert not any(override.get("ignore_errors") for override in config.get("overrides", []))
    bare = [f"{path.relative_to(ROOT)}:{number}" for path in PACKAGE.rglob("*.py")
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"type:\s*ignore(?!\[)", line)]
    assert not bare, f"type: ignore without an error code: {bare}"
