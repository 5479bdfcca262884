#!/usr/bin/env python3
"""bench/run.py - runs the JavaScript benchmarks in several engines and prints
one table: a row per benchmark (the Octane members found in --octane, then the
micro-benchmarks of bench/micro), a column per engine (scores, higher is
better), and a ratio column per engine against the baseline engine.

Engines: rondo's tiers (the TIERS table below: add a row when a tier lands),
and, when --node PATH is given, node's NODE_TIERS. Each benchmark file runs in
a process of its own with a timeout, so a benchmark that fails (a missing
built-in, a crash, a timeout) is marked FAILED in the table and the run goes
on; the reasons are listed under the table.

Not part of `make test`; run it with `make bench-js` (or `make bench`).
Usage: python3 bench/run.py [--rondo build/rondo] [--node /usr/bin/node]
           [--octane ../shared/bench/octane] [--baseline NAME] [--only NAME,...]
           [--no-octane] [--no-micro] [--micro-ms 1000] [--timeout 600]
"""
import argparse
import math
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# rondo's tiers: (column name, extra flags).
TIERS = [
    ("rondo", []),                    # the default: interpreter + optimizing tier
    ("rondo-jitless", ["--jitless"]), # the interpreter alone
]

# node's tiers, run when --node is given.
NODE_TIERS = [
    ("node", []),
    ("node-jitless", ["--jitless"]),
]

# Octane members made of several files (loaded in this order); any other
# *.js file of the Octane directory but base.js is one member on its own.
OCTANE_GROUPS = {
    "gbemu": ["gbemu-part1", "gbemu-part2"],
    "zlib": ["zlib", "zlib-data"],
    "typescript": ["typescript", "typescript-input", "typescript-compiler"],
}

# What a shell without load() and print() needs (node runs scripts with vm).
# The code given to -e sets its globals through globalThis: node -e does not
# always run it as a global-scope script (e.g. when it mentions "crypto").
NODE_PRELUDE = (
    "var __vm = require('vm'), __fs = require('fs');"
    "globalThis.print = function () { console.log(Array.prototype.join.call(arguments, ' ')); };"
    "globalThis.load = function (f) { __vm.runInThisContext(__fs.readFileSync(f, 'utf8'), {filename: f}); };"
)

RESULT_LINE = re.compile(r"^([A-Za-z][\w.-]*): (.*)$")


class Engine:
    def __init__(self, name, path, flags, kind):
        self.name, self.path, self.flags, self.kind = name, path, flags, kind

    def command(self, code):
        if self.kind == "node":
            code = NODE_PRELUDE + code
        return [self.path] + self.flags + ["-e", code]


def js_string(s):
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def octane_members(octane_dir):
    """[(member name, [file stems])] of the Octane directory, sorted."""
    stems = sorted(f[:-3] for f in os.listdir(octane_dir) if f.endswith(".js") and f != "base.js")
    grouped = {s for files in OCTANE_GROUPS.values() for s in files}
    members = [(g, files) for g, files in OCTANE_GROUPS.items() if all(f in stems for f in files)]
    members += [(s, [s]) for s in stems if s not in grouped]
    return sorted(members)


def run_one(engine, code, timeout):
    """(list of (row, score or None), failure reason or None)."""
    try:
        p = subprocess.run(engine.command(code), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, cwd=os.path.dirname(HERE))
    except subprocess.TimeoutExpired:
        return [], "timed out after %gs" % timeout
    except OSError as e:
        return [], str(e)
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    rows, failure = [], None
    for line in out.splitlines():
        m = RESULT_LINE.match(line.strip())
        if not m or m.group(1) == "Score":
            continue
        value = m.group(2).strip()
        try:
            rows.append((m.group(1), float(value)))
        except ValueError:
            rows.append((m.group(1), None))
            failure = failure or "%s: %s" % (m.group(1), value)
    if p.returncode != 0:
        lines = [l.strip() for l in (err.strip() or out.strip()).splitlines() if l.strip()]
        errors = [l for l in lines if re.match(r"^(Uncaught )?\w*Error\b", l)]
        reason = errors[0] if errors else lines[-1] if lines else "no output"
        failure = failure or ("exit status %d: %s" % (p.returncode, reason))
    elif not rows:
        failure = failure or "no result line"
    return rows, failure


def fmt_score(v):
    if v is None:
        return "FAILED"
    return "%.0f" % v if v >= 100 else "%.3g" % v


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def main():
    ap = argparse.ArgumentParser(description="run the JavaScript benchmarks in several engines")
    ap.add_argument("--rondo", default="build/rondo", help="rondo binary (default build/rondo)")
    ap.add_argument("--node", help="node binary: adds the columns of NODE_TIERS")
    ap.add_argument("--octane", default="../shared/bench/octane", help="Octane directory")
    ap.add_argument("--baseline", help="engine column the ratios compare against (default: the first)")
    ap.add_argument("--only", help="comma-separated benchmark files or members to run (e.g. richards,calls)")
    ap.add_argument("--no-octane", action="store_true")
    ap.add_argument("--no-micro", action="store_true")
    ap.add_argument("--micro-ms", type=int, default=1000, help="minimum timed milliseconds per micro-benchmark")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per benchmark file and engine")
    args = ap.parse_args()

    engines = [Engine(n, os.path.abspath(args.rondo), f, "shell") for n, f in TIERS]
    if args.node:
        engines += [Engine(n, args.node, f, "node") for n, f in NODE_TIERS]
    baseline = args.baseline or engines[0].name
    if baseline not in [e.name for e in engines]:
        sys.exit("run.py: unknown baseline %s (engines: %s)" % (baseline, ", ".join(e.name for e in engines)))
    only = set(args.only.split(",")) if args.only else None

    # Jobs: (group, member name, code to run).
    jobs = []
    if not args.no_octane:
        octane = os.path.abspath(args.octane)
        if not os.path.isfile(os.path.join(octane, "base.js")):
            print("run.py: no Octane in %s (use --octane DIR); skipping it" % octane, file=sys.stderr)
        else:
            runner = os.path.join(HERE, "octane_run.js")
            for name, files in octane_members(octane):
                if only and name not in only:
                    continue
                code = "globalThis.OCTANE_DIR = %s; globalThis.OCTANE_BENCHMARKS = [%s]; load(%s);" % (
                    js_string(octane), ", ".join(js_string(f) for f in files), js_string(runner))
                jobs.append(("Octane", name, code))
    if not args.no_micro:
        micro = os.path.join(HERE, "micro")
        for f in sorted(os.listdir(micro)):
            if not f.endswith(".js") or f == "harness.js" or (only and f[:-3] not in only):
                continue
            code = "globalThis.MICRO_MIN_MS = %d; load(%s); load(%s);" % (
                args.micro_ms, js_string(os.path.join(micro, "harness.js")), js_string(os.path.join(micro, f)))
            jobs.append(("micro", f[:-3], code))

    # rows: [(group, row name)] in order; scores[(row, engine)] = score or None.
    rows, scores, failures = [], {}, []
    for group, member, code in jobs:
        member_rows, silent = [], []   # rows the member printed; engines that printed none
        for e in engines:
            print("running %s in %s..." % (member, e.name), file=sys.stderr, flush=True)
            got, failure = run_one(e, code, args.timeout)
            for row, score in got:
                if row not in member_rows:
                    member_rows.append(row)
                scores[(row, e.name)] = score
            if failure:
                failures.append("%s in %s: %s" % (member, e.name, failure))
            if not got:
                silent.append(e.name)
        # An engine that printed nothing failed on every row of the member
        # (the member's own name is the row when no engine printed any).
        member_rows = member_rows or [member]
        for row in member_rows:
            rows.append((group, row))
            for name in silent:
                scores[(row, name)] = None

    others = [e.name for e in engines if e.name != baseline]
    header = ["benchmark"] + [e.name for e in engines] + ["%s/%s" % (o, baseline) for o in others]
    table = []

    def ratio(row, other):
        a, b = scores.get((row, other)), scores.get((row, baseline))
        return "%.2f" % (a / b) if a and b else "-"

    for group in ("Octane", "micro"):
        group_rows = [r for g, r in rows if g == group]
        if not group_rows:
            continue
        for r in group_rows:
            table.append([r] + [fmt_score(scores.get((r, e.name))) if (r, e.name) in scores else "-"
                                for e in engines] + [ratio(r, o) for o in others])
        # Geometric mean over the rows every engine scored.
        complete = [r for r in group_rows if all(scores.get((r, e.name)) for e in engines)]
        if complete:
            means = {e.name: geomean([scores[(r, e.name)] for r in complete]) for e in engines}
            table.append(["%s geomean (%d)" % (group, len(complete))] +
                         [fmt_score(means[e.name]) for e in engines] +
                         ["%.2f" % (means[o] / means[baseline]) for o in others])
        table.append(None)
    widths = [max(len(str(c)) for c in col) for col in zip(header, *[t for t in table if t])]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths)))
    print(line)
    print("-" * len(line))
    for t in table:
        if t is None:
            continue
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(t, widths))))
    print("\nscores: higher is better (Octane points; micro: operations per ms)")
    if failures:
        print("failed:")
        for f in failures:
            print("  " + f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
