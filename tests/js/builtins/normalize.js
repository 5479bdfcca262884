// String.prototype.normalize: the four forms (UAX #15), the default form,
// bad forms, the identity of already-normalized strings, and big inputs.

const hex = (s) => [...s].map((c) => c.codePointAt(0).toString(16)).join(" ");
const samples = ["\u1E9B\u0323", "\u00C5", "\u212B", "A\u030A", "\uAC01", "\u1100\u1161\u11A8", "\uFB01",
  "a\u0301\u0323", "\u0958", "\u2460", "\uD835\uDC00", "e\u0304\u0301", "a\u0305\u0301", "\uD800\u0301\uDC00"];
for (const s of samples)
  print(hex(s), "|", ["NFC", "NFD", "NFKC", "NFKD"].map((f) => hex(s.normalize(f))).join(" | "));
print(hex("\u212B".normalize()), hex("\u212B".normalize(undefined)));
for (const bad of ["nfc", "", "NFC ", null, {}]) {
  try { "x".normalize(bad); print("no throw"); } catch (e) { print(String(bad), e.constructor.name); }
}
try { String.prototype.normalize.call(null); } catch (e) { print("null this", e.constructor.name); }
print(String.prototype.normalize.call(12, "NFKD"), String.prototype.normalize.length);
let calls = 0;
print("café".normalize({ toString() { calls++; return "NFD"; } }).length, calls);
// identity: already-normal strings come back as they are
const ascii = "plain ascii text", latin = "déjà vu";
print(ascii.normalize() === ascii, latin.normalize() === latin, latin.normalize("NFD") === latin);
// big inputs: long runs of combining marks, many Hangul syllables, a max expansion
const marks = "a" + "\u0301\u0316".repeat(50000);
const nfd = marks.normalize("NFD");
print(nfd.length, nfd.charCodeAt(1).toString(16), nfd.charCodeAt(50001).toString(16), nfd.normalize("NFC").length);
const hangul = "\uD55C\uAE00".repeat(100000);
print(hangul.normalize("NFD").length, hangul.normalize("NFD").normalize("NFC") === hangul);
print("\uFDFA".normalize("NFKD").length, "\uFDFA".repeat(10000).normalize("NFKC").length);
try { "\uFDFA".repeat(1 << 26).normalize("NFKD"); print("no throw"); } catch (e) { print("too long", e.constructor.name); }
try { "\uFDFA".repeat(1 << 26).normalize("NFKC"); print("no throw"); } catch (e) { print("too long NFKC", e.constructor.name); }
