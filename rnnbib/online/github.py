"""GitHub repositories -> software citations (``/repos/{owner}/{repo}`` and CITATION.cff).

A renamed or transferred repository answers 301; the redirect is followed and the record
names the new ``owner/repo``.  CITATION.cff is read with ``yaml.safe_load``; files in the wild
are not always schema-valid, so every key is read defensively.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import yaml

from ..errors import ServiceError
from ..identifiers import github as github_ids
from ..model import Identifier, Work
from .http import Fetched, HttpClient
from .record import Lookup, Record
from .stage import PRIMARY, Plan, Run, resolve_each
from .text import csl_date, squash

ACCEPT = "application/vnd.github+json"
CFF_MAX_CHARS = 1_000_000
CFF_MAX_NODES = 100_000


def cff_authors(cff: dict[str, Any]) -> list[dict[str, str]]:
    """CITATION.cff ``authors`` -> CSL names (``name`` -> ``literal``)."""
    result: list[dict[str, str]] = []
    for person in cff.get("authors") or []:
        if not isinstance(person, dict):
            continue
        family = squash(person.get("family-names"))
        if family and not person.get("given-names") and " " in family:
            result.append({"literal": family})  # "PyTorch Team": a group written as a family name
        elif family:
            name = {"given": squash(person.get("given-names")),
                    "non-dropping-particle": squash(person.get("name-particle")),
                    "family": family, "suffix": squash(person.get("name-suffix"))}
            result.append({k: v for k, v in name.items() if v})
        elif squash(person.get("name")):
            result.append({"literal": squash(person["name"])})
    return result


def repo_to_record(repo: dict[str, Any], cff: dict[str, Any] | None = None) -> Record:
    """A software record from a repository JSON (and its parsed CITATION.cff)."""
    if not isinstance(repo, dict) or not repo.get("full_name"):
        raise ValueError("not a GitHub repository object")
    cff = cff if isinstance(cff, dict) else {}
    owner: dict[str, Any] = repo["owner"] if isinstance(repo.get("owner"), dict) else {}
    authors = cff_authors(cff) or [{"literal": squash(owner.get("login") or repo["full_name"].split("/")[0])}]
    csl: dict[str, Any] = {
        "type": "software",
        "title": squash(cff.get("title")) or squash(repo.get("name")),
        "author": authors,
        "publisher": "GitHub",
        "URL": squash(repo.get("html_url")) or f"https://github.com/{repo['full_name']}",
        "abstract": squash(cff.get("abstract")) or squash(repo.get("description")),
        "version": squash(cff.get("version")),
        "DOI": squash(cff.get("doi")),
    }
    created = csl_date(str(repo.get("created_at") or ""))
    issued = csl_date(str(cff.get("date-released") or ""))
    if issued is None and created is not None:
        issued = {"date-parts": [created["date-parts"][0][:1]]}  # the year the repository was created
    if issued:
        csl["issued"] = issued
    license_info: dict[str, Any] = repo["license"] if isinstance(repo.get("license"), dict) else {}
    extra = {
        "license": squash(cff.get("license")) or squash(license_info.get("spdx_id")),
        "stars": repo.get("stargazers_count"),
        "repository": repo["full_name"],
        "homepage": squash(repo.get("homepage")),
    }
    return Record("github", {k: v for k, v in csl.items() if v},
                  {k: v for k, v in extra.items() if v not in (None, "", "NOASSERTION")},
                  [Identifier("github", repo["full_name"])])


def decode_cff(body: bytes, content_type: str) -> dict[str, Any] | None:
    """A CITATION.cff from the contents API (base64 JSON) or raw; ``None`` if unreadable."""
    text: str | None = None
    if "json" in content_type:
        import json

        try:
            data = json.loads(body.decode("utf-8"))
            if data.get("encoding") == "base64":
                text = base64.b64decode(data.get("content", "")).decode("utf-8")
        except (ValueError, AttributeError, binascii.Error):
            return None
    else:
        text = body.decode("utf-8", "replace")
    if text is None or len(text) > CFF_MAX_CHARS:
        return None
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError):
        return None
    return data if isinstance(data, dict) and _fits(data, CFF_MAX_NODES) else None


def _fits(data: Any, limit: int) -> bool:
    """True when ``data`` has at most ``limit`` nodes, counting shared ones each time they occur.

    YAML aliases let a few lines build a "billion laughs" structure; walking it as a tree
    (as later code would, by ``str()`` or serialisation) is what must stay small.
    """
    stack = [data]
    count = 0
    while stack:
        node = stack.pop()
        count += 1
        if count > limit:
            return False
        if isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return True


def lookup_from_response(fetched: Fetched, repo: str, cff: dict[str, Any] | None = None) -> Lookup:
    """Judge a ``/repos/{owner}/{repo}`` answer: 404 not found, other non-200 failed, else a record."""
    if fetched.status == 404:
        return Lookup.not_found(f"GitHub has no repository {repo}")
    if fetched.status != 200:
        return Lookup("failed", kind=f"http-{fetched.status}",
                      message=f"GitHub answered HTTP {fetched.status}")
    try:
        return Lookup.ok(repo_to_record(fetched.json(), cff))
    except (ValueError, KeyError, TypeError) as exc:
        return Lookup("failed", kind="malformed", message=f"unexpected GitHub answer: {exc}")


class GitHubClient:
    """Repository lookups: one request per repo, plus CITATION.cff when ``citation_cff``."""

    def __init__(self, http: HttpClient, base_url: str, citation_cff: bool = False) -> None:
        self.http = http
        self.base_url = base_url
        self.citation_cff = citation_cff

    def lookup(self, repo: str) -> Lookup:
        """Resolve ``owner/repo``."""
        owner, _, name = repo.partition("/")
        url = f"{self.base_url}/repos/{quote(owner, safe='')}/{quote(name, safe='')}"
        try:
            fetched = self.http.get("github", url, headers={"Accept": ACCEPT})
            try:
                lookup = lookup_from_response(fetched, repo)
            except ServiceError:
                self.http.discard(fetched)
                raise
            if lookup.kind == "malformed":
                self.http.discard(fetched)
            if lookup.record is not None and self.citation_cff:
                cff = self._cff(lookup.record.extra["repository"])
                if cff:
                    lookup = lookup_from_response(fetched, repo, cff)
            return lookup
        except ServiceError as exc:
            return Lookup.from_error(exc)

    def _cff(self, full_name: str) -> dict[str, Any] | None:
        owner, _, name = full_name.partition("/")
        url = f"{self.base_url}/repos/{quote(owner, safe='')}/{quote(name, safe='')}/contents/CITATION.cff"
        try:
            fetched = self.http.get("github", url, headers={"Accept": ACCEPT})
        except ServiceError:
            return None
        return decode_cff(fetched.content, fetched.content_type) if fetched.status == 200 else None


class GitHubResolver:
    """The GitHub stage: software works no earlier stage claimed; papers' code links with ``all``."""

    name = "github"

    def plan(self, works: Sequence[Work], run: Run) -> Plan:
        """Repositories to ask for, by the ``github`` mode (``software``, ``all``, ``none``)."""
        plan = Plan()
        mode = run.config.github
        for work in works:
            repo = work.first_id("github")
            if repo is not None and work.type == "software" and mode != "none" and not run.claimed(work):
                plan.add(repo.value, work)
                continue
            if mode == "all":
                for code in _code_repos(work):
                    plan.add(code, work, "code")
        return plan

    def resolve(self, plan: Plan, run: Run) -> None:
        """One request per repository (two with CITATION.cff)."""
        if not plan:
            return
        config = run.config
        cff = config.citation_cff if config.citation_cff is not None else bool(config.github_token)
        client = GitHubClient(run.http, config.url(self.name), citation_cff=cff)

        def apply(work: Work, role: str, repo: str, lookup: Lookup) -> None:
            if role == PRIMARY:
                run.record(work, lookup, "github", stage=self.name)
            else:
                _add_code_info(work, repo, lookup, run)

        resolve_each(plan, run, "GitHub", client.lookup, apply, unit="repo")


def _code_repos(work: Work) -> list[str]:
    """The repositories of a work: its ``github`` identifiers and the repositories its code links name."""
    repos = [i.value for i in work.ids("github")]
    for link in work.links_by_role("code"):
        found = github_ids.from_url(link.url)
        if found is not None and found.kind == "github":
            repos.append(found.value)
    return list(dict.fromkeys(repos))


def _add_code_info(work: Work, repo: str, lookup: Lookup, run: Run) -> None:
    """A paper's code repository: kept in ``extra["code_repositories"]``, the work's fields untouched."""
    if lookup.record is None:
        run.record(work, lookup, "github", stage="github", primary=False)
        return
    extra = lookup.record.extra
    info = {"repository": extra.get("repository", repo), "stars": extra.get("stars"),
            "license": extra.get("license"), "description": lookup.record.csl.get("abstract")}
    repos: list[dict[str, Any]] = work.extra.setdefault("code_repositories", [])
    if all(r.get("repository") != info["repository"] for r in repos):
        repos.append({k: v for k, v in info.items() if v not in (None, "")})
        work.provenance["extra.code_repositories"] = "github"
