"""The ``storylint`` command line (typer). Commands parse arguments, call the library, format.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage, input or internal error.
"""

# No ``from __future__ import annotations`` here: typer reads the parameters' annotations on
# every start, and string annotations would each be compiled and evaluated then (≈ 5 ms).
import gc
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

# The CLI uses no pydantic plugins; looking them up scans every installed package's entry
# points on each start (tens of milliseconds). A user who wants them can set the variable.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
_PLUGINS_OFF = ("__all__", "1", "true")  # the values with which pydantic loads no plugin at all
_PLUGIN_LOADER = "pydantic.plugin._loader"


def _no_plugin_scan() -> None:
    """Spare the import that pydantic's plugin loader makes even when plugins are off.

    The first validator pydantic builds imports its plugin loader, and the loader imports
    ``importlib.metadata`` (with email, zipfile, csv, ...: ≈ 10 ms) before it even reads
    ``PYDANTIC_DISABLE_PLUGINS``. While the variable switches every plugin off, the loader's
    answer is known: none. So a stand-in takes its place that gives that answer, and hands
    over to pydantic's own loader (imported then) if the variable no longer disables them or
    if anything else of the loader is asked for.
    """
    import importlib
    import types

    if _PLUGIN_LOADER in sys.modules or os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in _PLUGINS_OFF:
        return
    stand_in = types.ModuleType(_PLUGIN_LOADER, "Stand-in for pydantic's plugin loader while plugins are off (storylint.cli).")

    def real_loader() -> types.ModuleType:
        if sys.modules.get(_PLUGIN_LOADER) is stand_in:
            del sys.modules[_PLUGIN_LOADER]
        return importlib.import_module(_PLUGIN_LOADER)

    def get_plugins():
        if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in _PLUGINS_OFF:
            return ()
        return real_loader().get_plugins()

    def other(name: str):
        if name.startswith("__"):  # what the import system probes (``__path__``): not there
            raise AttributeError(name)
        return getattr(real_loader(), name)

    stand_in.get_plugins = get_plugins  # type: ignore[attr-defined]
    stand_in.__getattr__ = other  # type: ignore[attr-defined]
    sys.modules[_PLUGIN_LOADER] = stand_in


_no_plugin_scan()

# Importing typer (and, while the arguments are parsed, pydantic) creates some 45,000 objects
# that live as long as the process; the cyclic garbage collector would walk them again and
# again while they are being created. It is paused for the import and, when storylint runs
# as a program, until a command starts its real work (see main() and _resume_gc()).
_gc_was_enabled = gc.isenabled()
gc.disable()
try:
    import typer  # noqa: E402
finally:
    if _gc_was_enabled:
        gc.enable()

from . import __version__  # noqa: E402

app = typer.Typer(
    name="storylint",
    help="Lint agile user stories: INVEST, Quality User Story criteria and Gherkin acceptance criteria.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _choice(enum: type[Enum]):
    """A parser for an Enum option whose error names the option's choices plainly (typer's own
    conversion prefixes it with "Value error,")."""
    names = [e.value for e in enum]

    def parse(value):
        if isinstance(value, enum):
            return value
        try:
            return enum(value)
        except ValueError:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(names)}.") from None

    return {"parser": parse, "metavar": "[" + "|".join(names) + "]"}


class OutputFormat(str, Enum):
    text = "text"
    full = "full"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    github = "github"
    junit = "junit"


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class ColorChoice(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class RulesFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def _source_lines(stdin_name: str, stdin: bytes | None):
    """``path -> lines`` of each file as it was read (standard input from its bytes, not from a
    file of the name it was given), for ``--format full``; each file read once."""
    from functools import lru_cache

    from .readers import source_lines

    @lru_cache(maxsize=None)
    def lines(path: str) -> list[str] | None:
        return source_lines(path, stdin if stdin is not None and path == stdin_name else None)

    return lines


def _err(message: str) -> None:
    _write(sys.stderr, f"storylint: error: {message}\n")


def _shown(text: str) -> str:
    """``text`` from the input (a file name, an input error's message) with its control
    characters escaped, as the text format shows them: a name holding ESC or a line break would
    otherwise drive the terminal or start a fake workflow command (GitHub reads both streams)."""
    from .formatters.text import safe

    return safe(text)


def _first_few(paths: list[str], n: int = 5) -> str:
    """The first ``n`` paths, shown safely, and how many more."""
    return ", ".join(map(_shown, paths[:n])) + (f" and {len(paths) - n} more" if len(paths) > n else "")


def _note(message: str) -> None:
    _write(sys.stderr, f"storylint: {message}\n")


def _write(stream, text: str) -> None:
    """Write text that may hold lone surrogates from untrusted input without crashing."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        stream.buffer.write(text.encode(stream.encoding or "utf-8", "backslashreplace"))


def _write_utf8(stream, text: str) -> None:
    """Write a machine format (JSON, JSONL, SARIF, JUnit XML, workflow commands) in UTF-8
    whatever the stream's encoding: their readers expect UTF-8 (RFC 8259, the XML declaration
    says utf-8, the Actions runner decodes UTF-8). A redirected standard output on Windows, or a
    non-UTF-8 locale, has another encoding: there ``_write`` gave cp1252 bytes and ``\\U0001f389``
    escapes (not JSON), and XML that did not parse. A lone surrogate is written ``\\ud800``, a
    JSON escape."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    buffer = getattr(stream, "buffer", None)
    if encoding in ("utf-8", "utf8") or buffer is None:
        _write(stream, text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8", "backslashreplace"))


def _split(values: Optional[list[str]]) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"storylint {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        Optional[bool], typer.Option("--version", "-V", help="Show the version and exit.", callback=_version_callback, is_eager=True)
    ] = None,
) -> None:
    """storylint: review user stories before backlog refinement."""


def _load_config(config_file: Optional[Path]):
    from .config import ConfigError, discover_config, load_config_file

    try:
        return load_config_file(config_file) if config_file else discover_config()
    except ConfigError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None


def _rules():
    from .registry import RuleError, load_rules

    try:
        return load_rules()
    except RuleError as exc:
        _err(f"invalid rule: {exc}")
        raise typer.Exit(2) from None


def _use_color(choice: str) -> bool:
    """``--color`` wins; then NO_COLOR (any value but empty) turns colour off and FORCE_COLOR
    (any value but empty, "0" or "false") forces it on; else colour on a terminal only."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "").strip().lower() not in ("", "0", "false"):
        return True
    return sys.stdout.isatty()


@app.command()
def lint(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to lint; '-' reads standard input.")] = None,  # type: ignore[assignment]
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.", **_choice(OutputFormat))] = OutputFormat.text,
    select: Annotated[Optional[list[str]], typer.Option(help="Rule codes, prefixes or names to enable (comma-separated; replaces the config's).")] = None,
    extend_select: Annotated[Optional[list[str]], typer.Option("--extend-select", help="Rules to enable on top of the selection.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(help="Rule codes, prefixes or names to disable (comma-separated).")] = None,
    fail_on: Annotated[Optional[Level], typer.Option("--fail-on", **_choice(Level), help="Lowest severity that makes the exit code 1 [default: error, or the config's].")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings are reported (input errors still exit 2).")] = False,
    config_file: Annotated[Optional[Path], typer.Option("--config", help="Configuration file (storylint.toml or pyproject.toml).")] = None,
    statistics: Annotated[bool, typer.Option("--statistics", help="Show counts per rule.")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file instead of standard output.")] = None,
    stdin_format: Annotated[Optional[str], typer.Option("--stdin-format", help="Format of standard input: txt, md, yaml, json, jsonl, feature (default: from --stdin-filename's suffix, else txt).")] = None,
    stdin_filename: Annotated[str, typer.Option("--stdin-filename", help="Name to report for standard input (its suffix picks the format).")] = "-",
    color: Annotated[ColorChoice, typer.Option("--color", **_choice(ColorChoice), help="Colour: auto (on a terminal), always or never.")] = "auto",  # type: ignore[assignment]
    fix: Annotated[bool, typer.Option("--fix", help="Fix mechanical Gherkin findings in .feature and .feature.md files in place (trailing spaces, final newline, indentation, tag spacing, repeated keyword -> And).")] = False,
    force_exclude: Annotated[bool, typer.Option("--force-exclude", help="Apply the configuration's exclude globs to files named on the command line too (for pre-commit).")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the result cache.")] = False,
    gherkin_lintrc: Annotated[Optional[Path], typer.Option("--gherkin-lintrc", help="Switch on the rules of a gherkin-lint configuration file, with its options.")] = None,
) -> None:
    """Lint user stories and report findings."""
    from .outcome import EXIT_ERROR, exit_code

    config = _load_config(config_file)
    updates = {}
    if select:  # as in ruff, a command-line selection starts afresh from the file's
        updates.update(select=_split(select), extend_select=[], ignore=[], extend_ignore=[])
    if extend_select:
        updates["extend_select"] = updates.get("extend_select", config.extend_select) + _split(extend_select)
    if ignore:
        updates["ignore"] = updates.get("ignore", config.ignore) + _split(ignore)
    if fail_on:
        updates["fail_on"] = fail_on.value
    if force_exclude:
        updates["force_exclude"] = True
    if updates:
        config = config.model_copy(update=updates)
    # --- gherkin (issue 3): .gherkin-lintrc import and the result cache
    from .config import ConfigError
    from .gherkin import hooks as gherkin_hooks

    try:
        config, notes = gherkin_hooks.prepare_config(config, str(gherkin_lintrc) if gherkin_lintrc else None)
    except ConfigError as exc:
        # (a file named by the config's gherkin-lintrc key: say which config and key)
        origin = f"{config.path} [gherkin-lintrc]: " if not gherkin_lintrc and config.path and config.gherkin_lintrc else ""
        _err(f"{origin}{exc}")
        raise typer.Exit(EXIT_ERROR) from None
    for note in notes:
        _write(sys.stderr, f"storylint: warning: gherkin-lintrc: {note}\n")
    gherkin_hooks.start_cache(config, enabled=not no_cache)
    # --- end gherkin
    rules = _rules()
    from .config import selector_problems

    given = {"select": _split(select or []), "extend-select": _split(extend_select or []), "ignore": _split(ignore or [])}
    problems = selector_problems(config, rules, given)
    for problem in problems:
        _err(problem)
    if problems:
        raise typer.Exit(EXIT_ERROR)
    from .config import check_rule_options

    problems = check_rule_options(config, rules)
    for problem in problems:
        _err(problem)
    if problems:
        raise typer.Exit(EXIT_ERROR)
    stdin_named = stdin_filename != "-" or stdin_format is not None
    if not paths:  # as ruff: --stdin-filename (or --stdin-format) with no path reads standard input
        paths = ["-"] if stdin_named else ["."]
    elif stdin_named and "-" not in paths:
        _err("--stdin-filename and --stdin-format describe standard input: add '-' to the paths to read it")
        raise typer.Exit(EXIT_ERROR)
    if "-" in paths:
        from .readers import reader_for, suffix_of

        if stdin_format is None:  # as an editor passes it: the file's own name tells the format
            stdin_format = suffix_of(stdin_filename) or "txt"
        if reader_for("." + stdin_format.lstrip(".")) is None:
            _err(f"unknown --stdin-format {stdin_format!r} (use txt, md, yaml, json, jsonl or feature)")
            raise typer.Exit(EXIT_ERROR)
    stdin = sys.stdin.buffer.read() if "-" in paths else None
    fix_failed = False  # (a file --fix could not write, or a crash in it: exit 2, after the lint)
    if fix:  # --- gherkin (issue 3): --fix rewrites .feature files before they are linted
        from .gherkin.fix import FixFailed

        try:
            fixed = gherkin_hooks.run_fix(paths, config)
        except FixFailed as exc:  # (the other files were fixed all the same, and all are linted)
            fixed, fix_failed = exc.changed, True
            for failed_path, why in exc.failures:
                _err(f"cannot fix {_shown(failed_path)}: {why} (left as it was)")
        except Exception as exc:  # noqa: BLE001 - a crash is reported plainly, exit 2
            if os.environ.get("STORYLINT_DEBUG"):
                raise
            _err(f"--fix: internal error: {type(exc).__name__}: {exc} (set STORYLINT_DEBUG=1 for a traceback)")
            fixed, fix_failed = [], True
        for fixed_path, fixes in fixed:
            _note(f"fixed {_shown(fixed_path)}: {', '.join(fixes)}")
        if not fixed and not fix_failed:  # (said, not silent: --fix on a story file or standard input changes nothing)
            _note("--fix: nothing to fix (no fixable finding in a .feature or .feature.md file; story files and standard input are never rewritten)")
    from .runner import lint_paths

    skipped: list[str] = []
    spreadsheets: list[str] = []

    # The collector stays off while the stories are read and reviewed: the reader and the
    # engine allocate hundreds of thousands of small, acyclic objects that all live until the
    # report is written, and switching it on in between would walk every one of them
    # (about a tenth of a large run). The report is then frozen with the start-up objects.
    try:
        report = lint_paths(paths, config, stdin=stdin, stdin_format=stdin_format or "txt", stdin_name=stdin_filename, skipped=skipped, spreadsheets=spreadsheets)
    except Exception as exc:  # noqa: BLE001 - a crash is reported plainly, exit 2
        if os.environ.get("STORYLINT_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set STORYLINT_DEBUG=1 for a traceback)")
        raise typer.Exit(EXIT_ERROR) from None
    finally:
        _resume_gc()
    from .formatters import render_parts

    parts = render_parts(  # written piece by piece as rendered: a large report's text is never held whole
        output_format.value,
        report,
        {r.code: r for r in rules},
        color=_use_color(ColorChoice(color).value) and (output is None or ColorChoice(color).value == "always"),
        statistics=statistics,
        fail_on=config.fail_on,
        source_lines=_source_lines(stdin_filename, stdin) if output_format.value == "full" else None,
    )
    if output:
        try:  # piece by piece: the same file as one write_text of the joined text
            output.parent.mkdir(parents=True, exist_ok=True)
            with output.open("w", encoding="utf-8", errors="backslashreplace") as fh:
                fh.writelines(parts)
        except OSError as exc:
            _err(f"cannot write {output}: {exc.strerror}")
            raise typer.Exit(EXIT_ERROR) from None
    else:
        write = _write if output_format.value in ("text", "full") else _write_utf8
        for part in parts:
            write(sys.stdout, part)
        sys.stdout.flush()
    for e in report.errors:
        _err(_shown(e.describe()))
    if statistics and output_format.value not in ("text", "full") and report.summary.by_code:
        # (a machine format keeps standard output to itself: the counts go to standard error)
        from .formatters.text import statistics_lines

        _write(sys.stderr, "\n".join(statistics_lines(report)) + "\n")
    if not report.reports and not report.errors:
        _note("no stories found in " + ", ".join("standard input" if p == "-" else _shown(p) for p in paths))
    if skipped:
        _note(f"skipped {len(skipped)} file(s) found in folders that hold no stories: {_first_few(skipped)} (name a file to lint it anyway)")
    if spreadsheets:
        _note(
            f"not read: {len(spreadsheets)} spreadsheet file(s) found in folders: {_first_few(spreadsheets)}"
            " (storylint does not read CSV or Excel exports; export the backlog as JSON or YAML)"
        )
    raise typer.Exit(EXIT_ERROR if fix_failed else exit_code(report, config.fail_on, exit_zero))


@app.command("rules")
def rules_cmd(
    output_format: Annotated[RulesFormat, typer.Option("--format", "-f", help="text, json (full metadata) or markdown.", **_choice(RulesFormat))] = RulesFormat.text,
    select: Annotated[Optional[list[str]], typer.Option(help="Only these codes, prefixes or names.")] = None,
) -> None:
    """List all rules."""
    from .registry import select_rules
    from .ruledocs import rules_json, rules_markdown, rules_table

    rules = _rules()
    if select:
        from .registry import unknown_selectors

        bad = unknown_selectors(rules, _split(select))
        if bad:
            _err(f"unknown rule selector(s): {', '.join(bad)} (see `storylint rules`)")
            raise typer.Exit(2)
        rules = select_rules(rules, _split(select), [])
    if output_format == RulesFormat.json:
        sys.stdout.write(rules_json(rules))
    elif output_format == RulesFormat.markdown:
        sys.stdout.write(rules_markdown(rules))
    else:
        sys.stdout.write(rules_table(rules))


@app.command("rule")
def rule_cmd(code: Annotated[str, typer.Argument(help="A rule code (US001) or name (missing-role).")]) -> None:
    """Explain one rule: what it does, why, examples (like `ruff rule`)."""
    from .registry import find_rule, similar_rules

    rules = _rules()
    rule = find_rule(rules, code)
    if rule is None:
        near = similar_rules(rules, code)
        hint = ("; did you mean: " + ", ".join(f"{r.code} ({r.name})" for r in near[:8]) + (" …" if len(near) > 8 else "")) if near else " (see `storylint rules`)"
        _err(f"no rule {code!r}{hint}")
        raise typer.Exit(2)
    sys.stdout.write(rule.doc())


_gc_paused = False
"""True while main() holds the garbage collector off for start-up."""


def _resume_gc() -> None:
    """Start-up is over: put the objects created so far out of the collector's way for good
    (``gc.freeze``) and switch it back on, so a large run collects its own garbage as usual."""
    global _gc_paused
    if _gc_paused:
        _gc_paused = False
        gc.freeze()
        gc.enable()


def main() -> None:
    """Entry point of the ``storylint`` command and of ``python -m storylint``.

    Run as a program (see _started_as_program), it holds the garbage collector off during
    start-up and ends the process without Python's finalisation; called from other code, it
    behaves like any typer app and raises ``SystemExit``.
    """
    global _gc_paused
    as_program = _started_as_program(sys._getframe(1))
    if as_program and gc.isenabled():
        gc.disable()
        _gc_paused = True
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
    except SystemExit as exc:
        if as_program:
            _exit_process(exc)
        raise
    finally:
        _resume_gc()


def _started_as_program(caller) -> bool:
    """Whether main()'s caller is the top of a process started to run storylint: the module
    ``__main__`` run by Python itself (the ``storylint`` script) or by ``python -m storylint``,
    and not, say, by a profiler or coverage tool that still has work to do after it."""
    if caller.f_code.co_name != "<module>" or caller.f_globals.get("__name__") != "__main__":
        return False
    below = caller.f_back
    while below is not None:
        if below.f_globals.get("__name__") != "runpy":
            return False
        below = below.f_back
    return True


def _exit_process(exc: SystemExit) -> None:
    """End the process now, with the exit code of ``exc``, without Python's finalisation.

    Only for storylint run as a program (see _started_as_program). Tearing the interpreter
    down frees every module and object one by one (typer, pydantic, the rules): ≈ 30 ms of a
    one-story run, with nothing to show for it. Everything a user can see is done first:
    standard output and error are flushed and the exit handlers run (they write the result
    cache). Returns, leaving the normal exit to Python, whenever that could differ: a profiler
    or tracer is set, another thread is alive (Python would wait for it), the code is not an
    integer or None, or flushing the output fails (Python reports that and exits 120).
    """
    code = exc.code
    if code is None:
        code = 0
    if not isinstance(code, int) or isinstance(code, bool):
        return
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return  # a profiler, debugger or coverage tool reports when the interpreter ends
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:  # noqa: BLE001 - let Python report it as it always does
        return
    import atexit

    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:  # noqa: BLE001 - what Python does when the final flush fails
        code = 120
    os._exit(code)


@app.command("eval")
def eval_cmd(
    suite: Annotated[Optional[str], typer.Option("--suite", help="rules, gherkin or all [default: all; none when --dataset is given].")] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="table, json or markdown.")] = "table",
    check: Annotated[bool, typer.Option("--check", help="Exit 1 when a rule or criterion falls below the baseline by more than the tolerance.")] = False,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="Baseline file [default: eval/baseline.json].")] = None,
    update_baseline: Annotated[bool, typer.Option("--update-baseline", help="Rewrite the baseline sections measured by this run.")] = False,
    tolerance: Annotated[Optional[float], typer.Option("--tolerance", help="Allowed drop per metric [default: the baseline's, 0.0].")] = None,
    dataset: Annotated[Optional[list[Path]], typer.Option("--dataset", help="An external labelled file (UStAI CSV, QUS examples CSV); repeatable.")] = None,
    dataset_format: Annotated[Optional[str], typer.Option("--dataset-format", help="ustai or qus [default: from the header].")] = None,
    group: Annotated[str, typer.Option("--group", help="UStAI backlogs for set-level rules: abstract-llm, abstract or all.")] = "abstract-llm",
    rows: Annotated[Optional[str], typer.Option("--rows", help="Measure only these data rows of each --dataset: FIRST-LAST or FIRST- (1 = first row after the header).")] = None,
    cases: Annotated[Optional[Path], typer.Option("--cases", help="Case folder holding <suite>/*.yaml [default: eval/cases].")] = None,
    rules_dir: Annotated[Optional[Path], typer.Option("--rules-dir", help="Evaluate the rules in this folder instead of the bundled ones.")] = None,
) -> None:
    """Measure every rule on the labelled eval cases (precision, recall, F1) and guard the baseline."""
    from .evaluation import EvalError
    from .evaluation.api import evaluate
    from .registry import RuleError

    _resume_gc()
    if output_format not in ("table", "json", "markdown"):
        _err(f"unknown format {output_format!r}; use table, json or markdown")
        raise typer.Exit(2)
    chosen = suite if suite is not None else (None if dataset else "all")
    try:
        outcome = evaluate(
            chosen,
            datasets=[(p, dataset_format) for p in dataset or []],
            cases_dir=cases,
            rules_root=str(rules_dir) if rules_dir else None,
            check=check,
            baseline=baseline,
            update_baseline=update_baseline,
            tolerance=tolerance,
            group=group,
            rows=rows,
        )
    except (EvalError, RuleError) as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    sys.stdout.write(outcome.render(output_format))
    if update_baseline:
        sys.stderr.write(f"storylint: baseline updated: {baseline or 'eval/baseline.json'}\n")
    raise typer.Exit(outcome.exit_code)
