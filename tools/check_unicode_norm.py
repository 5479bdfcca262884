#!/usr/bin/env python3
"""check_unicode_norm.py - checks String.prototype.normalize against the
Unicode conformance test NormalizationTest.txt (UAX #15): every line of every
part (the invariants of the file's header for NFC, NFD, NFKC and NFKD), and
that every code point not listed in part 1 is left unchanged by all forms.

Usage: tools/check_unicode_norm.py [ENGINE [UCD_DIR]]
ENGINE defaults to build/rondo, UCD_DIR to /usr/share/unicode (Debian:
unicode-data; NormalizationTest.txt.bz2 or .txt). Not run by `make test` or
CI, which have no unicode-data. Prints the failing lines (at most 50) and
ends with "N lines passed, N failed"; exits 1 on a failure.
"""
import bz2
import os
import subprocess
import sys
import tempfile

engine = sys.argv[1] if len(sys.argv) > 1 else "build/rondo"
ucd = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/unicode"
path = os.path.join(ucd, "NormalizationTest.txt")
data = bz2.open(path + ".bz2", "rt", encoding="utf-8").read() if os.path.exists(path + ".bz2") else open(path, encoding="utf-8").read()


def js(seq):
    """A JS string literal of a space-separated list of hex code points."""
    return '"' + "".join(f"\\u{{{x}}}" for x in seq.split()) + '"'


rows, part1, part = [], [], None
for n, line in enumerate(data.splitlines(), 1):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    if line.startswith("@"):
        part = line
        continue
    cols = line.split(";")[:5]
    rows.append(f"[{n},{','.join(js(c) for c in cols)}]")
    if part == "@Part1":
        part1.append(str(int(cols[0], 16)))

script = """
const rows = [%s];
const part1 = new Set([%s]);
let passed = 0, failed = 0, reported = 0;
const forms = ["NFC", "NFD", "NFKC", "NFKD"];
const hex = (s) => [...s].map((c) => c.codePointAt(0).toString(16).toUpperCase()).join(" ");
function fail(msg) { if (reported++ < 50) print("FAIL " + msg); }
for (const [line, c1, c2, c3, c4, c5] of rows) {
  const c = [c1, c2, c3, c4, c5];
  const want = {NFC: [c2, c2, c2, c4, c4], NFD: [c3, c3, c3, c5, c5], NFKC: [c4, c4, c4, c4, c4], NFKD: [c5, c5, c5, c5, c5]};
  let ok = true;
  for (const f of forms)
    for (let i = 0; i < 5; i++) {
      const got = c[i].normalize(f);
      if (got !== want[f][i]) { ok = false; fail(`line ${line}: ${f}(c${i + 1}) = ${hex(got)}, want ${hex(want[f][i])}`); }
    }
  ok ? passed++ : failed++;
}
let rest = 0;
for (let cp = 0; cp <= 0x10FFFF; cp++) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || part1.has(cp)) continue;
  const s = String.fromCodePoint(cp);
  for (const f of forms) if (s.normalize(f) !== s) { rest++; fail(`code point ${hex(s)} changed by ${f}`); }
}
print(`${passed} lines passed, ${failed} failed; code points outside part 1 changed: ${rest}`);
""" % (",\n".join(rows), ",".join(part1))

with tempfile.NamedTemporaryFile("w", suffix=".js", delete=False) as f:
    f.write(script)
try:
    r = subprocess.run(engine.split() + [f.name], capture_output=True, text=True)
finally:
    os.unlink(f.name)
sys.stdout.write(r.stdout + r.stderr)
last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
sys.exit(0 if r.returncode == 0 and " 0 failed" in last and last.endswith(": 0") else 1)
