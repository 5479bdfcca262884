// RegExp: the engine (syntax, quantifiers, groups, lookaround, flags), the
// RegExp builtins and the String methods that go through them; catastrophic
// and deeply nested patterns end in an exception, never a crash.
print(/a(b)c/.exec("xabcx"));
print("aaa".replace(/a/g, "b"));
print(/(\d+)-(\d+)/.exec("tel 12-345").index);
print("a,b;c".split(/[,;]/));
print(/^abc$/m.test("x\nabc\ny"));
print(/(?<y>\d{4})-(?<m>\d\d)/.exec("2020-12").groups.y);
print("2020-12".replace(/(?<y>\d{4})-(?<m>\d\d)/, "$<m>/$<y>"));
print(/a|bc|d/.exec("xxd"));
print(/(a)|b/.exec("b"));
print(/\bfoo\b/.test("a foo b"), /x*?y/.exec("xxy"), /(a+)+b/.test("aaab"));
print(/(?<=\$)\d+/.exec("cost $42"));
print(/(?<!\$)\b\d+/.exec("cost $42 or 17"));
print(/(a)\1/.test("aa"), /ABC/i.test("abc"), /[a-z]+/i.exec("HeLLo"));
print(/a{2,3}/.exec("aaaa"), /a{2,}?/.exec("aaaa"));
print(/(?=(a+))a*b\1/.exec("baaabac"));
print(/(z)((a+)?(b+)?(c))*/.exec("zaacbbbcac"));
print("abc".search(/c/), [..."a1b2".matchAll(/\d/g)].map(m=>m[0]+m.index));
print(/\u{1F600}/u.test("\u{1F600}"), /^.$/u.test("\u{1F600}"), /^.$/.test("\u{1F600}"));
print(/./s.test("\n"), /./.test("\n"));
print(String(/a\/b/), new RegExp("a/b").source, RegExp.prototype.source, /x/gimsuy.flags);
print("xAx".replace(/a/i, function(m, i, s) { return "[" + m + i + "]"; }));
print(/a]/.test("a]"), /a{/.test("a{"), /\8/.test("8"), /\101/.test("A"), /\cJ/.test("\n"));
try { new RegExp("("); } catch (e) { print(e.name, e.message); }
try { new RegExp("a", "gg"); } catch (e) { print(e.name, e.message); }
var r = /a/g; r.lastIndex = 0; r.test("aa"); print(r.lastIndex);
print(/(a)|(b)/d.exec("b").indices[2]);
print("aXbXc".split(/(X)/), "abc".split(/(?:)/), "test".split(/x*/, 2));
var s30 = "a".repeat(30);
try { print(/(a*)*b/.test(s30)); } catch (e) { print(e.name); }
try { print(new RegExp("(".repeat(10000) + "a" + ")".repeat(10000)).test("a")); } catch (e) { print(e.name); }
print(new RegExp("(?:".repeat(500) + "a" + ")".repeat(500)).test("a"));
print(/a*/.exec("a".repeat(100000))[0].length);
print("x-y-z".replaceAll(/-/g, "+"), "aaa".match(/a/g).length, "abc".match(/(b)/).index);
try { "a".replaceAll(/a/, ""); } catch (e) { print(e.name); }
print(/\w+@\w+\.com/.test("me@host.com"), /^[^\s]+$/.test("no spaces"), /\D\S\W/.test("a b"));
print(/[\d-x]/.test("-"), /\x41\u0042/.test("AB"), /[\b]/.test("\b"), /\0/.test("\0"));
print(/(?:ab)+?c/.exec("ababc")[0], /(a)?b/.exec("b")[1], /(?:(a)|b)+/.exec("ab")[1]);
print(/\u{61}/.test("u".repeat(61)), /\u{61}/u.test("a"), /[\u{1F600}-\u{1F64F}]/u.test("\u{1F610}"));
print(/\k<a>(?<a>x)/.test("x"), /\k/.test("k"), /(?<a>.)\k<a>/.test("bb"));
print(/ß/i.test("SS"), /[a-z]/i.test("Q"), /\u212A/i.test("k"), /\u212A/iu.test("k"));
print(Object.prototype.toString.call(/x/), /x/ instanceof RegExp, RegExp(/y/g) + "", new RegExp(/y/g, "i") + "");
class R extends RegExp { exec(s) { return super.exec(s); } }
print(new R("b").test("abc"), R[Symbol.species] === R);
var it = "a1b22c333".matchAll(/\d+/g);
print(Object.prototype.toString.call(it), [...it].join("|"));
print(/$^/m.test("a\n\nb"), /a$/.test("a\n"), /a$/m.test("a\nb"));
var re = /o/y; print(re.test("foo"), re.lastIndex, (re.lastIndex = 1, re.test("foo")), re.lastIndex);
print("a-b_c".split(/[-_]/, 2), "".split(/x/), "".split(/(?:)/).length);
print(/(?<!a)b/.exec("ab b").index, /(?<=(\d)(\d))x/.exec("12x").slice(1));
print(/(?<=\1(a))b/.exec("aab"), /(?!a)\w/.exec("ab")[0]);
var dm = /(?<a>x)|(?<a>y)/d.exec("y");
print(dm.groups.a, Object.keys(dm.groups), dm.indices.groups.a, "y".replace(/(?<a>x)|(?<a>y)/, "[$<a>]"));
try { new RegExp("(?<a>x)(?<a>y)"); } catch (e) { print(e.name); }
print(/(?i:a)b/.test("Ab"), /(?i:a)b/.test("AB"), /(?-i:a)b/i.test("aB"), RegExp.escape("a.b"));

// A literal constructs through %RegExp%, whatever the global binding holds now.
{
  const R = RegExp;
  globalThis.RegExp = null;
  const r = /a(b)/g;
  print("literal after RegExp = null:", r.exec("xab")[1], r instanceof R, r.lastIndex);
  globalThis.RegExp = R;
}
// Legacy static properties (Annex B / legacy RegExp features).
/(a)(b)?/.exec("xab!");
print("legacy:", RegExp.$1, JSON.stringify(RegExp.$2), RegExp.lastMatch, RegExp["$&"], RegExp.lastParen,
      RegExp.leftContext, RegExp.rightContext, RegExp.input, RegExp["$_"], JSON.stringify(RegExp.$9));
"zzq".replace(/z(z)/, "");
print("after replace:", RegExp.$1, RegExp.input);
RegExp.input = 5;
print("input set:", typeof RegExp.input);
class LegacyR extends RegExp {}
new LegacyR("a").exec("a");
try { RegExp.$1; print("no throw"); } catch (e) { print("after a subclass match:", e.name); }
/c/.test("c");
print("legacy again:", RegExp.lastMatch);
try { new LegacyR("x").compile("y"); } catch (e) { print("compile on a subclass:", e.name); }
try { Object.getOwnPropertyDescriptor(RegExp, "$1").get.call({}); } catch (e) { print("other receiver:", e.name); }
