/*
 * date.c - the Date built-in (ECMA-262 §21.4): the time arithmetic (Day,
 * YearFromTime, MakeTime, MakeDay, MakeDate, TimeClip), local time through
 * the system time-zone database (localtime_r / tm_gmtoff, honouring TZ), the
 * Date constructor, Date.now / parse / UTC, and %Date.prototype% with every
 * getter and setter (local and UTC), the string forms, toJSON,
 * [Symbol.toPrimitive] and the Annex B getYear / setYear / toGMTString.
 * Parsing of date strings lives in date_parse.c.
 *
 * A Date object has instance type JS_DATE (objects.h: JSDate), whose value
 * word is [[DateValue]]. Invariant: that word is always a number and always
 * the result of TimeClip (NaN or an integral time value within ±8.64e15);
 * the map of new Dates is the native data of the Date constructor.
 */
#include "builtins/date.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "builtins/library.h"
#include "objects/factory.h"
#include "objects/string.h"

/* --- time arithmetic (§21.4.1) ------------------------------------------------------------ */

/* Day(t). */
static double day_of(double t) { return floor(t / MS_PER_DAY); }
/* TimeWithinDay(t). */
static double time_within_day(double t) {
  double r = fmod(t, MS_PER_DAY);
  return r < 0 ? r + MS_PER_DAY : r;
}
/* DayFromYear(y). */
static double day_from_year(double y) {
  return 365.0 * (y - 1970) + floor((y - 1969) / 4) - floor((y - 1901) / 100) + floor((y - 1601) / 400);
}
static bool is_leap(double y) {
  return fmod(y, 4) == 0 && (fmod(y, 100) != 0 || fmod(y, 400) == 0);
}
/* The first day of each month in a common year, and the day after the last. */
static const int month_start[13] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};

/* The year containing day number d. */
static double year_from_day(double d) {
  double y = floor(d / 365.2425) + 1970;
  while (day_from_year(y) > d) y--;
  while (day_from_year(y + 1) <= d) y++;
  return y;
}

/* The broken-down fields of a (finite) time value. */
typedef struct DateFields {
  double year, month, date, hours, minutes, seconds, ms, weekday;
} DateFields;

static void split_time(double t, DateFields *f) {
  double d = day_of(t), tw = time_within_day(t);
  f->year = year_from_day(d);
  int in_year = (int)(d - day_from_year(f->year));
  int leap = is_leap(f->year) ? 1 : 0;
  int m = 0;
  while (m < 11 && in_year >= month_start[m + 1] + (m + 1 >= 2 ? leap : 0)) m++;
  f->month = m;
  f->date = in_year - (month_start[m] + (m >= 2 ? leap : 0)) + 1;
  f->weekday = fmod(d + 4, 7);
  if (f->weekday < 0) f->weekday += 7;
  f->hours = floor(tw / MS_PER_HOUR);
  f->minutes = fmod(floor(tw / MS_PER_MINUTE), 60);
  f->seconds = fmod(floor(tw / MS_PER_SECOND), 60);
  f->ms = fmod(tw, MS_PER_SECOND);
}

double date_make_time(double h, double m, double s, double ms) {
  if (!isfinite(h) || !isfinite(m) || !isfinite(s) || !isfinite(ms)) return NAN;
  return ((trunc(h) * MS_PER_HOUR + trunc(m) * MS_PER_MINUTE) + trunc(s) * MS_PER_SECOND) + trunc(ms);
}

double date_make_day(double year, double month, double date) {
  if (!isfinite(year) || !isfinite(month) || !isfinite(date)) return NAN;
  double y = trunc(year), m = trunc(month), dt = trunc(date);
  double ym = y + floor(m / 12);
  if (!isfinite(ym)) return NAN;
  double mn = fmod(m, 12);
  if (mn < 0) mn += 12;
  /* A year this far out has no time value (TimeClip would reject it anyway). */
  if (fabs(ym) > 1e8) return NAN;
  int mi = (int)mn;
  double first = day_from_year(ym) + month_start[mi] + (mi >= 2 && is_leap(ym) ? 1 : 0);
  return first + dt - 1;
}

double date_make_date(double day, double time) {
  if (!isfinite(day) || !isfinite(time)) return NAN;
  double tv = day * MS_PER_DAY + time;
  return isfinite(tv) ? tv : NAN;
}

double date_time_clip(double t) {
  if (!isfinite(t) || fabs(t) > 8.64e15) return NAN;
  return trunc(t) + 0.0;   /* + 0.0 turns -0 into +0 */
}

/* --- local time ------------------------------------------------------------------------------ */

/* The broken-down local time at UTC time value t (ms), from the zone database. */
static bool local_tm(double t, struct tm *out) {
  double secs = floor(t / 1000);
  if (secs > 9e12) secs = 9e12;   /* beyond any time value; keeps time_t and tm_year in range */
  if (secs < -9e12) secs = -9e12;
  time_t tt = (time_t)secs;
  return localtime_r(&tt, out) != NULL;
}

/* LocalTZA(t, true): the offset of local time from UTC at UTC time t, in ms. */
static double offset_at(double t) {
  struct tm tm;
  if (!local_tm(t, &tm)) return 0;
  return (double)tm.tm_gmtoff * 1000.0;
}

double date_local_time(double t) { return t + offset_at(t); }

double date_utc(double t) {
  if (!isfinite(t)) return NAN;
  /* LocalTZA(t, false): the offsets a day before and after bracket any nearby
   * transition; a local time that is valid under the earlier offset takes it
   * (this also settles repeated times), a skipped one keeps it too. */
  double before = offset_at(t - MS_PER_DAY), after = offset_at(t + MS_PER_DAY);
  double off;
  if (offset_at(t - before) == before) off = before;
  else if (offset_at(t - after) == after) off = after;
  else off = before;
  return t - off;
}

/* --- the [[DateValue]] slot ------------------------------------------------------------------ */

static bool is_date(rd_value v) { return value_has_type(v, TYPE_JS_DATE); }
static double date_value(rd_value v) { return value_to_number(((JSDate *)value_to_ptr(v))->value); }
static void set_date_value(rd_value v, double t) {
  ((JSDate *)value_to_ptr(v))->value = value_from_number(t);   /* a number: no barrier needed */
}

/* thisTimeValue: the [[DateValue]] of this into *out, or a TypeError. */
static bool this_time(Runtime *rt, NativeArgs *a, const char *method, double *out) {
  if (!is_date(*a->receiver)) {
    js_throw(rt, ERROR_TypeError, "Date.prototype.%s: this is not a Date object", method);
    return false;
  }
  *out = date_value(*a->receiver);
  return true;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return floor((double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6);
}

/* --- conversions ------------------------------------------------------------------------------ */

/* ToNumber(v) into *out. */
static bool to_number(Runtime *rt, rd_value v, double *out) {
  if (value_is_number(v)) {
    *out = value_to_number(v);
    return true;
  }
  HANDLE_SCOPE(rt);
  Handle h = handle_new(rt, v);
  rd_value n = js_to_number(rt, h);
  if (!n) return false;
  *out = value_to_number(n);
  return true;
}

/* --- strings ---------------------------------------------------------------------------------- */

static const char *const day_names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* The year as the string forms print it: at least 4 digits, "-" if negative. */
static void format_year(char *buf, size_t n, double y) {
  snprintf(buf, n, "%s%04.0f", y < 0 ? "-" : "", fabs(y));
}

/* DateString(tv) of a local time value: "Www Mmm DD YYYY". */
static void format_date(char *buf, size_t n, double local) {
  DateFields f;
  char year[24];
  split_time(local, &f);
  format_year(year, sizeof year, f.year);
  snprintf(buf, n, "%s %s %02d %s", day_names[(int)f.weekday], month_names[(int)f.month], (int)f.date, year);
}

/* TimeString(tv) + TimeZoneString(utc): "HH:mm:ss GMT+hhmm (Zone)". */
static void format_time(char *buf, size_t n, double local, double utc) {
  DateFields f;
  split_time(local, &f);
  double off = local - utc;
  double a = fabs(off);
  struct tm tm;
  const char *zone = local_tm(utc, &tm) && tm.tm_zone ? tm.tm_zone : "";
  if (*zone == '+' || *zone == '-') zone = "";   /* a numeric "abbreviation" repeats the offset */
  snprintf(buf, n, "%02d:%02d:%02d GMT%c%02d%02d%s%s%s", (int)f.hours, (int)f.minutes, (int)f.seconds,
           off < 0 ? '-' : '+', (int)floor(a / MS_PER_HOUR), (int)fmod(floor(a / MS_PER_MINUTE), 60),
           *zone ? " (" : "", zone, *zone ? ")" : "");
}

typedef enum { FORMAT_FULL, FORMAT_DATE, FORMAT_TIME, FORMAT_UTC, FORMAT_ISO } DateFormat;

/* The string form of time value tv ("Invalid Date" for NaN; the ISO form needs a valid tv). */
static void format_tv(char *buf, size_t n, double tv, DateFormat form) {
  if (isnan(tv)) {
    snprintf(buf, n, "Invalid Date");
    return;
  }
  char d[64], t[96], year[24];
  DateFields f;
  switch (form) {
  case FORMAT_FULL:
  case FORMAT_DATE:
  case FORMAT_TIME: {
    double local = date_local_time(tv);
    format_date(d, sizeof d, local);
    format_time(t, sizeof t, local, tv);
    snprintf(buf, n, "%s%s%s", form == FORMAT_TIME ? "" : d, form == FORMAT_FULL ? " " : "",
             form == FORMAT_DATE ? "" : t);
    return;
  }
  case FORMAT_UTC:
    split_time(tv, &f);
    format_year(year, sizeof year, f.year);
    snprintf(buf, n, "%s, %02d %s %s %02d:%02d:%02d GMT", day_names[(int)f.weekday], (int)f.date,
             month_names[(int)f.month], year, (int)f.hours, (int)f.minutes, (int)f.seconds);
    return;
  case FORMAT_ISO:
    split_time(tv, &f);
    if (f.year >= 0 && f.year <= 9999) snprintf(year, sizeof year, "%04d", (int)f.year);
    else snprintf(year, sizeof year, "%c%06d", f.year < 0 ? '-' : '+', (int)fabs(f.year));
    snprintf(buf, n, "%s-%02d-%02dT%02d:%02d:%02d.%03dZ", year, (int)f.month + 1, (int)f.date, (int)f.hours,
             (int)f.minutes, (int)f.seconds, (int)f.ms);
    return;
  }
}

static rd_value tv_string(Runtime *rt, double tv, DateFormat form) {
  char buf[192];
  format_tv(buf, sizeof buf, tv, form);
  return string_from_cstr(rt, buf);
}

/* --- the constructor and its functions -------------------------------------------------------- */

/* Date(...) / new Date(...) (§21.4.2.1). */
static rd_value date_ctor(Runtime *rt, NativeArgs *a) {
  if (*a->new_target == VALUE_UNDEFINED) return tv_string(rt, now_ms(), FORMAT_FULL);
  HANDLE_SCOPE(rt);
  double tv;
  if (a->argc == 0) {
    tv = now_ms();
  } else if (a->argc == 1) {
    if (is_date(a->argv[0])) {
      tv = date_value(a->argv[0]);
    } else {
      Handle v = handle_new(rt, js_to_primitive_hint(rt, &a->argv[0], HINT_DEFAULT));
      if (!*v) return VALUE_EMPTY;
      if (value_is_string(*v)) {
        uint32_t n = string_length(*v);
        uint16_t *units = lib_string_units(rt, *v);
        if (!units) return VALUE_EMPTY;
        tv = date_parse_string(units, n);
        free(units);
      } else if (!to_number(rt, *v, &tv)) {
        return VALUE_EMPTY;
      }
    }
    tv = date_time_clip(tv);
  } else {
    double f[7] = {NAN, 0, 1, 0, 0, 0, 0};
    for (uint32_t i = 0; i < 7 && i < a->argc; i++)
      if (!to_number(rt, a->argv[i], &f[i])) return VALUE_EMPTY;
    if (!isnan(f[0])) {
      double yi = trunc(f[0]);
      if (yi >= 0 && yi <= 99) f[0] = 1900 + yi;
    }
    double final = date_make_date(date_make_day(f[0], f[1], f[2]), date_make_time(f[3], f[4], f[5], f[6]));
    tv = date_time_clip(date_utc(final));
  }
  Handle map = handle_new(rt, lib_native_data(a));
  Handle dflt = handle_new(rt, MAP(*map)->prototype);
  Handle proto = handle_new(rt, lib_proto_from_ctor(rt, a, *dflt));
  if (!*proto) return VALUE_EMPTY;
  Handle o = handle_new(rt, factory_js_object(rt, map));
  if (!*o) return VALUE_EMPTY;
  set_date_value(*o, tv);
  if (*proto != *dflt && object_set_prototype(rt, o, proto) == PROPERTY_EXCEPTION) return VALUE_EMPTY;
  return *o;
}

static rd_value date_now(Runtime *rt, NativeArgs *a) {
  (void)rt, (void)a;
  return value_from_number(now_ms());
}

static rd_value date_parse(Runtime *rt, NativeArgs *a) {
  rd_value s = lib_arg_string(rt, a, 0);
  if (!s) return VALUE_EMPTY;
  uint32_t n = string_length(s);
  uint16_t *units = lib_string_units(rt, s);
  if (!units) return VALUE_EMPTY;
  double tv = date_parse_string(units, n);
  free(units);
  return value_from_number(tv);
}

/* Date.UTC(year, month, date, hours, minutes, seconds, ms) (§21.4.3.4). */
static rd_value date_utc_fn(Runtime *rt, NativeArgs *a) {
  double f[7] = {NAN, 0, 1, 0, 0, 0, 0};
  for (uint32_t i = 0; i < 7; i++) {
    if (i > 0 && i >= a->argc) break;
    if (!to_number(rt, native_arg(a, i), &f[i])) return VALUE_EMPTY;
  }
  if (!isnan(f[0])) {
    double yi = trunc(f[0]);
    if (yi >= 0 && yi <= 99) f[0] = 1900 + yi;
  }
  return value_from_number(
      date_time_clip(date_make_date(date_make_day(f[0], f[1], f[2]), date_make_time(f[3], f[4], f[5], f[6]))));
}

/* --- getters ----------------------------------------------------------------------------------- */

typedef enum {
  F_YEAR, F_MONTH, F_DATE, F_HOURS, F_MINUTES, F_SECONDS, F_MS,   /* setter fields, in this order */
  F_DAY, F_TIME, F_TZ_OFFSET, F_YEAR_1900,
} DateField;

/* X(name, local, field) */
#define DATE_GETTER_LIST(X)                                                                          \
  X(getDate, true, F_DATE) X(getDay, true, F_DAY) X(getFullYear, true, F_YEAR)                       \
  X(getHours, true, F_HOURS) X(getMilliseconds, true, F_MS) X(getMinutes, true, F_MINUTES)           \
  X(getMonth, true, F_MONTH) X(getSeconds, true, F_SECONDS) X(getTime, false, F_TIME)                \
  X(getTimezoneOffset, false, F_TZ_OFFSET) X(getUTCDate, false, F_DATE) X(getUTCDay, false, F_DAY)   \
  X(getUTCFullYear, false, F_YEAR) X(getUTCHours, false, F_HOURS)                                    \
  X(getUTCMilliseconds, false, F_MS) X(getUTCMinutes, false, F_MINUTES)                              \
  X(getUTCMonth, false, F_MONTH) X(getUTCSeconds, false, F_SECONDS) X(getYear, true, F_YEAR_1900)    \
  X(valueOf, false, F_TIME)

/* A getter: one field of this time value (local or UTC), NaN for an invalid date. */
static rd_value date_get(Runtime *rt, NativeArgs *a, const char *method, bool local, DateField field) {
  double t;
  if (!this_time(rt, a, method, &t)) return VALUE_EMPTY;
  if (isnan(t) || field == F_TIME) return value_from_number(t);
  if (field == F_TZ_OFFSET) return value_from_number((t - date_local_time(t)) / MS_PER_MINUTE);
  DateFields f;
  split_time(local ? date_local_time(t) : t, &f);
  double v[] = {f.year, f.month, f.date, f.hours, f.minutes, f.seconds, f.ms, f.weekday, t, 0, f.year - 1900};
  return value_from_number(v[field]);
}

#define X(name, local, field) \
  static rd_value dp_##name(Runtime *rt, NativeArgs *a) { return date_get(rt, a, #name, local, field); }
DATE_GETTER_LIST(X)
#undef X

/* --- setters ----------------------------------------------------------------------------------- */

/* X(name, local, first field, number of fields) - the fields are consecutive DateFields. */
#define DATE_SETTER_LIST(X)                                                                  \
  X(setDate, true, F_DATE, 1) X(setFullYear, true, F_YEAR, 3) X(setHours, true, F_HOURS, 4)  \
  X(setMilliseconds, true, F_MS, 1) X(setMinutes, true, F_MINUTES, 3)                        \
  X(setMonth, true, F_MONTH, 2) X(setSeconds, true, F_SECONDS, 2)                            \
  X(setUTCDate, false, F_DATE, 1) X(setUTCFullYear, false, F_YEAR, 3)                        \
  X(setUTCHours, false, F_HOURS, 4) X(setUTCMilliseconds, false, F_MS, 1)                    \
  X(setUTCMinutes, false, F_MINUTES, 3) X(setUTCMonth, false, F_MONTH, 2)                    \
  X(setUTCSeconds, false, F_SECONDS, 2)

/* A setter (§21.4.4.20-28): reads [[DateValue]], converts the arguments in
 * order (the first always, the others when present), then recomposes. */
static rd_value date_set(Runtime *rt, NativeArgs *a, const char *method, bool local, int first, int count) {
  double t;
  if (!this_time(rt, a, method, &t)) return VALUE_EMPTY;
  double v[7];
  bool given[7] = {false};
  for (int i = 0; i < count; i++) {
    if (i > 0 && (uint32_t)i >= a->argc) break;
    if (!to_number(rt, native_arg(a, (uint32_t)i), &v[first + i])) return VALUE_EMPTY;
    given[first + i] = true;
  }
  if (isnan(t)) {
    if (first != F_YEAR) return value_from_double_raw(NAN);
    t = 0;
  } else if (local) {
    t = date_local_time(t);
  }
  DateFields f;
  split_time(t, &f);
  double cur[7] = {f.year, f.month, f.date, f.hours, f.minutes, f.seconds, f.ms};
  for (int i = 0; i < 7; i++)
    if (given[i]) cur[i] = v[i];
  double date = date_make_date(date_make_day(cur[0], cur[1], cur[2]), date_make_time(cur[3], cur[4], cur[5], cur[6]));
  double u = date_time_clip(local ? date_utc(date) : date);
  /* this is still the Date: conversions cannot change an object's type */
  set_date_value(*a->receiver, u);
  return value_from_number(u);
}

#define X(name, local, first, count) \
  static rd_value dp_##name(Runtime *rt, NativeArgs *a) { return date_set(rt, a, #name, local, first, count); }
DATE_SETTER_LIST(X)
#undef X

static rd_value dp_setTime(Runtime *rt, NativeArgs *a) {
  double t, v;
  if (!this_time(rt, a, "setTime", &t) || !to_number(rt, native_arg(a, 0), &v)) return VALUE_EMPTY;
  v = date_time_clip(v);
  set_date_value(*a->receiver, v);
  return value_from_number(v);
}

/* Annex B setYear(year). */
static rd_value dp_setYear(Runtime *rt, NativeArgs *a) {
  double t, y;
  if (!this_time(rt, a, "setYear", &t) || !to_number(rt, native_arg(a, 0), &y)) return VALUE_EMPTY;
  t = isnan(t) ? 0 : date_local_time(t);
  if (isnan(y)) {
    set_date_value(*a->receiver, NAN);
    return value_from_double_raw(NAN);
  }
  double yi = trunc(y);
  double yyyy = yi >= 0 && yi <= 99 ? 1900 + yi : y;
  DateFields f;
  split_time(t, &f);
  double u = date_time_clip(date_utc(date_make_date(date_make_day(yyyy, f.month, f.date), time_within_day(t))));
  set_date_value(*a->receiver, u);
  return value_from_number(u);
}

/* --- string forms, toJSON, @@toPrimitive ------------------------------------------------------ */

/* X(name, format) */
#define DATE_STRING_LIST(X)                                                               \
  X(toString, FORMAT_FULL) X(toDateString, FORMAT_DATE) X(toTimeString, FORMAT_TIME)      \
  X(toUTCString, FORMAT_UTC) X(toLocaleString, FORMAT_FULL)                               \
  X(toLocaleDateString, FORMAT_DATE) X(toLocaleTimeString, FORMAT_TIME)

#define X(name, form)                                          \
  static rd_value dp_##name(Runtime *rt, NativeArgs *a) {      \
    double t;                                                  \
    if (!this_time(rt, a, #name, &t)) return VALUE_EMPTY;      \
    return tv_string(rt, t, form);                             \
  }
DATE_STRING_LIST(X)
#undef X

static rd_value dp_toISOString(Runtime *rt, NativeArgs *a) {
  double t;
  if (!this_time(rt, a, "toISOString", &t)) return VALUE_EMPTY;
  if (isnan(t)) return js_throw(rt, ERROR_RangeError, "Invalid time value");
  return tv_string(rt, t, FORMAT_ISO);
}

/* toJSON(key) (§21.4.4.37): generic, through ToPrimitive and toISOString. */
static rd_value dp_toJSON(Runtime *rt, NativeArgs *a) {
  HANDLE_SCOPE(rt);
  Handle o = handle_new(rt, js_to_object(rt, a->receiver));
  if (!*o) return VALUE_EMPTY;
  rd_value tv = js_to_primitive_hint(rt, o, HINT_NUMBER);
  if (!tv) return VALUE_EMPTY;
  if (value_is_number(tv) && !isfinite(value_to_number(tv))) return VALUE_NULL;
  Handle f = handle_new(rt, lib_get_named(rt, o, "toISOString"));
  if (!*f) return VALUE_EMPTY;
  if (!value_is_callable(*f)) return js_throw(rt, ERROR_TypeError, "toISOString is not a function");
  return lib_call(rt, f, o, 0, NULL);
}

/* Date.prototype[@@toPrimitive](hint) (§21.4.4.45). */
static rd_value dp_to_primitive(Runtime *rt, NativeArgs *a) {
  if (!value_is_js_object(*a->receiver))
    return js_throw(rt, ERROR_TypeError, "Date.prototype[Symbol.toPrimitive] called on a non-object");
  rd_value h = native_arg(a, 0);
  bool string_first;
  if (value_is_string(h) && (string_equals_cstr(h, "string") || string_equals_cstr(h, "default")))
    string_first = true;
  else if (value_is_string(h) && string_equals_cstr(h, "number"))
    string_first = false;
  else
    return js_throw(rt, ERROR_TypeError, "Invalid hint");
  return js_ordinary_to_primitive(rt, a->receiver, string_first);
}

/* --- installation ------------------------------------------------------------------------------ */

bool builtins_init_date(Runtime *rt) {
  HANDLE_SCOPE(rt);
  tzset();
  Handle proto = handle_new(rt, builtins_object_with_proto(rt, NULL));
  if (!*proto) return false;
  Handle map = handle_new(rt, factory_map(rt, TYPE_JS_DATE, 8 * (JS_DATE_HEADER_WORDS + 4), 4, proto));
  if (!*map) return false;
  MAP(*map)->inobject_start = JS_DATE_HEADER_WORDS;
  Handle ctor = handle_new(rt, builtins_constructor(rt, "Date", date_ctor, 7, proto));
  if (!*ctor) return false;
  lib_set_native_data(*ctor, *map);
  static const BuiltinMethod statics[] = {{"now", date_now, 0}, {"parse", date_parse, 1}, {"UTC", date_utc_fn, 7}};
  static const BuiltinMethod methods[] = {
#define X(name, local, field) {#name, dp_##name, 0},
      DATE_GETTER_LIST(X)
#undef X
#define X(name, local, first, count) {#name, dp_##name, count},
      DATE_SETTER_LIST(X)
#undef X
#define X(name, form) {#name, dp_##name, 0},
      DATE_STRING_LIST(X)
#undef X
      {"setTime", dp_setTime, 1}, {"setYear", dp_setYear, 1},
      {"toISOString", dp_toISOString, 0}, {"toJSON", dp_toJSON, 1},
  };
  if (!builtins_install(rt, ctor, statics, ARRAY_LEN(statics)) ||
      !builtins_install(rt, proto, methods, ARRAY_LEN(methods)))
    return false;
  /* Annex B: toGMTString is the very function object of toUTCString. */
  Handle utc = handle_new(rt, lib_get_named(rt, proto, "toUTCString"));
  if (!*utc || !builtins_define(rt, proto, "toGMTString", utc, PROPERTY_WRITABLE | PROPERTY_CONFIGURABLE))
    return false;
  Handle tp = handle_new(rt, builtins_function(rt, "[Symbol.toPrimitive]", dp_to_primitive, 1));
  if (!*tp || !builtins_define(rt, proto, "@toPrimitive", tp, PROPERTY_CONFIGURABLE)) return false;
  return builtins_define_global(rt, "Date", ctor);
}
