// Date: construction, UTC fields, setters, string forms and parsing. Every
// check is independent of the machine's time zone: local-time methods are
// compared with UTC ones through getTimezoneOffset.

function show(label, v) { print(label + ": " + v); }

// The constructor's argument forms.
var d = new Date(Date.UTC(2024, 1, 29, 13, 45, 30, 123));
show("utc", d.toISOString());
show("getTime", d.getTime());
show("copy", new Date(d).getTime());
show("number", new Date(0).toISOString());
show("string", new Date("2024-02-29T13:45:30.123Z").getTime());
show("fields", [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCDay(),
                d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()].join());
show("typeof Date()", typeof Date());
show("Date.length", Date.length + " " + Date.UTC.length + " " + Date.prototype.setHours.length);
show("now", typeof Date.now() + " " + (Date.now() > 1.7e12));
show("two-digit year", new Date(Date.UTC(99, 0)).getUTCFullYear());

// Local components agree with UTC ones shifted by the offset.
var local = new Date(2024, 6, 4, 9, 8, 7, 6);
var shifted = new Date(local.getTime() - local.getTimezoneOffset() * 60000);
show("local", [local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(),
               local.getMinutes(), local.getSeconds(), local.getMilliseconds()].join());
show("local=utc-offset", shifted.getUTCHours() === local.getHours() && shifted.getUTCDate() === local.getDate());

// Arithmetic edge cases: month overflow, TimeClip, invalid dates.
show("month 13", new Date(Date.UTC(2023, 13, 1)).toISOString());
show("day 0", new Date(Date.UTC(2024, 2, 0)).toISOString());
show("max", new Date(8.64e15).toISOString());
show("max+1", new Date(8.64e15 + 1).getTime());
show("min", new Date(-8.64e15).toISOString());
show("year -1", new Date(Date.UTC(-1, 0, 1)).toISOString());
show("huge", Date.UTC(1e20, 0) + " " + Date.UTC(2024, Infinity));
show("invalid", new Date(NaN) + " " + new Date(NaN).getUTCDay() + " " + String(new Date("nope")));
try { new Date(NaN).toISOString(); } catch (e) { show("toISOString", e.name); }
show("-0", Object.is(new Date(-0).getTime(), 0));

// Setters.
var s = new Date(0);
s.setUTCFullYear(2000, 1, 29);
show("setUTCFullYear", s.toISOString());
s.setUTCHours(25);
show("setUTCHours", s.toISOString());
s.setUTCMinutes(61, 2, 3);
show("setUTCMinutes", s.toISOString());
s.setUTCMonth(11, 31);
show("setUTCMonth", s.toISOString());
show("setTime", s.setTime(86400000) + " " + s.toISOString());
var bad = new Date(NaN);
show("set on invalid", bad.setUTCHours(1) + " " + bad.setUTCFullYear(2020) + " " + bad.toISOString());
var order = [];
var t = new Date(0);
t.setUTCMinutes({ valueOf: function () { order.push("m"); return 1; } },
                { valueOf: function () { order.push("s"); return 2; } });
show("conversion order", order.join() + " " + t.toISOString());

// String forms.
var u = new Date(Date.UTC(2024, 0, 1, 10, 0, 0));
show("toUTCString", u.toUTCString());
show("toGMTString", Date.prototype.toGMTString === Date.prototype.toUTCString);
show("toJSON", JSON.stringify({ when: u }));
show("toJSON invalid", new Date(NaN).toJSON());
show("ISO years", new Date(Date.UTC(10000, 0)).toISOString() + " " + new Date(Date.UTC(-5, 0)).toISOString());
var str = u.toString();
show("toString shape", str.slice(0, 3) === ["Sun","Mon","Tue","Wed","Thu","Fri","Sat"][u.getDay()] &&
                       str.indexOf(" GMT") === 24);
show("toDateString", u.toDateString() === str.slice(0, 15));
show("toTimeString", u.toTimeString() === str.slice(16));
show("toLocaleString", u.toLocaleString() === str);

// Parsing: round trips, ISO forms, and the common browser forms.
show("parse toString", Date.parse(str) === u.getTime());
show("parse toUTCString", Date.parse(u.toUTCString()) === u.getTime());
show("parse toISOString", Date.parse(u.toISOString()) === u.getTime());
show("ISO date-only is UTC", Date.parse("2024-01-01"));
show("ISO year/month", Date.parse("2024-03") + " " + Date.parse("2024"));
show("ISO expanded", Date.parse("+275760-09-13T00:00:00.000Z") + " " + Date.parse("-271821-04-20T00:00:00Z"));
show("ISO -000000", Date.parse("-000000-01-01T00:00:00Z"));
show("ISO offset", Date.parse("2024-01-01T10:00:00+02:00"));
show("ISO 24:00", Date.parse("2024-01-01T24:00:00Z") + " " + Date.parse("2024-01-01T24:00:01Z"));
show("ISO bad fields", Date.parse("2024-13-01") + " " + Date.parse("2024-02-30") + " " + Date.parse("2024-01-01T10:60Z"));
var lt = new Date(2024, 0, 1, 10, 0, 0);
show("ISO local date-time", Date.parse("2024-01-01T10:00:00") === lt.getTime());
show("browser GMT+0100", Date.parse("Mon Jan 01 2024 10:00:00 GMT+0100"));
show("browser UTC", Date.parse("Jan 1 2024 10:00 UTC") + " " + Date.parse("1 January 2024 GMT"));
show("browser local", Date.parse("Jan 1 2024 10:00") === lt.getTime() &&
                      Date.parse("2024/01/01 10:00") === lt.getTime() &&
                      Date.parse("2024-01-01 10:00") === lt.getTime() &&
                      Date.parse("1/1/2024 10:00 AM") === lt.getTime());
show("browser pm", Date.parse("Jan 1 2024 10:00 PM GMT"));
show("garbage", Date.parse("") + " " + Date.parse("hello") + " " + Date.parse("2024-01-01T") + " " + Date.parse("\u2028"));

// Conversions and the prototype chain.
show("toPrimitive", new Date(0)[Symbol.toPrimitive]("number") + " " +
     (new Date(0)[Symbol.toPrimitive]("default") === new Date(0).toString()));
show("plus", (new Date(0) + 1) === new Date(0).toString() + "1");
show("minus", new Date(10) - new Date(3));
show("tag", Object.prototype.toString.call(new Date(0)) + " " + Object.prototype.toString.call(Date.prototype));
try { Date.prototype.getTime.call({}); } catch (e) { show("not a date", e.name); }
try { Date.prototype.valueOf(); } catch (e) { show("prototype is not a date", e.name); }
class MyDate extends Date { year() { return this.getUTCFullYear(); } }
var md = new MyDate(0);
show("subclass", md.year() + " " + (md instanceof MyDate) + " " + (md instanceof Date));
show("getYear", new Date(Date.UTC(2024, 5, 15)).getYear());
var y = new Date(Date.UTC(2024, 5, 15, 12));
y.setYear(99);
show("setYear", y.getFullYear());
