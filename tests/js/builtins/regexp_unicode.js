// RegExp and Unicode: \p{..} / \P{..} property escapes (General_Category,
// Script, Script_Extensions, binary properties, properties of strings), case
// folding under u/v with i, the v flag (set operations, nested classes,
// \q{..} strings), RegExp.escape; hostile patterns give SyntaxErrors.
function syntax(p, f) {
  try { new RegExp(p, f); return "ok"; } catch (e) { return e.name; }
}
// property escapes
print(/\p{Lu}/u.test("A"), /\p{Lu}/u.test("a"), /\P{Lu}/u.test("a"), /^\p{Script=Greek}+$/u.test("αβγ"));
print(/\p{gc=Nd}/u.test("\u0663"), /\p{General_Category=Decimal_Number}/u.test("x"), /\p{N}/u.test("\u00BD"));
print(/\p{scx=Hira}/u.test("\u30FC"), /\p{sc=Hira}/u.test("\u30FC"), /\p{Any}/u.test("\u{10FFFF}"));
print(/[\p{L}\d]+/u.exec("§ab12c!")[0], /\p{Emoji_Presentation}/u.test("\u{1F600}"), /\p{ASCII_Hex_Digit}+/u.exec("xyzC0FFEEz")[0]);
print(/\p{L}/.test("p{L}"), /[\p{L}]/.test("{"));
print(["\\p{ascii}", "\\p{ASCII}", "\\p{Script}", "\\p{Latin}", "\\p{sc=latin}", "\\p{Script=Latn}", "\\p{IsLatin}",
       "\\p{gc=}", "\\p{=Lu}", "\\p{Lu", "\\p{", "\\p", "\\P{Any}", "[\\p{L}-z]", "\\p{RGI_Emoji}"].map(p => syntax(p, "u")).join());
// case folding
print(/\u212A/i.test("k"), /\u212A/ui.test("k"), /[\u212A]/i.test("k"), /[^k]/i.test("K"), /\W/ui.test("S"), /\w/ui.test("\u017F"));
print(/[\u1F80]/i.test("\u1F88"), /\u00DF/ui.test("\u1E9E"), /[a-z]/ui.test("\u212A"), /[\u0391-\u03A9]+/i.exec("αβγ")[0]);
print(/\p{Lowercase}/ui.test("A"), /\P{Lowercase}/ui.test("a"), /\b/ui.test("\u017F"), /\b/i.test("\u017F"));
// the v flag
print(/[\p{L}--[a-z]]/v.test("a"), /[\p{L}--[a-z]]/v.test("A"), /[\w&&\d]/v.test("a"), /[\w&&\d]/v.test("5"));
print(/^[\q{abc|d}x]+$/v.test("abcdxabc"), /[\q{abc|ab}]/v.exec("abc")[0], /[[a-z]--[aeiou]]+/v.exec("hello")[0]);
print(/^\p{RGI_Emoji}$/v.test("\u{1F468}\u200D\u2764\uFE0F\u200D\u{1F468}"), /^\p{RGI_Emoji_Flag_Sequence}$/v.test("\u{1F1FA}\u{1F1F8}"));
print(/\p{Emoji_Keycap_Sequence}/v.exec("ab#\uFE0F\u20E3")[0].length, /(?<=[\q{xy}])z/v.test("xyz"), /[\q{}]/v.exec("x")[0] === "");
print(/[^\q{a}]/v.test("b"), /\P{Lowercase}/vi.test("a"), /[^\P{Lowercase}]/vi.test("A"), /[\p{Lu}&&[A-C]]/vi.test("b"));
print(/[[a-c]&&b]/v.source, /x/dgimsvy.flags, /x/v.unicodeSets, /x/u.unicodeSets, RegExp("\\u{1F600}", "v").test("\u{1F600}"));
print(["[a&&&b]", "[a--]", "[(]", "[a-z&&b]", "[^\\p{RGI_Emoji}]", "\\P{RGI_Emoji}", "[a&&b--c]", "[&&a]", "[a!!b]",
       "[", "[[a]", "\\p{RGI_Emoji", "[^\\q{ab}]", "[^[\\q{ab}]]", "[\\q{a|b}]", "[^\\q{a|b}]", "[a-]", "[|]", "[\\q{a]",
       "[\\&]", "[\\z]", "[a--b&&c]", "[z-a]"].map(p => syntax(p, "v")).join());
print(syntax("a", "uv"), syntax("a", "vu"));
var re = /\p{RGI_Emoji}/gv, s = "a\u{1F600}b\u{1F1FA}\u{1F1F8}";
print(s.match(re).length, s.replace(re, "*"), s.split(/[\q{b}]/v).length, [..."\u{1F600}\u{1F600}".matchAll(/(?:)/gv)].length);
// hostile
print(syntax("[".repeat(5000) + "a" + "]".repeat(5000), "v"), syntax("[".repeat(100) + "a" + "]".repeat(100), "v"));
print(syntax("[" + "\\p{L}".repeat(2000) + "]", "vi"), /[\p{Any}--\p{L}]/v.test("a"), /[^\p{Any}]/vi.test("a"));
print(syntax("\\p{" + "A".repeat(100000) + "}", "u"), syntax("[\\q{" + "a".repeat(100000) + "}]", "v"));
// RegExp.escape
print(RegExp.escape("a.b*c"), RegExp.escape("1x"), RegExp.escape("_\u2028 "));
print(/(?<=\p{RGI_Emoji})x/v.exec("a\u{1F1FA}\u{1F1F8}x").index, /(?<=[\q{ab|b|abc}])z/v.test("abcz"), /(?<=^[\q{ab|b|abc}])z/v.exec("abz"));
print(/[\q{abc|ab|a|}]*/v.exec("ababcaX")[0], /[\q{KK|k}]/vi.exec("kK")[0], /[\q{}a]/v.exec("b")[0] === "");
print(/^[\q{abc|ab}]c$/v.test("abc"), /^(?:[\q{abc|ab}])c$/v.test("abcc"));
print(/(\u{10400})\1/ui.test("\u{10400}\u{10428}"), /(a)\1/ui.test("aA"), /(.)\1/u.test("\u{10400}\u{10400}"), /(\u{10400})\1/i.test("\u{10400}\u{10428}"))
// v mode with ignoreCase: \w is MaybeSimpleCaseFolding(WordCharacters) before set operations.
print("v-i class escapes:", /[\w--a]/vi.test("a"), /[\w--a]/vi.test("A"), /[\w--a]/vi.test("b"),
      /[\w--[a-z]]/vi.test("K"), /[\w--[a-z]]/vi.test("5"), /\W/vi.test("k"));
