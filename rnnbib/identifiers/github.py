"""GitHub repositories (kind ``github``, value ``owner/repo``) and gists (kind ``gist``, value the gist id).

A repository is read from any ``github.com/<owner>/<repo>/…`` URL (tree, blob, wiki, issues, pulls,
releases, raw …), with ``www.``, ``//`` after the host, a ``.git`` suffix, a trailing slash or
punctuation, an anchor or query.  The value keeps the case as written; identity is case-insensitive
(:attr:`Identifier.key`).  Not repositories: ``*.github.io`` pages (web pages), user or organisation
pages (``github.com/<owner>``), GitHub's own pages (``github.com/topics/…``, ``/orgs/…``, ``/features``
…), and ``raw.githubusercontent.com`` files (mostly images embedded in a list; the link is kept as a
link by the reader, not turned into a code identifier).
"""

from __future__ import annotations

import re

from ._common import SCHEME, comparable_url, urls_in
from .kinds import Identifier

__all__ = ["RESERVED", "find_all", "from_url", "parse", "repo_url"]

#: First path segments of github.com that are GitHub's own pages, not owners.
RESERVED = frozenset(
    {
        "about",
        "account",
        "apps",
        "blog",
        "business",
        "codespaces",
        "collections",
        "contact",
        "customer-stories",
        "dashboard",
        "downloads",
        "education",
        "enterprise",
        "events",
        "explore",
        "features",
        "home",
        "issues",
        "join",
        "login",
        "logout",
        "marketplace",
        "mobile",
        "new",
        "nonprofit",
        "notifications",
        "open-source",
        "organizations",
        "orgs",
        "partners",
        "password_reset",
        "premium-support",
        "pricing",
        "pulls",
        "readme",
        "resources",
        "search",
        "security",
        "sessions",
        "settings",
        "signup",
        "site",
        "sitemap",
        "solutions",
        "sponsors",
        "stars",
        "team",
        "topics",
        "trending",
        "users",
        "watching",
    }
)

_REPO = re.compile(
    rf"{SCHEME}(?i:(?:www\.)?github\.com)(?::\d+)?/+"
    r"(?P<owner>[A-Za-z0-9][A-Za-z0-9\-]{0,38})/+(?P<repo>[A-Za-z0-9._\-]+?)(?i:\.git)?(?:[/?#].*)?",
    re.DOTALL,
)
_GIST = re.compile(
    rf"{SCHEME}(?i:gist\.github(?:usercontent)?\.com)(?::\d+)?/+(?:[A-Za-z0-9\-]+/+)?"
    r"(?P<id>[0-9a-fA-F]{7,40}|\d+)(?i:\.git)?(?:[/?#.].*)?",
    re.DOTALL,
)
_PREFIXED = re.compile(
    r"(?i:github|gh):(?P<repo>[A-Za-z0-9][A-Za-z0-9\-]{0,38}/[A-Za-z0-9._\-]+)"
    r"|(?i:gist):(?P<gist>[0-9a-fA-F]{7,40}|\d+)"
)


def from_url(url: str) -> Identifier | None:
    """The repository (``github``) or gist (``gist``) a URL names, or None."""
    if "github" not in url.lower():
        return None
    url = comparable_url(url)
    m = _REPO.fullmatch(url)
    if m is not None:
        owner, repo = m.group("owner"), m.group("repo")
        if owner.lower() in RESERVED or repo in (".", ".."):
            return None
        return Identifier("github", f"{owner}/{repo}")
    m = _GIST.fullmatch(url)
    return Identifier("gist", m.group("id")) if m is not None else None


def parse(s: str) -> Identifier | None:
    """One repository or gist from ``github:owner/repo``, ``gh:owner/repo``, ``gist:ID`` or a URL."""
    s = comparable_url(s)
    m = _PREFIXED.fullmatch(s)
    if m is not None:
        if m.group("gist"):
            return Identifier("gist", m.group("gist"))
        repo = m.group("repo").removesuffix(".git")
        return None if repo.split("/")[0].lower() in RESERVED else Identifier("github", repo)
    return from_url(s)


def find_all(text: str) -> list[Identifier]:
    """Repositories and gists named by the URLs in free text, each once (ignoring case)."""
    found: list[Identifier] = []
    for _, _, url in urls_in(text):
        ident = from_url(url)
        if ident is not None and all(ident.key != f.key for f in found):
            found.append(ident)
    return found


def repo_url(ident: Identifier) -> str:
    """The canonical URL of a ``github`` or ``gist`` identifier."""
    if ident.kind == "gist":
        return f"https://gist.github.com/{ident.value}"
    return f"https://github.com/{ident.value}"
