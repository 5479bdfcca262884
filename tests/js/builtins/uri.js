// encodeURI/encodeURIComponent/decodeURI/decodeURIComponent (reserved sets, UTF-8, surrogates, URIError) and Annex B escape/unescape.
function show(f) {
  try { return f(); } catch (e) { return e.name; }
}
print(encodeURI.length, decodeURIComponent.name, escape.length, unescape.name, typeof globalThis.encodeURIComponent);
var all = '';
for (var c = 32; c < 127; c++) all += String.fromCharCode(c);
print(encodeURI(all));
print(encodeURIComponent(all));
print(encodeURIComponent('\u00e9\u20ac\ud83d\ude00\u0000\u007f\u0080\u07ff\u0800\uffff'));
print(show(() => encodeURI('\ud800')), show(() => encodeURI('a\udc00')), show(() => encodeURIComponent('\ud800x')));
print(encodeURI('\ud800\udc00'), encodeURIComponent(undefined), encodeURI(12.5));

print(decodeURI('%3B%2F%3F%3A%40%26%3D%2B%24%2C%23'), decodeURIComponent('%3B%2F%3F%3A%40%26%3D%2B%24%2C%23'));
print(decodeURI('%41%62%20%c3%a9%E2%82%AC%F0%9F%98%80') === 'Ab \u00e9\u20ac\ud83d\ude00', decodeURIComponent('%25'));
var bad = ['%', '%4', '%G0', '%80', '%C0%80', '%E0%80%80', '%ED%A0%80', '%F4%90%80%80', '%F8%80%80%80%80',
           '%C3', '%C3%', '%C3%2', '%C3A9', '%C3%41', '%E2%82', '%FF'];
print(bad.map(s => show(() => decodeURIComponent(s))).join());
print(show(() => decodeURI('%EF%BF%BF')) === '\uffff', decodeURI('%F4%8F%BF%BF') === '\udbff\udfff');
// Round trips of every code unit class.
var sample = '';
for (var i = 0; i < 0xD800; i += 97) sample += String.fromCharCode(i);
sample += '\ud83d\ude00\udbff\udfff';
print(decodeURIComponent(encodeURIComponent(sample)) === sample, decodeURI(encodeURI(sample)) === sample);
// Hostile: long inputs, a ToString that throws, a huge expansion.
var long = 'a%C3%A9'.repeat(200000);
print(decodeURIComponent(long).length, encodeURIComponent('\u20ac'.repeat(100000)).length);
print(show(() => decodeURI({toString() { throw new EvalError(); }})));
print(show(() => decodeURIComponent('%'.repeat(1000000))), show(() => encodeURI('x'.repeat(1 << 20) + '\udc00')));

// escape / unescape
print(escape(all));
print(escape('\u00e9\u0100\uffff\ud800'), escape(undefined));
print(unescape('%41%u0042%u00e9%zz%u12%4%%u004%%'), unescape('%u0025%41') === '%A');
print(unescape(escape(sample)) === sample);
