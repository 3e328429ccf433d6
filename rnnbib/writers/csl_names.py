"""Name particles in CSL-JSON names, read as citeproc-js reads them before rendering.

citeproc-js splits lowercase particles off a personal name that has none set:
leading words of ``family`` (``von Hoppel`` -> non-dropping particle ``von``,
``al-One`` -> ``al-``, printed joined again: ``Alan al-One``) and trailing words of
``given`` (``Gustav von`` -> dropping particle ``von``).  A family name in double
quotes (``"van Happel"``) is kept whole, quotes removed; so is a name with
``"parse-names": false`` or ``static-particles``.
"""

from __future__ import annotations

import re
from typing import Any

# follows a particle that joins its family name without a space ("al-One", "d'Wander"); the
# space citeproc-py puts after it goes with it after rendering (csl_fixes)
JOINED = "\ue021"
# starts a given name that global given-name disambiguation shows in full (never initialized)
FULL_GIVEN = "\ue026"
_FAMILY = re.compile(r"^([^ ]+(?:-|\u02bb|\u2019| |') *)(.+)$")
_GIVEN_REVERSED = re.compile(r"^([^ ]+(?:\u02bb |\u2019 | |' ) *)(.+)$")
_LEADING_MARKS = re.compile(r"^[-'\u02bb\u2019\s]*")


def _is_particle(word: str) -> bool:
    stripped = _LEADING_MARKS.sub("", word)
    return bool(stripped) and stripped[0].upper() != stripped[0]


def _family_particles(family: str) -> tuple[str, str]:
    particles = ""
    match = _FAMILY.match(family)
    while match and _is_particle(match.group(1)):
        particles += match.group(1)
        family = match.group(2)
        match = _FAMILY.match(family)
    stripped = particles.strip()
    if stripped.endswith(("-", "'", "\u2019", "\u02bb")) and not particles.endswith(" "):
        stripped += JOINED
    return stripped, family


def _given_particles(given: str) -> tuple[str, str]:
    reversed_given = given[::-1]
    found: list[str] = []
    match = _GIVEN_REVERSED.match(reversed_given)
    while match and _is_particle(match.group(1)[::-1]):
        found.append(match.group(1)[::-1])
        reversed_given = match.group(2)
        match = _GIVEN_REVERSED.match(reversed_given)
    return " ".join(p.strip() for p in reversed(found)).strip(), reversed_given[::-1]


def parse_name(name: dict[str, Any]) -> dict[str, Any]:
    """A copy of a CSL-JSON name with its particles split off as citeproc-js does."""
    family, given = name.get("family"), name.get("given")
    if not isinstance(family, str):
        return name
    if len(family) > 1 and family.startswith('"') and family.endswith('"'):
        return {**name, "family": family[1:-1]}
    if (not isinstance(given, str) or not given or name.get("non-dropping-particle")
            or name.get("parse-names") in (False, 0, "false") or name.get("static-particles")):
        return name
    result = dict(name)
    particle, rest = _family_particles(family)
    if particle and rest:
        result["family"], result["non-dropping-particle"] = rest, particle
    if not name.get("dropping-particle"):
        dropping, first = _given_particles(given)
        if dropping and first:
            result["given"], result["dropping-particle"] = first, dropping
    return result


def parse_names(value: Any) -> Any:
    """``value`` with each personal name in it parsed (other values unchanged)."""
    if isinstance(value, list) and value and all(isinstance(n, dict) for n in value):
        return [parse_name(n) for n in value]
    return value
