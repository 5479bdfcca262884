#!/usr/bin/env python3
"""run_selftest.py - checks tools/test262/run.py against a fake test262 tree and fake engine.

The tree (selftest/tree) holds tests whose comments say how fake_engine.py behaves and what
the runner must conclude (`// expect: pass|fail|excluded|skipped`, `// expect-modes: ...`,
`// expect-reason[MODE]: substring`). Each scenario runs the runner as a subprocess and
checks verdicts, modes, reasons, the summary, exit status and the known-failures workflow.
Invariant: every check counts once; the output ends with "N passed, N failed" and the exit
status is 1 iff a check failed. Temporary files live in one directory removed at the end.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(os.path.dirname(HERE), "run.py")
TREE = os.path.join(HERE, "tree")
ENGINE = "%s %s" % (sys.executable, os.path.join(HERE, "fake_engine.py"))
EXCLUDED = os.path.join(HERE, "excluded-features.txt")
TIMEOUT = "2"

sys.path.insert(0, os.path.dirname(HERE))
import run  # noqa: E402  (the runner as a module, for the frontmatter checks)

passed = 0
failed = 0


def check(name, ok, detail=""):
    """Counts one check; prints failures with their detail."""
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL %s%s" % (name, (": " + detail) if detail else ""))


def expectations():
    """Reads the `// expect...` comments of every test file of the tree."""
    exp = {}
    for dirpath, _, files in os.walk(os.path.join(TREE, "test")):
        for name in files:
            if not name.endswith(".js") or "_FIXTURE" in name:
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, TREE).replace(os.sep, "/")
            e = {"verdict": None, "modes": [], "reasons": {}}
            with open(path, encoding="utf-8") as f:
                for line in f:
                    m = re.match(r"^// expect(?:-(modes|reason)(?:\[(\w+)\])?)?: ?(.*)$", line)
                    if not m:
                        continue
                    if m.group(1) is None:
                        e["verdict"] = m.group(3).strip()
                    elif m.group(1) == "modes":
                        e["modes"] = m.group(3).split()
                    else:
                        e["reasons"][m.group(2)] = m.group(3).strip()
            exp[rel] = e
    return exp


def runner(tmp, *args, known=None):
    """Runs the runner on the fake tree; returns (status, stdout, stderr, json or None)."""
    out_json = os.path.join(tmp, "result.json")
    if os.path.exists(out_json):
        os.remove(out_json)
    cmd = [sys.executable, RUNNER, "--engine", ENGINE, "--test262", TREE, "--jobs", "2",
           "--timeout", TIMEOUT, "--excluded-features", EXCLUDED, "--json", out_json,
           "--known-failures", known or os.path.join(tmp, "known.txt")] + list(args)
    env = dict(os.environ, FAKE_PID_DIR=tmp)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    data = None
    if os.path.exists(out_json):
        with open(out_json, encoding="utf-8") as f:
            data = json.load(f)
    return p.returncode, p.stdout, p.stderr, data


def closing(stdout):
    lines = stdout.rstrip("\n").split("\n")
    return lines[-2:] if len(lines) >= 2 else ["", ""]


def check_frontmatter():
    """The YAML subset parser on forms test262 uses."""
    src = """/*---
esid: sec-x
description: >
  folded over
  two lines
info: |
  literal
    indented

  kept
includes: [a.js, "b.js",
  c.js]
features:
  - x   # comment
  - 'y'
flags: [onlyStrict] # trailing comment
negative:
  phase: parse
  type: SyntaxError
author: plain scalar
  continued
---*/"""
    meta = run.parse_frontmatter(src)
    check("yaml folded", meta.get("description") == "folded over two lines\n", repr(meta.get("description")))
    check("yaml literal", meta.get("info") == "literal\n  indented\n\nkept\n", repr(meta.get("info")))
    check("yaml flow list over lines", meta.get("includes") == ["a.js", "b.js", "c.js"], repr(meta.get("includes")))
    check("yaml block list", meta.get("features") == ["x", "y"], repr(meta.get("features")))
    check("yaml flow list comment", meta.get("flags") == ["onlyStrict"], repr(meta.get("flags")))
    check("yaml nested mapping", meta.get("negative") == {"phase": "parse", "type": "SyntaxError"},
          repr(meta.get("negative")))
    check("yaml plain multi-line", meta.get("author") == "plain scalar continued", repr(meta.get("author")))
    check("yaml flow mapping",
          run.parse_frontmatter("/*---\nnegative: {phase: runtime, type: TypeError}\n---*/")
          .get("negative") == {"phase": "runtime", "type": "TypeError"})
    check("yaml empty block", run.parse_frontmatter("/*---\ndescription: |\nflags: [raw]\n---*/")
          == {"description": "", "flags": ["raw"]})
    check("yaml no frontmatter", run.parse_frontmatter("var x;") == {})


def check_full_run(tmp, exp):
    """Scenario 1: every test, empty known-failures list."""
    status, out, err, data = runner(tmp)
    check("full run exits 1 (unexpected failures)", status == 1, "status %d\n%s" % (status, err))
    if data is None:
        check("full run wrote JSON", False, out + err)
        return None
    results = {t["path"]: t for t in data["tests"]}
    counted = {p: e for p, e in exp.items() if e["verdict"] in ("pass", "fail")}
    for rel, e in sorted(exp.items()):
        t = results.get(rel)
        if e["verdict"] in ("excluded", "skipped"):
            check("%s not run" % rel, t is None)
            continue
        if t is None:
            check("%s was run" % rel, False)
            continue
        check("%s verdict" % rel, t["passed"] == (e["verdict"] == "pass"),
              "got %s: %s" % ("pass" if t["passed"] else "fail", t["runs"]))
        modes = [r["mode"] for r in t["runs"]]
        check("%s modes" % rel, modes == e["modes"], "got %s, expected %s" % (modes, e["modes"]))
        for mode, want in e["reasons"].items():
            got = [r["reason"] for r in t["runs"] if r["mode"] == mode]
            check("%s reason [%s]" % (rel, mode), bool(got) and want in got[0],
                  "got %r, expected it to contain %r" % (got, want))
    check("no _FIXTURE or non-.js file run",
          not any("_FIXTURE" in p or not p.endswith(".js") for p in results))
    check("excluded and skipped counted", data.get("excluded") == 1 and data.get("skipped") == 1,
          "excluded %s skipped %s" % (data.get("excluded"), data.get("skipped")))
    n_pass = sum(1 for e in counted.values() if e["verdict"] == "pass")
    n_fail = len(counted) - n_pass
    check("closing line", closing(out)[1] == "%d passed, %d failed" % (n_pass, n_fail), closing(out)[1])
    check("counts line", closing(out)[0] ==
          "unexpected failures: %d, known failures: 0, newly passing: 0" % n_fail, closing(out)[0])
    # The summary table at depth 2.
    rows = dict(re.findall(r"^(\S+)\s+(\d+\s+\d+)\s+[\d.]+%$", out, re.M))
    want = {}
    for rel, e in counted.items():
        key = run.group_of(rel, 2)
        p, n = want.get(key, (0, 0))
        want[key] = (p + (e["verdict"] == "pass"), n + 1)
    for key, (p, n) in want.items():
        got = rows.get(key, "").split()
        check("summary row %s" % key, got == [str(p), str(n)], "got %s, expected %d %d" % (got, p, n))
    check("summary rows are the depth-2 directories",
          set(rows) == set(want) | {"total"}, "rows %s" % sorted(rows))
    check("summary total", rows.get("total", "").split() == [str(n_pass), str(len(counted))])
    # Each unexpected failure is listed with its failing mode.
    listed = re.findall(r"^  (test/\S+) \[(\w+)\] (.*)$", out, re.M)
    want_listed = sorted((rel, r["mode"]) for rel, t in results.items() if not t["passed"]
                         for r in t["runs"] if not r["passed"])
    check("unexpected failures listed per failing mode",
          sorted((p, m) for p, m, _ in listed) == want_listed, "%s" % listed)
    check("progress goes to stderr, not stdout", "runs]" not in out and "runs]" in err)
    # The timeout killed the engine's whole process group (its child `sleep`).
    pidfile = os.path.join(tmp, "timeout.js.pid")
    alive = False
    if os.path.exists(pidfile):
        with open(pidfile) as f:
            pid = int(f.read())
        time.sleep(0.2)
        try:
            with open("/proc/%d/stat" % pid) as f:
                alive = f.read().split(")")[-1].split()[0] != "Z"
        except OSError:
            alive = False
    check("timeout kills the process group", os.path.exists(pidfile) and not alive)
    return sorted(rel for rel, t in results.items() if not t["passed"])


def check_known_failures(tmp, failing):
    """Scenarios 2-5: --update-known-failures, a clean rerun, newly passing, scoped updates."""
    known = os.path.join(tmp, "known.txt")
    status, out, _, _ = runner(tmp, "--update-known-failures")
    check("update exits 0", status == 0, out[-500:])
    with open(known, encoding="utf-8") as f:
        text = f.read()
    entries = [l for l in text.splitlines() if l and not l.startswith("#")]
    check("update writes exactly the failures, sorted", entries == failing, "%s" % entries)
    check("update writes a comment header", text.startswith("#"))

    status, out, _, _ = runner(tmp)
    check("rerun with the list exits 0", status == 0, out[-800:])
    check("rerun counts line", closing(out)[0] ==
          "unexpected failures: 0, known failures: %d, newly passing: 0" % len(failing), closing(out)[0])
    check("rerun lists no unexpected failures", "unexpected failures:\n" not in out)

    # Newly passing entries are reported but do not fail the run.
    with open(known, "a", encoding="utf-8") as f:
        f.write("test/built-ins/Foo/pass.js  # fixed since\n")
        f.write("test/built-ins/Foo/deleted.js\n")
    status, out, _, _ = runner(tmp, "test/built-ins")
    check("newly passing does not fail the run", status == 0, out[-800:])
    check("newly passing reported", "newly passing: 1, update with --update-known-failures" in out
          and "  test/built-ins/Foo/pass.js" in out, out[-800:])

    # A scoped update keeps entries outside the paths run and drops stale ones inside.
    status, out, _, _ = runner(tmp, "--update-known-failures", "test/built-ins")
    with open(known, encoding="utf-8") as f:
        entries = [l.split("#")[0].strip() for l in f if l.strip() and not l.startswith("#")]
    check("scoped update keeps entries outside its paths", entries == failing, "%s" % entries)

    # A test missing from the list fails the run again.
    with open(known, "w", encoding="utf-8") as f:
        f.write("# hand-written\n" + "\n".join(e for e in failing if "Foo/fails" not in e) + "\n")
    status, out, _, _ = runner(tmp, "test/built-ins/Foo")
    check("an unlisted failure fails the run", status == 1 and
          "unexpected failures: 1, known failures: 0, newly passing: 0" in out, out[-800:])
    check("unlisted failure named", re.search(r"^  test/built-ins/Foo/fails.js \[sloppy\] Uncaught "
                                              r"TypeError: not a function$", out, re.M) is not None)


def check_options(tmp):
    """Scenario 6: single-file paths, summary depth, bad arguments."""
    status, out, _, data = runner(tmp, "test/language/fail-strict-only.js",
                                  known=os.path.join(tmp, "none.txt"))
    check("single file path", status == 1 and closing(out)[1] == "0 passed, 1 failed", out[-400:])
    status, out, _, _ = runner(tmp, "language/only-strict.js", "language/sub",
                               known=os.path.join(tmp, "none.txt"))
    check("paths relative to test/", status == 0 and closing(out)[1] == "2 passed, 0 failed",
          out[-400:])
    status, out, _, _ = runner(tmp, "--summary-depth", "1", "test/built-ins", "test/annexB",
                               known=os.path.join(tmp, "none.txt"))
    rows = dict(re.findall(r"^(\S+)\s+(\d+\s+\d+)\s+[\d.]+%$", out, re.M))
    check("summary depth 1", rows.get("built-ins", "").split() == ["2", "3"]
          and rows.get("annexB", "").split() == ["1", "1"], "%s" % rows)
    status, _, err, _ = runner(tmp, "test/no-such-dir")
    check("missing path exits 2", status == 2 and "no such test" in err, err)
    p = subprocess.run([sys.executable, RUNNER, "--engine", "/no/such/engine", "--test262", TREE],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    check("missing engine exits 2", p.returncode == 2 and "engine not found" in p.stderr, p.stderr)


def main():
    tmp = tempfile.mkdtemp(prefix="test262-selftest-")
    try:
        check_frontmatter()
        failing = check_full_run(tmp, expectations())
        if failing is not None:
            check_known_failures(tmp, failing)
        check_options(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
