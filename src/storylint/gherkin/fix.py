"""``--fix`` for the purely mechanical Gherkin rules.

Fixes: trailing whitespace (no-trailing-spaces), the final newline (new-line-at-eof),
indentation, spacing between tags (one-space-between-tags) and a repeated Given/When/Then
keyword replaced by the language's And (use-and). Each fix is applied only when its rule is
selected, with the rule's options, and only to documents that parse. After each fix the text is
parsed again and the fix is kept only if the document still means the same (the AST without
positions is unchanged, apart from the keywords use-and replaces), so a fix never changes what a
scenario says. Files are written only by :func:`fix_files`, which the CLI calls for ``--fix``.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable

from .checks import indentation_config, indentation_targets, steps_wanting_and
from .parse import build_doc, dialect
from .walk import children, node_lines, tagged

Params = dict[str, dict[str, Any]]

FIXABLE = ("no-trailing-spaces", "new-line-at-eof", "indentation", "one-space-between-tags", "use-and")


def _strip_positions(node: Any, drop_keywords: bool = False) -> Any:
    """The AST without positions and ids; descriptions (line by line) and comments compared
    trimmed: their indentation and trailing blanks are layout, not meaning."""
    if isinstance(node, dict):
        return {
            k: (
                "\n".join(x.strip() for x in v.split("\n"))
                if k == "description" and isinstance(v, str)
                else [c.get("text", "").strip() for c in v]
                if k == "comments" and isinstance(v, list)
                else _strip_positions(v, drop_keywords)
            )
            for k, v in node.items()
            if k not in ("location", "id") and not (drop_keywords and k in ("keyword", "keywordType"))
        }
    if isinstance(node, list):
        return [_strip_positions(v, drop_keywords) for v in node]
    return node


def _docstring_lines(feature) -> set[int]:
    """Line numbers inside doc strings (their content is data: never touched)."""
    out: set[int] = set()
    for _kind, node, _rule in children(feature):
        for step in node.get("steps", ()):
            ds = step.get("docString")
            if ds:
                start = ds["location"]["line"]
                n = ds.get("content", "").count("\n") + 1 if ds.get("content") else 0
                out.update(range(start, start + n + 2))
    return out


def _fix_trailing(lines: list[str], doc, p) -> list[str]:
    protected = _docstring_lines(doc.ast.get("feature"))
    if doc.markdown:
        # In a .feature.md only the Gherkin lines (and blank ones) are Gherkin's: the rest is
        # Markdown prose, whose two trailing spaces are a hard line break, not a stray blank.
        gherkin = node_lines(doc.ast)
        return [
            line if (i in protected or (i not in gherkin and line.strip())) else line.rstrip(" \t")
            for i, line in enumerate(lines, start=1)
        ]
    return [line if (i in protected) else line.rstrip(" \t") for i, line in enumerate(lines, start=1)]


def _fix_tags(lines: list[str], doc, p) -> list[str]:
    ast = doc.ast
    out = list(lines)
    by_line: dict[int, list[dict]] = {}
    for _kind, node, _parents in tagged(ast.get("feature")):
        for tag in node.get("tags", ()):
            by_line.setdefault(tag["location"]["line"], []).append(tag)
    for line_no, tags in by_line.items():
        tags.sort(key=lambda t: t["location"]["column"])
        raw = out[line_no - 1]
        first = tags[0]["location"]["column"] - 1
        last = tags[-1]
        end = last["location"]["column"] - 1 + len(last["name"])
        rest = raw[end:]
        rest = (" " + rest.strip()) if rest.strip() else rest
        out[line_no - 1] = raw[:first] + " ".join(t["name"] for t in tags) + rest
    return out


def _fix_use_and(lines: list[str], doc, p) -> list[str]:
    out = list(lines)
    feature = doc.ast.get("feature")
    d = dialect((feature or {}).get("language") or "en")
    and_kw = min((k for k in d.and_keywords if k.strip() != "*"), key=len, default=None)
    if and_kw is None:
        return out
    for step in steps_wanting_and(feature, d):
        line_no, col = step["location"]["line"], step["location"]["column"]
        raw = out[line_no - 1]
        kw = step["keyword"]
        if raw[col - 1 : col - 1 + len(kw)] == kw:
            out[line_no - 1] = raw[: col - 1] + and_kw + raw[col - 1 + len(kw) :]
    return out


def _fix_indentation(lines: list[str], doc, p) -> list[str]:
    feature = doc.ast.get("feature")
    if feature is None:
        return lines
    d = dialect(feature.get("language") or "en")
    cfg, nest = indentation_config(p)
    anchors: dict[int, int] = {}  # line -> wanted indentation

    for nodes, key, extra in indentation_targets(feature, cfg, nest, d):
        value = cfg.get(key)
        if value is not None:
            for node in nodes:
                anchors[node["location"]["line"]] = int(value) + extra
    out = list(lines)
    delta = 0
    for i, raw in enumerate(lines, start=1):
        indent = len(raw) - len(raw.lstrip(" \t"))
        if i in anchors:
            delta = anchors[i] - indent
            out[i - 1] = " " * anchors[i] + raw[indent:]
        elif raw.strip() and delta:
            # Lines that belong to the anchor above (tables, doc strings, descriptions) move with it.
            new = max(indent + delta, 0)
            out[i - 1] = " " * new + raw[indent:]
    return out


FIXERS: dict[str, Callable[[list[str], Any, dict[str, Any]], list[str]]] = {  # (lines, the parsed Doc, options)
    "one-space-between-tags": _fix_tags,
    "use-and": _fix_use_and,
    "indentation": _fix_indentation,
    "no-trailing-spaces": _fix_trailing,
}


def fix_text(text: str, params: Params, *, markdown: bool = False) -> tuple[str, list[str]]:
    """Apply the fixes whose rules are in ``params`` (rule name -> options). Returns the new
    text and the names of the fixes that changed something."""
    doc = build_doc(text, markdown=markdown)
    if doc.ast is None:
        return text, []
    applied: list[str] = []
    reference = _strip_positions(doc.ast)
    keywords_free = _strip_positions(doc.ast, drop_keywords=True)
    final_nl = text.endswith("\n")
    lines = text.split("\n")
    if final_nl:
        lines = lines[:-1]
    for name, fixer in FIXERS.items():
        if name not in params or (markdown and name in ("indentation", "one-space-between-tags")):
            continue
        new_lines = fixer(lines, doc, params[name])
        if new_lines == lines:
            continue
        candidate = "\n".join(new_lines) + ("\n" if final_nl else "")
        new_doc = build_doc(candidate, markdown=markdown)
        if new_doc.ast is None:
            continue
        if name == "use-and":
            ok = _strip_positions(new_doc.ast, drop_keywords=True) == keywords_free
        else:
            ok = _strip_positions(new_doc.ast) == reference
        if ok:
            lines = new_lines
            doc = new_doc
            reference = _strip_positions(new_doc.ast)
            keywords_free = _strip_positions(new_doc.ast, drop_keywords=True)
            applied.append(name)
    out = "\n".join(lines) + ("\n" if final_nl else "")
    if "new-line-at-eof" in params:
        want = str(params["new-line-at-eof"].get("newline", "yes")).lower()
        if want == "yes" and out and not out.endswith("\n"):
            out += "\n"
            applied.append("new-line-at-eof")
        elif want == "no" and out.endswith("\n"):
            out = out.rstrip("\n")
            applied.append("new-line-at-eof")
    return out, applied


class FixParams(dict):
    """The selected fixable rules (rule name -> options) and what else decides, file by file,
    whether the lint reports their findings: the rules' codes and the configuration's
    per-file-ignores (``(glob, selectors)`` pairs, as the engine holds them)."""

    def __init__(self, rules: Params, codes: dict[str, str], per_file_ignores: list[tuple[str, list[str]]]):
        super().__init__(rules)
        self.codes = codes
        self.per_file_ignores = per_file_ignores


def fixable_params(compiled: Any) -> FixParams:
    """The selected fixable rules of a compiled configuration, with their options."""
    out: Params = {}
    codes: dict[str, str] = {}
    for cr in getattr(compiled, "story_rules", ()):
        if cr.rule.kind == "gherkin" and cr.rule.name in FIXABLE:
            out[cr.rule.name] = {k: v for k, v in cr.params.items() if k != "check"}
            codes[cr.rule.name] = cr.rule.code
    return FixParams(out, codes, list(getattr(compiled, "per_file_ignores", ()) or ()))


_FEATURE_RE = re.compile(r"\.feature(?:\.md)?$", re.I)


def _codes(params: Params) -> dict[str, str]:
    codes = getattr(params, "codes", None)
    if codes is None:
        from ..registry import load_rules

        codes = {r.name: r.code for r in load_rules()}
    return codes


def _not_suppressed(path: str, text: str, params: Params) -> Params:
    """The fixable rules whose findings the lint reports in this file: minus those its
    per-file-ignores and its file-level ``# storylint: disable=...`` comments turn off (a
    suppressed finding is not fixed either). A bare ``# storylint: disable``, which names no
    rule, suppresses nothing, for the lint and here."""
    pfi = getattr(params, "per_file_ignores", None)
    if "storylint:" not in text and not pfi:
        return params
    from ..registry import matches
    from ..suppress import DIRECTIVE_RE, code_covers

    codes = _codes(params)
    off: set[str] = set()
    if pfi:
        from ..engine import _per_file_ignored

        ignored = _per_file_ignored(path, params)  # (the engine's own glob matching: params has its per_file_ignores)
        off.update(name for name in params if ignored and matches(codes.get(name, ""), name, ignored))
    if "storylint:" in text:
        for line in text.split("\n"):  # (the lines the feature reader takes directives from)
            stripped = line.strip()
            if not (stripped.startswith("#") and "storylint:" in stripped):
                continue
            for m in DIRECTIVE_RE.finditer(stripped):
                if not m.group("codes"):  # a bare directive names no rule
                    continue
                for sel in (c.strip() for c in m.group("codes").split(",")):
                    off.update(name for name in params if codes.get(name) and code_covers(sel, codes[name]))
    if not off:
        return params
    return {k: v for k, v in params.items() if k not in off}


def _write_in_place(path: str, data: bytes) -> None:
    """Replace the file at ``path`` (a symlink's target: the link stays) with ``data`` at once:
    written to a temporary file of this run's own (``mkstemp``) next to it, given the file's
    mode (and, where allowed, its owner), then renamed over it, so that no reader ever sees
    half a file and two runs on one file never share a temporary name. A file with more than
    one name (a hard link) is rewritten where it is instead, as ruff does: a rename would cut it
    off from its other names, which would keep the unfixed text."""
    target = os.path.realpath(path)  # (as ruff, which writes through a symlink to its target)
    st = os.stat(target)
    if st.st_nlink > 1:
        _rewrite_where_it_is(target, data)
        return
    folder, name = os.path.split(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".storylint-fix.tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # (only a privileged user may give a file away)
                mine = os.stat(tmp)
                if (mine.st_uid, mine.st_gid) != (st.st_uid, st.st_gid):
                    os.chown(tmp, st.st_uid, st.st_gid)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _rewrite_where_it_is(target: str, data: bytes) -> None:
    """Write ``data`` over the file at ``target`` in place (its other hard links see it). When
    the write fails part-way (a full disk, a file size limit), the old bytes - which fitted
    before - are put back, so that the file is left as it was."""
    fd = os.open(target, os.O_RDWR)
    try:
        before = b""
        while chunk := os.read(fd, 1 << 16):
            before += chunk
        try:
            _write_all(fd, data)
        except BaseException:
            _write_all(fd, before)
            raise
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    """``data`` from the start of the file, then the file cut to its length (``os.write`` may
    write less than asked: the rest is written, or the error it meets is raised)."""
    os.lseek(fd, 0, os.SEEK_SET)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.ftruncate(fd, len(data))


def _split_endings(text: str) -> tuple[str, list[str]]:
    """The text with ``\\n`` line breaks (as the parser reads it) and each line's own ending
    (``\\r\\n`` or ``\\n``), so that a file with mixed endings keeps them line by line."""
    if "\r\n" not in text:
        return text, []
    lines = text.split("\n")
    endings = ["\r\n" if line.endswith("\r") else "\n" for line in lines[:-1]]
    return "\n".join(line[:-1] if end == "\r\n" else line for line, end in zip(lines, endings + [""])), endings


def _join_endings(text: str, endings: list[str]) -> str:
    """``text`` with each line's ending put back; a line break the fixes added (the final
    newline) takes the ending of the line before it. The fixes never add or remove lines
    otherwise."""
    if not endings:
        return text
    lines = text.split("\n")
    out = [line + (endings[i] if i < len(endings) else endings[-1]) for i, line in enumerate(lines[:-1])]
    return "".join(out) + lines[-1]


class FixFailed(Exception):
    """Some files could not be written back. ``changed`` is what :func:`fix_files` fixed all the
    same, ``failures`` the ``(path, reason)`` of each file it could not write (left as it was)."""

    def __init__(self, changed: list[tuple[str, list[str]]], failures: list[tuple[str, str]]):
        super().__init__("; ".join(f"cannot fix {path}: {why}" for path, why in failures))
        self.changed = changed
        self.failures = failures


def fix_files(paths: Iterable[str], params: Params) -> list[tuple[str, list[str]]]:
    """Fix ``.feature`` / ``.feature.md`` files in place. Returns ``(path, fixes)`` for every
    file that changed. A file is written back in its own encoding (UTF-8, UTF-16 or -32 with
    their byte-order marks, Windows-1252), line endings and mode; a symlink's target is fixed.
    Files that do not read or decode (the lint reports them) and fixes the encoding cannot hold
    are left alone. A file that cannot be written back does not stop the others: once all are
    done, :class:`FixFailed` says which (and holds what was fixed)."""
    from ..readers.decode import DecodeError, decode_as

    changed: list[tuple[str, list[str]]] = []
    failures: list[tuple[str, str]] = []
    for path in paths:
        if not _FEATURE_RE.search(path):
            continue
        try:
            text, encoding, bom = decode_as(Path(path).read_bytes())
        except (OSError, DecodeError):
            continue
        text, endings = _split_endings(text)
        wanted = _not_suppressed(path, text, params)
        if not wanted:
            continue
        new, applied = fix_text(text, wanted, markdown=path.lower().endswith(".md"))
        if not applied or new == text:
            continue
        new = _join_endings(new, endings)
        try:
            out = bom + new.encode(encoding)
        except UnicodeEncodeError:
            continue
        try:
            _write_in_place(path, out)
        except OSError as exc:
            failures.append((path, exc.strerror or str(exc)))
            continue
        changed.append((path, applied))
    if failures:
        raise FixFailed(changed, failures)
    return changed
