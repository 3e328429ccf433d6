"""The static rules of docs/ARCHITECTURE.md, checked on the source tree.

- identifier syntax (regular expressions over arXiv ids, DOIs, GitHub or proceedings URLs) lives in
  ``rnnbib/identifiers/`` only;
- ``rnnbib/readers/`` never imports ``rnnbib/writers/``;
- ``rnnbib/online/`` never imports the package root (``from .. import x``, ``import rnnbib``);
- the environment is read only in the config modules (``rnnbib/settings.py``, ``rnnbib/online/config.py``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "rnnbib"
CONFIG_MODULES = {"settings.py", "online/config.py"}
RE_FUNCTIONS = {"compile", "match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split"}
# What an identifier pattern cannot do without: a DOI prefix, an arXiv id, an identifier host.
IDENTIFIER_SIGNS = re.compile(
    r"10\\\.|arxiv|\\d\{4\}\\\.\\d\{4|github\\?\.|doi\\?\.org|openreview|mlr\\?\.press|aclanthology|thecvf|nips",
    re.IGNORECASE)


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _regex_literals(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" \
                and node.func.attr in RE_FUNCTIONS and node.args:
            pattern = node.args[0]
            parts = [pattern] if isinstance(pattern, ast.Constant) else list(ast.walk(pattern))
            text = "".join(p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str))
            yield node.lineno, text


def test_the_sign_pattern_catches_identifier_regexes() -> None:
    caught = [r"(?i)arxiv[:\s]*(\d{4}\.\d{4,5})", r"https?://(?:www\.)?github\.com/(?P<o>[\w-]+)",
              r"10\.48550/arxiv\.(?P<id>.+)", r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)"]
    assert all(IDENTIFIER_SIGNS.search(p) for p in caught)
    assert not IDENTIFIER_SIGNS.search(r"incorrect id format for (?P<id>\S+)")


def test_no_identifier_regex_outside_identifiers() -> None:
    found = [f"{name}:{line}: {text}" for name, tree in _modules() if not name.startswith("identifiers/")
             for line, text in _regex_literals(tree) if IDENTIFIER_SIGNS.search(text)]
    assert found == []


def _imports(tree: ast.Module) -> Iterator[tuple[int, int, str, list[str]]]:
    """(line, level, module, names) of every import."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield node.lineno, node.level, node.module or "", [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, 0, alias.name, []


def _absolute(name: str, level: int, module: str) -> str:
    """The absolute module an import in file ``name`` (relative to the package) refers to."""
    if level == 0:
        return module
    parts = ["rnnbib", *name.removesuffix(".py").split("/")][:-level]
    return ".".join([*parts, module] if module else parts)


@pytest.mark.parametrize(("folder", "forbidden"), [("readers/", "rnnbib.writers"), ("online/", "rnnbib")])
def test_no_backward_imports(folder: str, forbidden: str) -> None:
    found = []
    for name, tree in _modules():
        if not name.startswith(folder):
            continue
        for line, level, module, _names in _imports(tree):
            target = _absolute(name, level, module)
            if target == forbidden or (forbidden != "rnnbib" and target.startswith(forbidden + ".")):
                found.append(f"{name}:{line}: {target}")
    assert found == []


def test_environment_read_only_in_config_modules() -> None:
    found = []
    for name, tree in _modules():
        if name in CONFIG_MODULES:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv", "unsetenv"):
                found.append(f"{name}:{node.lineno}: os.{node.attr}")
            elif isinstance(node, ast.ImportFrom) and node.module == "os" \
                    and {a.name for a in node.names} & {"environ", "getenv"}:
                found.append(f"{name}:{node.lineno}: from os import")
    assert found == []


def test_docs_architecture_is_short_and_readme_has_the_commands() -> None:
    root = PACKAGE.parent
    assert len((root / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8").splitlines()) <= 150
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "pytest -m slow" in readme


def test_every_environment_variable_is_documented() -> None:
    from rnnbib.online import services
    from rnnbib.online.config import resolve_env_vars

    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    names = set(resolve_env_vars()) - {s.delay_env for s in services.SERVICES}  # one generic line documents these
    for module in CONFIG_MODULES:
        names |= set(re.findall(r"\"(RNNBIB_[A-Z_]+|GITHUB_TOKEN)\"", (PACKAGE / module).read_text(encoding="utf-8")))
    assert "RNNBIB_<SERVICE>_DELAY" in readme
    assert sorted(n for n in names if f"`{n}`" not in readme) == []
