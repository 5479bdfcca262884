#!/usr/bin/env python3
"""fake_engine.py - a stand-in engine for the runner's self-test; it runs no JavaScript.

`fake_engine.py --test262 [--module] [--use-strict] HARNESS... TEST` checks that the runner
kept the engine contract (docs/test262.md), then acts as the test's comment directives say:
    // expect-harness: a.js b.js     harness files the runner must pass, in order
                                     (default: assert.js sta.js)
    // fake: ACTION                  in every mode;  // fake[sloppy|strict|module]: ACTION
ACTIONS: throw NAME: MESSAGE | print TEXT | stderr TEXT | exit N | sleep SECONDS | crash |
spawn-sleeper (a child `sleep 60` whose pid goes to $FAKE_PID_DIR/<test>.pid).
Invariant: a contract violation prints "Uncaught ContractViolation: ..." and exits 1, so the
self-test sees it as a wrong verdict; otherwise it exits 0 unless an action says not to.
"""

import os
import re
import signal
import subprocess
import sys
import time

DIRECTIVE = re.compile(r"^\s*//\s*(fake|expect-harness)(?:\[(\w+)\])?:(.*)$")


def violation(msg):
    sys.stderr.write("Uncaught ContractViolation: %s\n" % msg)
    sys.exit(1)


def main(argv):
    if not argv or argv[0] != "--test262":
        violation("first argument is not --test262: %r" % argv[:1])
    args = argv[1:]
    opts = []
    while args and args[0].startswith("--"):
        opts.append(args.pop(0))
    if any(o not in ("--module", "--use-strict") for o in opts) or len(set(opts)) != len(opts):
        violation("bad options %r" % opts)
    if "--module" in opts and "--use-strict" in opts:
        violation("--module and --use-strict together")
    if not args:
        violation("no test file")
    test, harness = args[-1], args[:-1]
    if not os.path.isfile(test) or "_FIXTURE" in os.path.basename(test):
        violation("bad test path %s" % test)
    if os.sep + "test" + os.sep not in test:
        violation("test path is not the real path inside test/: %s" % test)
    mode = "module" if "--module" in opts else ("strict" if "--use-strict" in opts else "sloppy")

    with open(test, encoding="utf-8") as f:
        source = f.read()
    expect_harness = ["assert.js", "sta.js"]
    actions = []
    for line in source.splitlines():
        m = DIRECTIVE.match(line)
        if not m:
            continue
        kind, which, text = m.group(1), m.group(2), m.group(3).strip()
        if kind == "expect-harness":
            expect_harness = text.split()
        elif which is None or which == mode:
            actions.append(text)
    got = [os.path.basename(h) for h in harness]
    if got != expect_harness:
        violation("harness %s, expected %s" % (" ".join(got), " ".join(expect_harness)))
    for h in harness:
        if not os.path.isfile(h) or os.path.basename(os.path.dirname(h)) != "harness":
            violation("harness file %s is not in harness/" % h)

    for action in actions:
        verb, _, rest = action.partition(" ")
        if verb == "throw":
            sys.stderr.write("Uncaught %s\n" % rest)
            sys.exit(1)
        elif verb == "print":
            print(rest, flush=True)
        elif verb == "stderr":
            sys.stderr.write(rest + "\n")
        elif verb == "exit":
            sys.exit(int(rest))
        elif verb == "sleep":
            time.sleep(float(rest))
        elif verb == "crash":
            sys.stdout.flush()
            os.kill(os.getpid(), signal.SIGSEGV)
        elif verb == "spawn-sleeper":
            child = subprocess.Popen(["sleep", "60"])
            piddir = os.environ.get("FAKE_PID_DIR")
            if piddir:
                with open(os.path.join(piddir, os.path.basename(test) + ".pid"), "w") as f:
                    f.write(str(child.pid))
        else:
            violation("unknown fake action %r" % action)
    sys.exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
