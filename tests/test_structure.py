"""The static rules of docs/ARCHITECTURE.md, checked on the source tree.

- identifier syntax (regular expressions over arXiv ids, DOIs, GitHub or proceedings URLs) lives in
  ``rnnbib/identifiers/`` only;
- ``rnnbib/readers/`` never imports ``rnnbib/writers/``;
- ``rnnbib/online/`` never imports the package root (``from .. import x``, ``import rnnbib``);
- the environment is read only in the config modules (``rnnbib/settings.py``, ``rnnbib/online/config.py``);
- ``rnnbib/writers/`` holds no module-level mutable cache (render caches belong to an object a write creates);
- no two modules define a public class of the same name.
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


CACHE_DECORATORS = {"lru_cache", "cache"}
MUTABLE_CALLS = {"dict", "list", "set", "OrderedDict", "defaultdict", "Counter", "deque", "WeakKeyDictionary",
                 "WeakValueDictionary", "WeakSet"}
MUTABLE_DISPLAYS = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
MUTATING_METHODS = {"append", "add", "update", "setdefault", "pop", "popitem", "clear", "extend", "insert",
                    "remove", "discard", "appendleft", "move_to_end", "__setitem__"}


def _name_of(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _module_level_mutables(tree: ast.Module) -> dict[str, int]:
    """Module-level names bound to a dict, list, set (or a collections/weakref container)."""
    found = {}
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) and node.value is not None else []
        value = getattr(node, "value", None)
        mutable = isinstance(value, MUTABLE_DISPLAYS) or \
            (isinstance(value, ast.Call) and _name_of(value) in MUTABLE_CALLS)
        for target in targets:
            if mutable and isinstance(target, ast.Name):
                found[target.id] = node.lineno
    return found


def module_caches(tree: ast.Module) -> list[str]:
    """Process-wide caches in a module: ``functools.lru_cache``/``cache`` decorators, ``global``
    rebinding, and module-level containers that some code mutates."""
    found = []
    mutables = _module_level_mutables(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found += [f"{node.lineno}: @{_name_of(d)} {node.name}" for d in node.decorator_list
                      if _name_of(d) in CACHE_DECORATORS]
        elif isinstance(node, ast.Global):
            found += [f"{node.lineno}: global {name}" for name in node.names]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in MUTATING_METHODS and _name_of(node.func.value) in mutables \
                and isinstance(node.func.value, ast.Name):
            found.append(f"{node.lineno}: {node.func.value.id}.{node.func.attr}()")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            found += [f"{node.lineno}: {t.value.id}[...]" for t in targets if isinstance(t, ast.Subscript)
                      and isinstance(t.value, ast.Name) and t.value.id in mutables]
    return found


def test_the_cache_check_catches_module_level_caches() -> None:
    caught = {
        "from functools import lru_cache\n@lru_cache(maxsize=1)\ndef f(): return 1\n": "@lru_cache f",
        "import functools\n@functools.cache\ndef f(): return 1\n": "@cache f",
        "_STYLES = {}\ndef f(k): _STYLES[k] = 1\n": "_STYLES[...]",
        "_SEEN: set[str] = set()\ndef f(k): _SEEN.add(k)\n": "_SEEN.add()",
        "_DONE = []\ndef f(k): _DONE.append(k)\n": "_DONE.append()",
        "_X = None\ndef f(k):\n    global _X\n    _X = k\n": "global _X",
    }
    for source, wanted in caught.items():
        assert [f.split(": ", 1)[1] for f in module_caches(ast.parse(source))] == [wanted], source
    constant_tables = "TABLE = {'a': 1}\nLIST = [1, 2]\ndef f(k):\n    d = {}\n    d[k] = TABLE[k]\n    return d\n"
    assert module_caches(ast.parse(constant_tables)) == []


def test_no_module_level_mutable_cache_in_writers() -> None:
    found = [f"{name}:{line}" for name, tree in _modules() if name.startswith("writers/")
             for line in module_caches(tree)]
    assert found == []


def test_no_two_modules_define_a_public_class_of_the_same_name() -> None:
    homes: dict[str, list[str]] = {}
    for name, tree in _modules():
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                homes.setdefault(node.name, []).append(name)
    assert {cls: names for cls, names in homes.items() if len(names) > 1} == {}
