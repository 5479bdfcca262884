#!/usr/bin/env python3
"""run.py - the test262 conformance runner (`make test262`); Python 3 standard library only.

Runs test262 tests against an engine that follows the contract in docs/test262.md
(`ENGINE --test262 [--module] [--use-strict] HARNESS... TEST`), judges each run as
test262's INTERPRETING.md says, compares the failures with tests/test262/known-failures.txt
and prints a per-directory summary that ends with the line "N passed, N failed".

Invariants: a test counts once (it passes iff every mode it runs in passes); tests whose
features are excluded, and *_FIXTURE files, are never counted; the exit status is 1 iff a
failing test is missing from the known-failures list (0 after --update-known-failures,
which rewrites the list to exactly the failures of the paths run, keeping other entries).
"""

import argparse
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_ENGINE = os.path.join(REPO, "build", "rondo")
DEFAULT_TEST262 = os.path.join(os.path.dirname(REPO), "shared", "test262")
DEFAULT_KNOWN = os.path.join(REPO, "tests", "test262", "known-failures.txt")
DEFAULT_EXCLUDED = os.path.join(REPO, "tests", "test262", "excluded-features.txt")
DEFAULT_PATHS = ["test/language", "test/built-ins", "test/annexB"]

KNOWN_HEADER = """\
# test262 tests that rondo is known to fail: one path (relative to the test262 root) per
# line, sorted; '#' starts a comment. A failing test listed here does not fail the run.
# Rewrite it with: python3 tools/test262/run.py --update-known-failures [PATH...]
# (see docs/test262.md).
"""

ASYNC_DONE = "Test262:AsyncTestComplete"
ASYNC_FAIL = "Test262:AsyncTestFailure"
UNCAUGHT_RE = re.compile(r"^Uncaught ([^\s:]+)")
OUTPUT_CAP = 64 * 1024  # bytes of stdout/stderr kept per run


# ---------------------------------------------------------------------------------------
# Frontmatter: the YAML subset test262 uses (scalars, | and > blocks, flow and block lists,
# one level of nested mappings, flow mappings, comments).
# ---------------------------------------------------------------------------------------

FRONT_RE = re.compile(r"/\*---(.*?)---\*/", re.S)
KEY_RE = re.compile(r"^([A-Za-z_][\w.-]*)\s*:(?:\s+(.*?))?\s*$")


class FrontmatterError(Exception):
    pass


def _indent(line):
    return len(line) - len(line.lstrip(" \t"))


def _strip_comment(text):
    # Removes a ' #...' comment that is outside quotes.
    quote = None
    for i, c in enumerate(text):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i].rstrip()
    return text


def _unquote(text):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        inner = text[1:-1]
        return inner.replace("''", "'") if text[0] == "'" else inner.replace('\\"', '"')
    return text


def _split_flow(inner):
    # Splits the inside of [..] or {..} at top-level commas, respecting quotes.
    items, cur, quote = [], "", None
    for c in inner:
        if quote:
            cur += c
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
            cur += c
        elif c == ",":
            items.append(cur)
            cur = ""
        else:
            cur += c
    items.append(cur)
    return [i.strip() for i in items if i.strip()]


def _block_scalar(indicator, lines):
    # A '|' (literal) or '>' (folded) block scalar from its more-indented lines.
    body = [l for l in lines]
    while body and not body[-1].strip():
        body.pop()
    nonblank = [l for l in body if l.strip()]
    if not nonblank:
        return ""
    cut = min(_indent(l) for l in nonblank)
    body = [l[cut:] if l.strip() else "" for l in body]
    if indicator.startswith(">"):
        out, para = [], []
        for l in body:
            if l and not l[0].isspace():
                para.append(l)
            else:
                if para:
                    out.append(" ".join(para))
                    para = []
                out.append(l)
        if para:
            out.append(" ".join(para))
        text = "\n".join(out)
    else:
        text = "\n".join(body)
    return text if indicator.endswith("-") else text + "\n"


def _value(rest, lines):
    # The value of one key: `rest` is the text after the colon, `lines` the indented ones below.
    rest = rest or ""
    if rest[:1] and rest[0] in "|>":
        return _block_scalar(rest.strip(), lines)
    text = _strip_comment(rest)
    if text[:1] and text[0] in "[{":
        whole = " ".join([text] + [_strip_comment(l.strip()) for l in lines if l.strip()])
        close = "]" if text[0] == "[" else "}"
        end = whole.rfind(close)
        if end < 0:
            raise FrontmatterError("unterminated flow collection: " + whole[:60])
        items = _split_flow(whole[1:end])
        if close == "]":
            return [_unquote(i) for i in items]
        mapping = {}
        for item in items:
            k, _, v = item.partition(":")
            mapping[_unquote(k)] = _unquote(v)
        return mapping
    nonblank = [l for l in lines if l.strip() and not l.strip().startswith("#")]
    if not text and nonblank:
        if nonblank[0].lstrip().startswith("-"):
            return [_unquote(_strip_comment(l.strip()[1:].strip())) for l in nonblank
                    if l.strip().startswith("-")]
        return _mapping(lines)
    folded = " ".join([text] + [_strip_comment(l.strip()) for l in nonblank])
    return _unquote(folded.strip())


def _mapping(lines):
    # Parses a block mapping whose keys sit at the smallest indentation of `lines`.
    content = [l for l in lines if l.strip() and not l.lstrip().startswith("#")]
    if not content:
        return {}
    base = min(_indent(l) for l in content)
    result, i, n = {}, 0, len(lines)
    while i < n:
        line = lines[i]
        i += 1
        if not line.strip() or line.lstrip().startswith("#") or _indent(line) != base:
            continue
        m = KEY_RE.match(line.strip())
        if not m:
            continue
        child = []
        while i < n:
            l = lines[i]
            s = l.strip()
            if not s or _indent(l) > base or (_indent(l) == base and (s == "-" or s.startswith("- "))):
                child.append(l)
                i += 1
            else:
                break
        result[m.group(1)] = _value(m.group(2), child)
    return result


def parse_frontmatter(source):
    """Returns the metadata dict of a test's source (empty if it has no frontmatter)."""
    m = FRONT_RE.search(source)
    if not m:
        return {}
    return _mapping(m.group(1).replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _as_list(value):
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    return [value]


# ---------------------------------------------------------------------------------------
# Test collection and modes
# ---------------------------------------------------------------------------------------

class Test:
    """One test file: its path relative to the test262 root, metadata and runs."""

    __slots__ = ("rel", "path", "meta", "flags", "negative", "modes", "error")

    def __init__(self, rel, path):
        self.rel, self.path = rel, path
        self.meta, self.flags, self.negative, self.modes, self.error = {}, set(), None, [], None


def resolve_path(root, p):
    """The absolute path a PATH argument names: relative to the test262 root, to its test/
    directory, or to the current directory (in that order); None if none exists."""
    if os.path.isabs(p):
        cands = [p]
    else:
        cands = [os.path.join(root, p), os.path.join(root, "test", p), os.path.abspath(p)]
    for c in cands:
        if os.path.exists(c):
            return os.path.normpath(c)
    return None


def collect_paths(root, paths):
    """Every test file under `paths`, sorted, without *_FIXTURE files; and the missing paths."""
    found, missing = set(), []
    for p in paths:
        full = resolve_path(root, p)
        if full is None:
            missing.append(p)
        elif os.path.isfile(full):
            found.add(full)
        elif os.path.isdir(full):
            for dirpath, dirnames, filenames in os.walk(full):
                dirnames.sort()
                for name in filenames:
                    if name.endswith(".js") and "_FIXTURE" not in name:
                        found.add(os.path.join(dirpath, name))
    return sorted(found), missing


def plan_modes(test, harness_dir):
    """Fills test.modes with (name, engine flags, harness files); sets test.error if bad."""
    flags = test.flags
    if "raw" in flags:
        harness = []
    else:
        names = ["assert.js", "sta.js"]
        if "async" in flags:
            names.append("doneprintHandle.js")
        for inc in _as_list(test.meta.get("includes")):
            if inc not in names:
                names.append(inc)
        harness = [os.path.join(harness_dir, n) for n in names]
        for h in harness:
            if not os.path.isfile(h):
                test.error = "missing harness file " + os.path.relpath(h, os.path.dirname(harness_dir))
    if "module" in flags:
        test.modes = [("module", ["--module"], harness)]
    elif "raw" in flags or "noStrict" in flags:
        test.modes = [("sloppy", [], harness)]
    elif "onlyStrict" in flags:
        test.modes = [("strict", ["--use-strict"], harness)]
    else:
        test.modes = [("sloppy", [], harness), ("strict", ["--use-strict"], harness)]


def load_test(root, path, harness_dir):
    """Reads one test file and plans its runs (errors become test.error, a failure)."""
    test = Test(os.path.relpath(path, root).replace(os.sep, "/"), path)
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            test.meta = parse_frontmatter(f.read())
    except (OSError, FrontmatterError) as e:
        test.error = "cannot read frontmatter: %s" % e
        test.meta = {}
    test.flags = set(_as_list(test.meta.get("flags")))
    neg = test.meta.get("negative")
    if isinstance(neg, dict) and neg.get("type"):
        test.negative = neg
    elif neg:
        test.error = "malformed negative: %r" % (neg,)
    plan_modes(test, harness_dir)
    return test


def read_list(path):
    """Entries of a one-item-per-line file ('#' comments), with each entry's trailing comment."""
    entries = {}
    if not os.path.exists(path):
        return entries
    with open(path, encoding="utf-8") as f:
        for line in f:
            item, _, comment = line.partition("#")
            item = item.strip()
            if item:
                entries[item] = comment.strip()
    return entries


# ---------------------------------------------------------------------------------------
# Running and judging
# ---------------------------------------------------------------------------------------

def _decode(data):
    if len(data) > OUTPUT_CAP:
        data = data[:OUTPUT_CAP]
    return data.decode("utf-8", errors="replace")


LIVE = set()  # engine processes running now, killed if the runner is interrupted
LIVE_LOCK = threading.Lock()
STOPPING = threading.Event()


def kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass


def kill_live():
    """Kills the process group of every running engine (on interrupt)."""
    STOPPING.set()
    with LIVE_LOCK:
        for proc in list(LIVE):
            kill_group(proc)


def run_engine(argv, timeout):
    """Runs one engine process in its own process group; kills the group on timeout.

    Returns (exit status or None on timeout, stdout, stderr, seconds)."""
    start = time.monotonic()
    if STOPPING.is_set():
        return 130, "", "interrupted", 0.0
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as e:
        return 127, "", "cannot start engine: %s" % e, 0.0
    with LIVE_LOCK:
        LIVE.add(proc)
    if STOPPING.is_set():  # interrupted while starting: kill_live may have missed it
        kill_group(proc)
    try:
        out, err = proc.communicate(timeout=timeout)
        status = proc.returncode
    except subprocess.TimeoutExpired:
        kill_group(proc)
        try:
            out, err = proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:  # a grandchild outside the group holds the pipes
            proc.kill()
            proc.wait()
            out, err = b"", b""
        status = None
    finally:
        with LIVE_LOCK:
            LIVE.discard(proc)
    return status, _decode(out), _decode(err), time.monotonic() - start


def _first_line(text):
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return ""


def judge(test, status, stdout, stderr):
    """The verdict of one run: (passed, reason); reason is '' when passed."""
    if status is None:
        return False, "timeout"
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = "signal %d" % -status
        return False, "crash (%s)" % name
    uncaught = None
    for line in stderr.splitlines():
        m = UNCAUGHT_RE.match(line)
        if m:
            uncaught = (m.group(1), line.strip()[:300])
            break
    if test.negative:
        want = test.negative.get("type")
        phase = test.negative.get("phase", "?")
        if status == 0:
            return False, "expected %s (%s phase) but the engine exited 0" % (want, phase)
        if uncaught and uncaught[0] == want:
            return True, ""
        got = uncaught[1] if uncaught else (_first_line(stderr) or "exit status %d, no output" % status)
        return False, "expected %s (%s phase), got: %s" % (want, phase, got)
    if status != 0:
        if uncaught:
            return False, uncaught[1]
        return False, _first_line(stderr) or "exit status %d, no output on stderr" % status
    if "async" in test.flags:
        for line in stdout.splitlines():
            if ASYNC_FAIL in line:
                return False, line.strip()[:300]
        if ASYNC_DONE not in stdout:
            return False, "async test did not print " + ASYNC_DONE
    return True, ""


class Progress:
    """A throttled one-line progress report on stderr."""

    def __init__(self, total, enabled):
        self.total, self.done, self.failed = total, 0, 0
        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        self.start = self.last = time.monotonic()
        self.lock = threading.Lock()

    def step(self, passed):
        with self.lock:
            self.done += 1
            self.failed += 0 if passed else 1
            now = time.monotonic()
            interval = 0.2 if self.tty else 30.0
            if self.enabled and not STOPPING.is_set() and (now - self.last >= interval or self.done == self.total):
                self.last = now
                self._show(now)

    def _show(self, now):
        line = "[%d/%d runs] %d failed, %.0fs" % (self.done, self.total, self.failed, now - self.start)
        if self.tty:
            sys.stderr.write("\r" + line + "\x1b[K")
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def finish(self):
        if self.enabled and self.tty:
            sys.stderr.write("\n")
            sys.stderr.flush()


# ---------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------

def group_of(rel, depth):
    """The summary row of a test: its directory at `depth` levels below test/."""
    parts = rel.split("/")
    if parts and parts[0] == "test":
        parts = parts[1:]
    dirs = parts[:-1]
    return "/".join(dirs[:max(depth, 1)]) or "."


def print_table(rows, out):
    width = max([len("directory"), len("total")] + [len(k) for k in rows])
    out.write("%-*s %9s %9s %7s\n" % (width, "directory", "passed", "total", "%"))
    tp = tt = 0
    for key in sorted(rows):
        p, t = rows[key]
        tp, tt = tp + p, tt + t
        out.write("%-*s %9d %9d %6.1f%%\n" % (width, key, p, t, 100.0 * p / t if t else 0.0))
    out.write("%-*s %9d %9d %6.1f%%\n" % (width, "total", tp, tt, 100.0 * tp / tt if tt else 0.0))


def in_scope(entry, scopes):
    return any(s == "" or entry == s or entry.startswith(s + "/") for s in scopes)


def write_known(path, failing, old, scopes):
    """Rewrites the known-failures file: this run's failures plus old entries outside scopes."""
    header = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    header.append(line.rstrip("\n"))
                else:
                    break
    while header and not header[-1].strip():
        header.pop()
    keep = {e: c for e, c in old.items() if not in_scope(e, scopes)}
    for e in failing:
        keep[e] = old.get(e, "")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(header) + "\n" if header else KNOWN_HEADER)
        for e in sorted(keep):
            f.write(e + ("  # " + keep[e] if keep[e] else "") + "\n")
    os.replace(tmp, path)
    return len(keep)


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Run test262 against an engine (contract: docs/test262.md).")
    ap.add_argument("--engine", default=os.environ.get("TEST262_ENGINE") or DEFAULT_ENGINE,
                    help="engine command, may include arguments (default build/rondo)")
    ap.add_argument("--test262", default=os.environ.get("TEST262") or DEFAULT_TEST262,
                    help="test262 root (default ../shared/test262 or $TEST262)")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                    help="parallel engine processes (default: number of CPUs)")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per run (default 10)")
    ap.add_argument("--known-failures", default=DEFAULT_KNOWN, help="known-failures file")
    ap.add_argument("--excluded-features", default=DEFAULT_EXCLUDED,
                    help="file of features whose tests are not run")
    ap.add_argument("--update-known-failures", action="store_true",
                    help="rewrite the known-failures file to this run's failures")
    ap.add_argument("--summary-depth", type=int, default=2,
                    help="directory depth below test/ of the summary rows (default 2)")
    ap.add_argument("--json", metavar="FILE", help="write every result as JSON")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="also show each failing run's command line and output")
    ap.add_argument("--no-progress", action="store_true", help="no progress line")
    ap.add_argument("paths", nargs="*", metavar="PATH",
                    help="test files or directories relative to the test262 root "
                         "(default: test/language test/built-ins test/annexB)")
    return ap.parse_args(argv)


def _terminate(signum, frame):
    raise KeyboardInterrupt


def load_tests(root, files, excluded_features):
    """Reads the tests to run; returns (tests, excluded count, skipped count)."""
    harness_dir = os.path.join(root, "harness")
    tests, excluded, skipped = [], 0, 0
    for path in files:
        t = load_test(root, path, harness_dir)
        if excluded_features.intersection(_as_list(t.meta.get("features"))):
            excluded += 1
        elif "CanBlockIsFalse" in t.flags:
            skipped += 1  # the engine's main agent can block ([[CanBlock]] is true)
        else:
            tests.append(t)
    return tests, excluded, skipped


def execute(tests, engine, args):
    """Runs every mode of every test in parallel; returns per test the list of run results,
    or None if interrupted (the running engines are killed)."""
    runs = []
    for ti, t in enumerate(tests):
        if t.error:
            continue
        for mi, (_, eflags, harness) in enumerate(t.modes):
            runs.append((ti, mi, engine + ["--test262"] + eflags + harness + [t.path]))
    results = [[None] * len(t.modes) for t in tests]
    for ti, t in enumerate(tests):
        if t.error:
            results[ti] = [{"mode": "-", "passed": False, "reason": t.error, "status": None,
                            "seconds": 0.0}]
    progress = Progress(len(runs), not args.no_progress)

    def work(item):
        ti, mi, cmd = item
        status, out, err, secs = run_engine(cmd, args.timeout)
        ok, reason = judge(tests[ti], status, out, err)
        progress.step(ok)
        return ti, mi, cmd, status, out, err, secs, ok, reason

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs))
    try:
        for ti, mi, cmd, status, out, err, secs, ok, reason in pool.map(work, runs):
            r = {"mode": tests[ti].modes[mi][0], "passed": ok, "reason": reason,
                 "status": status, "seconds": round(secs, 3)}
            if args.verbose and not ok:
                r.update(command=" ".join(shlex.quote(c) for c in cmd),
                         stdout=out[-2000:], stderr=err[-2000:])
            results[ti][mi] = r
    except KeyboardInterrupt:
        kill_live()
        pool.shutdown(wait=False, cancel_futures=True)
        progress.finish()
        sys.stderr.write("run.py: interrupted\n")
        return None, len(runs)
    pool.shutdown()
    progress.finish()
    return results, len(runs)


def report(tests, results, known, args, out):
    """Prints the summary table, unexpected failures and newly passing tests; returns
    (failing paths, unexpected failure paths, newly passing paths, JSON records, rows)."""
    rows, failing, unexpected, newly, records = {}, [], [], [], []
    for t, modes in zip(tests, results):
        ok = all(m["passed"] for m in modes)
        key = group_of(t.rel, args.summary_depth)
        p, n = rows.get(key, (0, 0))
        rows[key] = (p + (1 if ok else 0), n + 1)
        is_known = t.rel in known
        if ok and is_known:
            newly.append(t.rel)
        elif not ok:
            failing.append(t.rel)
            if not is_known:
                unexpected.append(t.rel)
        records.append({"path": t.rel, "passed": ok, "known_failure": is_known, "runs": modes})

    print_table(rows, out)
    if unexpected:
        out.write("\nunexpected failures:\n")
        for t, modes, rec in zip(tests, results, records):
            if rec["passed"] or rec["known_failure"]:
                continue
            for m in modes:
                if m["passed"]:
                    continue
                out.write("  %s [%s] %s\n" % (t.rel, m["mode"], m["reason"]))
                if "command" in m:
                    out.write("    command: %s\n" % m["command"])
                    for label in ("stdout", "stderr"):
                        for line in m[label].splitlines()[-20:]:
                            out.write("    %s| %s\n" % (label, line))
    if newly:
        out.write("\nnewly passing (listed in %s):\n" % os.path.relpath(args.known_failures))
        for rel in newly:
            out.write("  %s\n" % rel)
        out.write("newly passing: %d, update with --update-known-failures\n" % len(newly))
    return failing, unexpected, newly, records, rows


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)  # like ^C: kill the engines, then stop
    root = os.path.abspath(args.test262)
    if not os.path.isdir(os.path.join(root, "test")) or not os.path.isdir(os.path.join(root, "harness")):
        sys.stderr.write("run.py: %s is not a test262 tree (no test/ or harness/)\n" % root)
        return 2
    engine = shlex.split(args.engine)
    if not engine or not (shutil.which(engine[0]) or os.path.isfile(engine[0])):
        sys.stderr.write("run.py: engine not found: %s (build it with make, or pass --engine)\n"
                         % args.engine)
        return 2
    if os.sep in engine[0]:
        engine[0] = os.path.abspath(engine[0])
    paths = args.paths or DEFAULT_PATHS
    files, missing = collect_paths(root, paths)
    if missing:
        sys.stderr.write("run.py: no such test file or directory: %s\n" % ", ".join(missing))
        return 2
    scopes = []  # the paths run, relative to the root, for --update-known-failures
    for p in paths:
        rel = os.path.relpath(resolve_path(root, p), root).replace(os.sep, "/")
        if rel.startswith(".."):
            sys.stderr.write("run.py: %s is outside the test262 root %s\n" % (p, root))
            return 2
        scopes.append("" if rel == "." else rel)
    known = read_list(args.known_failures)

    started = time.monotonic()
    tests, excluded, skipped = load_tests(root, files, set(read_list(args.excluded_features)))
    results, nruns = execute(tests, engine, args)
    if results is None:
        return 130
    elapsed = time.monotonic() - started

    out = sys.stdout
    failing, unexpected, newly, records, rows = report(tests, results, known, args, out)
    if excluded or skipped:
        out.write("\nnot run: %d tests with excluded features, %d CanBlockIsFalse tests\n"
                  % (excluded, skipped))
    if args.update_known_failures:
        n = write_known(args.known_failures, failing, known, scopes)
        out.write("\nwrote %s: %d entries\n" % (args.known_failures, n))
    out.write("\n%d runs in %.1fs with %d jobs\n" % (nruns, elapsed, max(1, args.jobs)))
    out.write("unexpected failures: %d, known failures: %d, newly passing: %d\n"
              % (len(unexpected), len(failing) - len(unexpected), len(newly)))
    out.write("%d passed, %d failed\n" % (len(tests) - len(failing), len(failing)))
    out.flush()

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"engine": args.engine, "test262": root, "paths": paths,
                       "seconds": round(elapsed, 1), "jobs": max(1, args.jobs),
                       "timeout": args.timeout, "passed": len(tests) - len(failing),
                       "failed": len(failing), "unexpected_failures": unexpected,
                       "newly_passing": newly, "excluded": excluded, "skipped": skipped,
                       "summary": {k: {"passed": p, "total": n} for k, (p, n) in sorted(rows.items())},
                       "tests": records}, f, indent=1)
            f.write("\n")
    return 0 if (not unexpected or args.update_known_failures) else 1


if __name__ == "__main__":
    sys.exit(main())
