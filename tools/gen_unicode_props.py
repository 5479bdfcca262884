#!/usr/bin/env python3
"""gen_unicode_props.py - writes src/regexp/unicode_tables.h: the Unicode tables
of the RegExp engine (included only by src/regexp/unicode_props.c, which holds
the lookups), from the Unicode Character Database.

Usage: tools/gen_unicode_props.py [UCD_DIR] > src/regexp/unicode_tables.h
UCD_DIR defaults to /usr/share/unicode (Debian: unicode-data). The output is
committed so that a build needs no Unicode package.

Tables (all sorted by code point, looked up by binary search):
  gc_runs      General_Category: (start << 5 | category), one entry per run,
               covering every code point (Cn where UnicodeData.txt says nothing)
  sc_runs      Script: (start << 8 | script), Zzzz (Unknown) where Scripts.txt
               says nothing
  scx_runs     Script_Extensions where ScriptExtensions.txt lists the code
               point: (start << 11 | set), set 0 = "not listed" (scx = {sc});
               scx_sets lists each set's scripts
  bin_data     the binary properties of ECMA-262's table "Binary Unicode
               property aliases": per range, varint(lo - end of the previous
               range) and varint(hi - lo), 7 bits a byte, low first; every
               BIN_BLOCK-th range starts a block with an entry (lo, byte
               offset) in bin_index (its gap is from lo, so 0); bin_props
               gives each property's first block and range count (0 for
               ASCII, Any and Assigned, which the lookups compute)
  fold_map     simple case folding (CaseFolding.txt, statuses C and S): the
               Canonicalize of unicode mode
  upper_map    Canonicalize of non-unicode mode (toUppercase of one code unit,
               full mappings, kept only when the result is one code unit and
               does not map non-ASCII to ASCII)
  (their targets are fixed points, so the class of k under a map is k and the
  code points mapped to k: closing a character class under case folding is
  two passes over a map)
  The maps are runs (start << 8 | len - 1, delta << 1 | stride == 2): the code
  points start, start + stride, ... (len of them) map to cp + delta.
  emoji_strings  the properties of strings of the v flag (emoji-sequences.txt,
               emoji-zwj-sequences.txt): code point sequences per property,
               sorted and front-coded: a unit (shared << 8 | rest) says how
               many code points the string shares with the previous one of
               the property, then its rest; RGI_Emoji is their union. uint16
               units: u < 0xD800 or u >= 0xE400 is itself, 0xD800 + k is
               0x1F000 + k (k < 0xB00), 0xE300 + k is 0xE0000 + k (tags).
Name tables (sorted by name for bsearch) give the names and aliases ECMA-262
allows (PropertyValueAliases.txt for the values); matching is exact.
"""
import os
import re
import sys

ucd = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
MAXCP = 0x10FFFF


def version():
    with open(os.path.join(ucd, "DerivedCoreProperties.txt"), encoding="utf-8") as f:
        m = re.search(r"-(\d+\.\d+\.\d+)\.txt", f.readline())
    return m.group(1) if m else "unknown"


def data_lines(path):
    with open(os.path.join(ucd, path), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                yield [s.strip() for s in line.split(";")]


def cprange(s):
    if ".." in s:
        a, b = s.split("..")
        return int(a, 16), int(b, 16)
    return int(s, 16), int(s, 16)


# --- General_Category -----------------------------------------------------------------------
gc = ["Cn"] * (MAXCP + 1)
with open(os.path.join(ucd, "UnicodeData.txt"), encoding="utf-8") as f:
    first = None
    for line in f:
        p = line.split(";")
        cp, name, cat = int(p[0], 16), p[1], p[2]
        if name.endswith(", First>"):
            first = cp
            continue
        if name.endswith(", Last>"):
            for x in range(first, cp + 1):
                gc[x] = cat
            continue
        gc[cp] = cat

# value aliases
gc_values = []       # (short, [aliases...])
sc_values = []
for p in data_lines("PropertyValueAliases.txt"):
    if p[0] == "gc":
        gc_values.append(p[1:])
    elif p[0] == "sc":
        sc_values.append(p[1:])
GROUPS = {"C": ["Cc", "Cf", "Cn", "Co", "Cs"], "L": ["Ll", "Lm", "Lo", "Lt", "Lu"],
          "LC": ["Ll", "Lt", "Lu"], "M": ["Mc", "Me", "Mn"], "N": ["Nd", "Nl", "No"],
          "P": ["Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps"], "S": ["Sc", "Sk", "Sm", "So"],
          "Z": ["Zl", "Zp", "Zs"]}
cats = sorted(v[0] for v in gc_values if v[0] not in GROUPS)
assert len(cats) <= 32
cat_index = {c: i for i, c in enumerate(cats)}
gc_names = {}  # name -> mask
for v in gc_values:
    mask = 0
    for c in GROUPS.get(v[0], [v[0]]):
        mask |= 1 << cat_index[c]
    for name in v:
        gc_names[name] = mask

# --- Script, Script_Extensions -----------------------------------------------------------
sc_short = [v[0] for v in sc_values]
sc_long_to_short = {}
for v in sc_values:
    for name in v:
        sc_long_to_short[name] = v[0]
scripts = sorted(sc_short)
sc_index = {s: i for i, s in enumerate(scripts)}
assert len(scripts) < 256
sc = [sc_index["Zzzz"]] * (MAXCP + 1)
for p in data_lines("Scripts.txt"):
    a, b = cprange(p[0])
    for x in range(a, b + 1):
        sc[x] = sc_index[sc_long_to_short[p[1]]]
scx_sets = [()]
scx_set_index = {(): 0}
scx = [0] * (MAXCP + 1)
for p in data_lines("ScriptExtensions.txt"):
    a, b = cprange(p[0])
    s = tuple(sorted(sc_index[sc_long_to_short[n]] for n in p[1].split()))
    if s not in scx_set_index:
        scx_set_index[s] = len(scx_sets)
        scx_sets.append(s)
    for x in range(a, b + 1):
        scx[x] = scx_set_index[s]
assert len(scx_sets) < 2048
sc_names = {}
for v in sc_values:
    for name in v:
        sc_names[name] = sc_index[v[0]]

# --- binary properties --------------------------------------------------------------------
BINARY = [("ASCII", []), ("ASCII_Hex_Digit", ["AHex"]), ("Alphabetic", ["Alpha"]), ("Any", []),
          ("Assigned", []), ("Bidi_Control", ["Bidi_C"]), ("Bidi_Mirrored", ["Bidi_M"]),
          ("Case_Ignorable", ["CI"]), ("Cased", []), ("Changes_When_Casefolded", ["CWCF"]),
          ("Changes_When_Casemapped", ["CWCM"]), ("Changes_When_Lowercased", ["CWL"]),
          ("Changes_When_NFKC_Casefolded", ["CWKCF"]), ("Changes_When_Titlecased", ["CWT"]),
          ("Changes_When_Uppercased", ["CWU"]), ("Dash", []), ("Default_Ignorable_Code_Point", ["DI"]),
          ("Deprecated", ["Dep"]), ("Diacritic", ["Dia"]), ("Emoji", []), ("Emoji_Component", ["EComp"]),
          ("Emoji_Modifier", ["EMod"]), ("Emoji_Modifier_Base", ["EBase"]),
          ("Emoji_Presentation", ["EPres"]), ("Extended_Pictographic", ["ExtPict"]), ("Extender", ["Ext"]),
          ("Grapheme_Base", ["Gr_Base"]), ("Grapheme_Extend", ["Gr_Ext"]), ("Hex_Digit", ["Hex"]),
          ("IDS_Binary_Operator", ["IDSB"]), ("IDS_Trinary_Operator", ["IDST"]), ("ID_Continue", ["IDC"]),
          ("ID_Start", ["IDS"]), ("Ideographic", ["Ideo"]), ("Join_Control", ["Join_C"]),
          ("Logical_Order_Exception", ["LOE"]), ("Lowercase", ["Lower"]), ("Math", []),
          ("Noncharacter_Code_Point", ["NChar"]), ("Pattern_Syntax", ["Pat_Syn"]),
          ("Pattern_White_Space", ["Pat_WS"]), ("Quotation_Mark", ["QMark"]), ("Radical", []),
          ("Regional_Indicator", ["RI"]), ("Sentence_Terminal", ["STerm"]), ("Soft_Dotted", ["SD"]),
          ("Terminal_Punctuation", ["Term"]), ("Unified_Ideograph", ["UIdeo"]), ("Uppercase", ["Upper"]),
          ("Variation_Selector", ["VS"]), ("White_Space", ["space"]), ("XID_Continue", ["XIDC"]),
          ("XID_Start", ["XIDS"])]
bin_sets = {name: set() for name, _ in BINARY}
for path in ("PropList.txt", "DerivedCoreProperties.txt", "emoji/emoji-data.txt",
             "DerivedNormalizationProps.txt", "extracted/DerivedBinaryProperties.txt"):
    for p in data_lines(path):
        if len(p) >= 2 and p[1] in bin_sets and len(p) == 2:
            a, b = cprange(p[0])
            bin_sets[p[1]].update(range(a, b + 1))
bin_sets["ASCII"] = set(range(0x80))
bin_sets["Any"] = set(range(MAXCP + 1))
bin_sets["Assigned"] = {x for x in range(MAXCP + 1) if gc[x] != "Cn"}
for name, _ in BINARY:
    assert bin_sets[name], name
# the short aliases must be PropertyAliases.txt's
aliases_file = {}
for p in data_lines("PropertyAliases.txt"):
    for n in p:
        aliases_file[n] = p
for name, al in BINARY:
    for a in al:
        assert name in aliases_file.get(a, []), (name, a)


def ranges(cps):
    out = []
    for x in sorted(cps):
        if out and out[-1][1] == x - 1:
            out[-1][1] = x
        else:
            out.append([x, x])
    return out


# --- case folding and Canonicalize ----------------------------------------------------------
fold = {}
for p in data_lines("CaseFolding.txt"):
    if p[1] in ("C", "S"):
        fold[int(p[0], 16)] = int(p[2], 16)
simple_upper = {}
with open(os.path.join(ucd, "UnicodeData.txt"), encoding="utf-8") as f:
    for line in f:
        p = line.split(";")
        if p[12]:
            simple_upper[int(p[0], 16)] = int(p[12], 16)
full_upper = {}
for p in data_lines("SpecialCasing.txt"):
    if len(p) > 4 and p[4]:
        continue
    full_upper[int(p[0], 16)] = [int(x, 16) for x in p[3].split()]
upper = {}
for c in range(0x10000):
    u = full_upper.get(c, [simple_upper.get(c, c)])
    if len(u) != 1 or u[0] > 0xFFFF:
        continue
    if c >= 128 and u[0] < 128:
        continue
    if u[0] != c:
        upper[c] = u[0]


# Closing a class under Canonicalize needs each map's targets to be fixed points.
for m in (fold, upper):
    for k in set(m.values()):
        assert m.get(k, k) == k, hex(k)


def runs(m):
    """Encodes a map {cp: value} as runs of constant delta with stride 1 or 2."""
    items = sorted(m.items())
    out = []
    i = 0
    while i < len(items):
        c, v = items[i]
        d = v - c
        best = (1, 1)
        for stride in (1, 2):
            n = 1
            while (i + n < len(items) and n < 256 and items[i + n][0] == c + n * stride
                   and items[i + n][1] - items[i + n][0] == d):
                n += 1
            if n > best[0]:
                best = (n, stride)
        n, stride = best
        out.append((c << 8 | (n - 1), (d << 1) | (stride == 2)))
        i += n
    return out


# --- properties of strings ------------------------------------------------------------------
STRING_PROPS = ["Basic_Emoji", "Emoji_Keycap_Sequence", "RGI_Emoji_Modifier_Sequence",
                "RGI_Emoji_Flag_Sequence", "RGI_Emoji_Tag_Sequence", "RGI_Emoji_ZWJ_Sequence"]
strings = {n: [] for n in STRING_PROPS}
for path in ("emoji/emoji-sequences.txt", "emoji/emoji-zwj-sequences.txt"):
    for p in data_lines(path):
        if p[1] not in strings:
            continue
        if ".." in p[0]:
            a, b = cprange(p[0])
            strings[p[1]].extend([x] for x in range(a, b + 1))
        else:
            strings[p[1]].append([int(x, 16) for x in p[0].split()])


def enc16(cp):
    if 0x1F000 <= cp < 0x1FB00:
        return 0xD800 + cp - 0x1F000
    if 0xE0000 <= cp < 0xE0100:
        return 0xE300 + cp - 0xE0000
    assert cp < 0xD800 or 0xE400 <= cp <= 0xFFFF, hex(cp)
    return cp


# --- output ----------------------------------------------------------------------------------
out = []
w = out.append
w("/*\n * unicode_tables.h - Unicode property tables of the RegExp engine: General_Category,")
w(" * Script, Script_Extensions, the binary properties and properties of strings of")
w(" * ECMA-262, simple case folding and the Canonicalize equivalence classes.")
w(" * GENERATED by tools/gen_unicode_props.py from the Unicode Character Database,")
w(" * Unicode %s; do not edit." % version())
w(" *\n * Invariant: every table is sorted (by code point, names by strcmp) for binary")
w(" * search; see the generator's docstring for the encodings.\n */")
w("#ifndef RONDO_REGEXP_UNICODE_TABLES_H\n#define RONDO_REGEXP_UNICODE_TABLES_H\n")
w("#include <stdint.h>\n")
w('#define UNICODE_TABLES_VERSION "%s"\n' % version())
w("typedef struct UnicodeName {\n  const char *name;\n  uint32_t value;\n} UnicodeName;\n")


def emit_u32(name, vals, per=8):
    w("static const uint32_t %s[%d] = {" % (name, len(vals)))
    for i in range(0, len(vals), per):
        w("  " + " ".join("0x%X," % v for v in vals[i:i + per]))
    w("};")


def run_starts(arr, shift):
    vals = []
    prev = None
    for x in range(MAXCP + 1):
        if arr[x] != prev:
            vals.append(x << shift | arr[x])
            prev = arr[x]
    return vals


emit_u32("gc_runs", run_starts([cat_index[c] for c in gc], 5))
emit_u32("sc_runs", run_starts(sc, 8))
emit_u32("scx_runs", run_starts(scx, 11))
w("/* scx_sets: each set's script count then its scripts; scx_set_at: offsets */")
flat, offs = [], []
for s in scx_sets:
    offs.append(len(flat))
    flat.append(len(s))
    flat.extend(s)
w("static const uint8_t scx_sets[%d] = {" % len(flat))
for i in range(0, len(flat), 24):
    w("  " + " ".join("%d," % v for v in flat[i:i + 24]))
w("};")
w("static const uint16_t scx_set_at[%d] = {" % len(offs))
for i in range(0, len(offs), 16):
    w("  " + " ".join("%d," % v for v in offs[i:i + 16]))
w("};")

def varint(out, v):
    while v >= 0x80:
        out.append(v & 0x7F | 0x80)
        v >>= 7
    out.append(v)


BLOCK = 16
data, index, slices = [], [], []
for name, _ in BINARY:
    at = len(index)
    if name in ("ASCII", "Any", "Assigned"):  # computed by the lookups
        slices.append((at, 0))
        continue
    rs = ranges(bin_sets[name])
    nxt = 0
    for i, (lo, hi) in enumerate(rs):
        if i % BLOCK == 0:
            index.append((lo, len(data)))
            nxt = lo
        varint(data, lo - nxt)
        varint(data, hi - lo)
        nxt = hi + 1
    slices.append((at, len(rs)))
assert len(data) < 1 << 32
w("static const uint8_t bin_data[%d] = {" % len(data))
for i in range(0, len(data), 24):
    w("  " + " ".join("%d," % v for v in data[i:i + 24]))
w("};")
w("static const uint32_t bin_index[%d][2] = {" % len(index))
for i in range(0, len(index), 5):
    w("  " + " ".join("{0x%X, %d}," % e for e in index[i:i + 5]))
w("};")
w("enum { BIN_BLOCK = %d };" % BLOCK)
w("static const struct { uint32_t at, n; } bin_props[%d] = {" % len(BINARY))
for (a, n), (name, _) in zip(slices, BINARY):
    w("  {%d, %d}, /* %s */" % (a, n, name))
w("};")

for name, m in (("fold_map", fold), ("upper_map", upper)):
    rs = runs(m)
    w("static const uint32_t %s[%d][2] = {" % (name, len(rs)))
    for i in range(0, len(rs), 5):
        w("  " + " ".join("{0x%X, 0x%X}," % (a, b & 0xFFFFFFFF) for a, b in rs[i:i + 5]))
    w("};")

# strings: per property, the sequences (length, code points...)
flat, slices = [], []
for n in STRING_PROPS:
    start = len(flat)
    prev = []
    for s in sorted(strings[n]):  # front coding: shared prefix with the previous string
        k = 0
        while k < len(prev) and k < len(s) and prev[k] == s[k]:
            k += 1
        flat.append(k << 8 | (len(s) - k))
        flat.extend(enc16(x) for x in s[k:])
        prev = s
    slices.append((start, len(flat) - start, len(strings[n])))
w("static const uint16_t emoji_strings[%d] = {" % len(flat))
for i in range(0, len(flat), 12):
    w("  " + " ".join("0x%X," % v for v in flat[i:i + 12]))
w("};")
w("static const struct { uint32_t at, n, count; } string_props[%d] = {" % len(STRING_PROPS))
for (a, n, k), name in zip(slices, STRING_PROPS):
    w("  {%d, %d, %d}, /* %s */" % (a, n, k, name))
w("};")


def name_table(cname, pairs):
    pairs = sorted(pairs, key=lambda p: p[0].encode())
    w("static const UnicodeName %s[%d] = {" % (cname, len(pairs)))
    for n, v in pairs:
        w('  {"%s", 0x%X},' % (n, v))
    w("};")


name_table("gc_names", gc_names.items())
name_table("sc_names", sc_names.items())
bin_pairs = []
for i, (name, al) in enumerate(BINARY):
    for n in [name] + al:
        bin_pairs.append((n, i))
for i, n in enumerate(STRING_PROPS + ["RGI_Emoji"]):
    bin_pairs.append((n, 0x100 | i))
name_table("binary_names", bin_pairs)
assert max(len(x) for v in strings.values() for x in v) <= 16
w("enum { CAT_COUNT = %d, CAT_CN = %d, SCRIPT_COUNT = %d, SCRIPT_UNKNOWN = %d, BINARY_COUNT = %d, STRING_PROP_COUNT = %d };"
  % (len(cats), cat_index["Cn"], len(scripts), sc_index["Zzzz"], len(BINARY), len(STRING_PROPS)))
w("\n#endif")
print("\n".join(out))
