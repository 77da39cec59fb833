"""SARIF 2.1.0, for code-scanning dashboards.

Compact: no indentation (a pretty-printed log was 2-3x the size of the same log without it,
and GitHub code scanning rejects an upload over 10 MB gzipped), encoded result by result, and
at most ``MAX_RELATED_LOCATIONS`` related locations per result - the
stories its message names. The JSON and JSONL formats keep the full ``related`` list (20 ids).
"""

from __future__ import annotations

import json
import os
import re
from typing import Iterator
from urllib.parse import quote, unquote

from .. import __version__
from ..registry import readable_template
from . import finding_path

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
MAX_RELATED_LOCATIONS = 10
"""At most this many ``relatedLocations`` per result: the stories the message names first,
then the others of the finding's ``related`` list, in its order. A set-level message names at
most 5 stories of a kind (US042 names two kinds) and says "and N more" for the rest; a viewer
shows related locations beside the result (GitHub: where the message links to them), so more
only made the log larger (the 20,000-story bench: 166 MB pretty-printed with up to 20, 72 MB
compact with up to 10)."""
MAX_RESULTS = 25_000
"""At most this many results: GitHub code scanning rejects a run with more (its documented
limit; a backlog of about 7,000 stories has as many findings). The errors are kept first, then
the warnings, then the notes, each in input order; a tool notification says how many were left
out (the JSON and JSONL formats list them all)."""
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BATCH = 256
"""Results per piece of :func:`_pieces`."""

# One compact encoder for every piece (``json.dumps`` with options builds one per call).
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode


def artifact_uri(path: str) -> str:
    """A SARIF ``uri``: forward slashes, percent-encoded (a relative reference for relative paths)."""
    p = path.replace(os.sep, "/") if os.sep != "/" else path
    if os.path.isabs(path):
        return "file://" + quote(p if p.startswith("/") else "/" + p)
    return quote(p)


def render(report, rules, **_) -> str:
    return "".join(_pieces(report, rules))


def _pieces(report, rules) -> Iterator[str]:
    """The log in pieces: everything up to the results, then ``BATCH`` results a piece, then
    the rest. The same text as one ``json.dumps`` of the whole log, compact; a result's dicts
    are dropped once encoded, so the whole log is never held as objects. (Not ``render_parts``:
    the CLI would hold the pieces and the joined text for standard output alike.)"""
    used: dict[str, int] = {}  # rule code -> its index in the driver's rules (first use)
    rule_list = []
    counts = {"error": 0, "warning": 0, "info": 0}
    for r in report.reports:
        for f in r.findings:
            counts[f.severity] += 1
            if f.code not in used:
                used[f.code] = len(rule_list)
                rule_list.append(_rule_entry(f, rules.get(f.code)))
    total = sum(counts.values())
    quota = None  # severity -> results still to write, where there are more than MAX_RESULTS
    notes = []
    if total > MAX_RESULTS:
        quota, budget = {}, MAX_RESULTS
        for sev in ("error", "warning", "info"):
            quota[sev] = min(counts[sev], budget)
            budget -= quota[sev]
        left = {sev: counts[sev] - quota[sev] for sev in ("info", "warning", "error") if counts[sev] > quota[sev]}
        dropped = ", ".join(f"{n} {LEVEL[sev]}{'s' if n != 1 else ''}" for sev, n in left.items())
        notes.append({
            "level": "warning",
            "message": {"text": f"{total - MAX_RESULTS} of {total} results left out ({dropped}; the last in input order of their level): "
                        f"GitHub code scanning rejects a run with more than {MAX_RESULTS} results. The json and jsonl formats list them all."},
        })
    run = {
        "tool": {"driver": {"name": "storylint", "version": __version__, "informationUri": "https://github.com/storylint/storylint", "rules": rule_list}},
        "results": [],
        # Columns count code points (as in every other format), not UTF-16 units.
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {
                "executionSuccessful": not report.errors,
                "toolExecutionNotifications": [
                    {
                        "level": "error",
                        "message": {"text": _plain(e.describe())},
                        "locations": [{"physicalLocation": _error_location(e)}],
                    }
                    for e in report.errors
                ]
                + notes,
            }
        ],
    }
    doc = _encode({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]})
    cut = doc.index('"results":[]') + len('"results":[')
    yield doc[:cut]
    batch: list[str] = []
    first = True
    for result in _results(report, used, quota):
        batch.append(_encode(result))
        if len(batch) == BATCH:
            yield ("" if first else ",") + ",".join(batch)
            first = False
            batch = []
    if batch:
        yield ("" if first else ",") + ",".join(batch)
    yield doc[cut:] + "\n"


def _rule_entry(f, rule) -> dict:
    """The driver's description of the rule of finding ``f`` (its first one)."""
    entry = {"id": f.code, "name": f.name, "shortDescription": {"text": f.message if rule is None else readable_template(rule.message)}}
    if rule is not None:
        entry["fullDescription"] = {"text": rule.why.strip()}
        # GitHub code scanning shows a rule's ``help`` beside its alerts; the SARIF Multitool's
        # GitHub checks (GH2012) report a rule without it as an error.
        entry["help"] = {"text": rule.why.strip() + (f"\n\nDetails: {rule.notes.strip()}" if rule.notes else "")}
        entry["defaultConfiguration"] = {"level": LEVEL[rule.level]}
        if rule.link:
            entry["helpUri"] = rule.link
        entry["properties"] = {"criteria": rule.criteria, "invest": rule.invest}
    return entry


def _results(report, used: dict[str, int], quota: dict[str, int] | None = None) -> Iterator[dict]:
    """The results, in input order; with a ``quota`` (severity -> how many), only the first
    that many of each severity."""
    by_id: dict[str, list] | None = None  # story id -> the stories with it (built on first use)
    for r in report.reports:
        for f in r.findings:
            if quota is not None:
                if not quota[f.severity]:
                    continue
                quota[f.severity] -= 1
            region = {}
            if f.line is not None:
                region = {"startLine": f.line, "startColumn": f.column or 1}
                if f.end_line is not None and f.end_column is not None and (f.end_line, f.end_column) > (f.line, f.column or 1):
                    region.update(endLine=f.end_line, endColumn=f.end_column)
            loc = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(finding_path(r.story, f))}}}
            if region:
                loc["physicalLocation"]["region"] = region
            text = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
            result = {
                "ruleId": f.code,
                "ruleIndex": used[f.code],
                "level": LEVEL[f.severity],
                "message": {"text": _plain(text)},
                "locations": [loc],
                "properties": {"story": r.story.id},
            }
            if f.related:
                if by_id is None:
                    by_id = {}
                    for other in report.reports:
                        by_id.setdefault(other.story.id, []).append(other.story)
                related = _related_locations(r.story, f.related, by_id, f.message)
                if related:
                    result["relatedLocations"] = related
                    result["message"]["text"] = _linked(text, related)
                    for loc in related:  # (once the links are placed: they are found by these ids)
                        loc["message"]["text"] = _plain(loc["message"]["text"])
            yield result


def _related_locations(story, related: list[str], by_id: dict[str, list], message: str = "") -> list[dict]:
    """Where the stories a set-level finding names are: their file and line, one location per
    story (an id that several stories share gives each of them, the story itself left out; an
    id that no story has - an unknown dependency - gives none), in the order of ``related``.
    Where there are more than ``MAX_RELATED_LOCATIONS``, the ids the ``message`` names come
    first, then the others in order."""
    ids = list(dict.fromkeys(related))
    if len(ids) > MAX_RELATED_LOCATIONS:
        named = [sid for sid in ids if _names(message, sid)]
        keep = set(named[:MAX_RELATED_LOCATIONS])
        for sid in ids:
            if len(keep) == MAX_RELATED_LOCATIONS:
                break
            keep.add(sid)
        ids = [sid for sid in ids if sid in keep]
    out: list[dict] = []
    seen: set[int] = {id(story)}
    for sid in ids:
        for other in by_id.get(sid, ()):
            if id(other) in seen:
                continue
            seen.add(id(other))
            loc: dict = {"artifactLocation": {"uri": artifact_uri(other.source.path)}}
            if other.source.line is not None:
                loc["region"] = {"startLine": other.source.line, "startColumn": other.source.column or 1}
            out.append({"id": len(out), "physicalLocation": loc, "message": {"text": f"story {sid}"}})
            if len(out) == MAX_RELATED_LOCATIONS:
                return out
    return out


def _linked(message: str, related: list[dict]) -> str:
    """``message`` with the mentions of related stories' ids made embedded links to their
    related locations (``[SHOP-7](0)``, SARIF 2.1.0 3.11.6): viewers such as GitHub code
    scanning show related locations through those links. An id that several stories share is
    named with its place (``PAY-101 (d.json:2)``, see checks.unique): that mention links to the
    location on that line. Once the message holds links, its literal ``\\``, ``[`` and ``]``
    are escaped, as the format asks."""
    by_sid: dict[str, list[dict]] = {}
    for loc in related:
        by_sid.setdefault(loc["message"]["text"].removeprefix("story "), []).append(loc)
    links: list[tuple[int, int, int]] = []  # (start, end, location id), in message order
    used: set[int] = set()
    for sid, locs in by_sid.items():
        at = _find_id(message, sid)
        while at != -1:
            end = at + len(sid)
            placed = [x for x in locs if x["id"] not in used and message.startswith(_place(x), end)]
            if placed:
                loc = placed[0]  # the mention names this location's file and line
            elif _PLACE_RE.match(message, end):
                loc = None  # a place that names no related location: no link
            else:
                loc = next((x for x in locs if x["id"] not in used), None)
            if loc is not None:
                used.add(loc["id"])
                links.append((at, end, loc["id"]))
            at = _find_id(message, sid, end)
    if not links:
        return _plain(message)
    out, pos = [], 0
    for start, end, n in sorted(links):
        if start < pos:
            continue  # (one id inside another's mention: never two links over one text)
        out.append(_escape(message[pos:start]) + f"[{_escape(message[start:end])}]({n})")
        pos = end
    return "".join(out) + _escape(message[pos:])


_PLACE_RE = re.compile(r" \([^\n()]*:\d+\)")
"""The place after an id that several stories share: `` (d.json:2)``, `` (my backlog.yaml:3)``."""


def _place(loc: dict) -> str:
    """How checks.unique names a location after a shared id: `` (FILE NAME:LINE)``."""
    uri = loc["physicalLocation"]["artifactLocation"]["uri"]
    return f" ({unquote(uri.rsplit('/', 1)[-1])}:{_line_of(loc)})"


def _line_of(loc: dict) -> int | None:
    return loc["physicalLocation"].get("region", {}).get("startLine")


def _plain(text: str) -> str:
    """``text`` (which quotes story text, ids, file names) as a message that holds no embedded
    link: where it reads as one (``[x](https://…)``, ``[x](0)``: a viewer would show a link that
    the story's author wrote), its ``\\``, ``[`` and ``]`` are escaped (SARIF 2.1.0 3.11.6)."""
    return _escape(text) if "](" in text else text


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _find_id(message: str, sid: str, start: int = 0) -> int:
    """Where ``message`` names the story id ``sid`` as a whole, from ``start`` on; -1 if nowhere."""
    at = message.find(sid, start)
    while at != -1:
        end = at + len(sid)
        if (at == 0 or not _id_char(message[at - 1])) and (end == len(message) or not _id_char(message[end])):
            return at
        at = message.find(sid, at + 1)
    return -1


def _names(message: str, sid: str) -> bool:
    """Whether ``message`` names the story id ``sid`` as a whole (``S1`` is not in ``S10``)."""
    return _find_id(message, sid) != -1


def _id_char(c: str) -> bool:
    return c.isalnum() or c in "-_:/#"


def _error_location(e) -> dict:
    loc: dict = {"artifactLocation": {"uri": artifact_uri(e.path)}}
    if e.line is not None:
        loc["region"] = {"startLine": e.line}
    return loc
