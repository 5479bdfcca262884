/*
 * date_parse.c - Date.parse: the string forms a date may take (§21.4.3.2).
 * First the Date Time String Format of §21.4.1.32 exactly (YYYY[-MM[-DD]]
 * [THH:mm[:ss[.sss]][Z|±HH:mm]], expanded years ±YYYYYY; date-only forms are
 * UTC, date-times without an offset local time); failing that, a lenient
 * parser for what toString / toUTCString produce and the common browser
 * forms ("Mon Jan 01 2024 10:00:00 GMT+0100 (CET)", "Jan 1 2024",
 * "1 January 2024", "2024/01/01 10:00", "1/2/2024", "2024-01-01 10:00").
 *
 * Invariant: the parsers only read the n units they are given and return a
 * TimeClip'd time value or NaN; no input makes them fail in any other way.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "builtins/date.h"

typedef struct Cursor {
  const uint16_t *s;
  uint32_t n, i;
} Cursor;

static int peek(const Cursor *c) { return c->i < c->n ? c->s[c->i] : -1; }
static int peek_at(const Cursor *c, uint32_t k) { return c->i + k < c->n ? c->s[c->i + k] : -1; }
static bool is_digit(int ch) { return ch >= '0' && ch <= '9'; }
static bool is_alpha(int ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }
static bool accept(Cursor *c, int ch) {
  if (peek(c) != ch) return false;
  c->i++;
  return true;
}

/* Exactly k digits into *out. */
static bool digits(Cursor *c, int k, double *out) {
  double v = 0;
  for (int j = 0; j < k; j++) {
    int ch = peek(c);
    if (!is_digit(ch)) return false;
    v = v * 10 + (ch - '0');
    c->i++;
  }
  *out = v;
  return true;
}

/* A run of digits (at most 9 significant) into *out, the count into *count. */
static bool number(Cursor *c, double *out, int *count) {
  double v = 0;
  int k = 0;
  while (is_digit(peek(c))) {
    if (k < 9) v = v * 10 + (peek(c) - '0');
    k++;
    c->i++;
  }
  *out = v;
  *count = k;
  return k > 0;
}

/* The digits of a fraction of a second as milliseconds (".5" is 500). */
static bool fraction_ms(Cursor *c, double *ms) {
  double v = 0, scale = 100;
  int k = 0;
  while (is_digit(peek(c))) {
    if (k < 3) v += (peek(c) - '0') * scale;
    scale /= 10;
    k++;
    c->i++;
  }
  *ms = v;
  return k > 0;
}

static int days_in_month(double year, int month /* 1..12 */) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = fmod(year, 4) == 0 && (fmod(year, 100) != 0 || fmod(year, 400) == 0);
  return month == 2 && leap ? 29 : d[month - 1];
}

/* The time value of broken-down fields; offset_min is minutes east of UTC,
 * or NAN for local time. */
static double compose(double y, double mon, double d, double h, double mi, double s, double ms, double offset_min) {
  double t = date_make_date(date_make_day(y, mon, d), date_make_time(h, mi, s, ms));
  t = isnan(offset_min) ? date_utc(t) : t - offset_min * MS_PER_MINUTE;
  return date_time_clip(t);
}

/* --- the Date Time String Format (§21.4.1.32) ------------------------------------------------ */

/* true with *out set when s is in the format (NaN for out-of-range fields). */
static bool parse_iso(const uint16_t *s, uint32_t n, double *out) {
  Cursor c = {s, n, 0};
  double year, month = 1, day = 1, h = 0, mi = 0, sec = 0, ms = 0, offset = NAN;
  int sign = peek(&c);
  if (sign == '+' || sign == '-') {
    c.i++;
    if (!digits(&c, 6, &year)) return false;
    if (sign == '-') {
      if (year == 0) return false;   /* -000000 is not a year */
      year = -year;
    }
  } else if (!digits(&c, 4, &year)) {
    return false;
  }
  bool date_only = true;
  if (accept(&c, '-')) {
    if (!digits(&c, 2, &month)) return false;
    if (accept(&c, '-') && !digits(&c, 2, &day)) return false;
  }
  if (peek(&c) == 'T' || peek(&c) == 't') {
    c.i++;
    date_only = false;
    if (!digits(&c, 2, &h) || !accept(&c, ':') || !digits(&c, 2, &mi)) return false;
    if (accept(&c, ':')) {
      if (!digits(&c, 2, &sec)) return false;
      if (accept(&c, '.') && !fraction_ms(&c, &ms)) return false;
    }
    int z = peek(&c);
    if (z == 'Z' || z == 'z') {
      c.i++;
      offset = 0;
    } else if (z == '+' || z == '-') {
      double oh, om;
      c.i++;
      if (!digits(&c, 2, &oh) || !accept(&c, ':') || !digits(&c, 2, &om)) return false;
      if (oh > 23 || om > 59) {
        *out = NAN;
        return c.i == n;
      }
      offset = (z == '-' ? -1 : 1) * (oh * 60 + om);
    }
  }
  if (c.i != n) return false;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, (int)month) || h > 24 || mi > 59 ||
      sec > 59 || (h == 24 && (mi > 0 || sec > 0 || ms > 0))) {
    *out = NAN;
    return true;
  }
  if (date_only) offset = 0;
  *out = compose(year, month - 1, day, h, mi, sec, ms, offset);
  return true;
}

/* --- the lenient fallback --------------------------------------------------------------------- */

static const char *const month_words[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const day_words[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
static const struct { const char *name; int offset_min; } zone_words[] = {
    {"z", 0},       {"ut", 0},      {"utc", 0},     {"gmt", 0},     {"est", -300}, {"edt", -240},
    {"cst", -360},  {"cdt", -300},  {"mst", -420},  {"mdt", -360},  {"pst", -480}, {"pdt", -420},
};

typedef struct Legacy {
  double year, month, day;       /* NaN until known; month 0..11 */
  double h, mi, s, ms;           /* h NaN until a time is seen */
  double offset;                 /* minutes east of UTC; NaN: local time */
  int ampm;                      /* 0 none, 1 am, 2 pm */
  bool year_two_digit;
  bool zone_word;                /* GMT/UTC seen: a following ±hhmm is its offset */
  double nums[3];                /* plain numbers not placed yet */
  int num_digits[3];
  int nnums;
} Legacy;

/* A word (letters only, lower-cased, truncated) at the cursor. */
static uint32_t read_word(Cursor *c, char *w, size_t cap) {
  uint32_t k = 0;
  while (is_alpha(peek(c))) {
    int ch = peek(c) | 0x20;
    if (k + 1 < cap) w[k] = (char)ch;
    k++;
    c->i++;
  }
  w[k + 1 < cap ? k : cap - 1] = 0;
  return k;
}

static bool word(Legacy *p, Cursor *c) {
  char w[16];
  uint32_t k = read_word(c, w, sizeof w);
  if (accept(c, '.')) { /* "Jan." */ }
  if (k >= 3) {
    for (int m = 0; m < 12; m++)
      if (!strncmp(w, month_words[m], 3)) {
        if (!isnan(p->month)) return false;
        p->month = m;
        return true;
      }
    for (int d = 0; d < 7; d++)
      if (!strncmp(w, day_words[d], 3)) return true;
  }
  if (!strcmp(w, "am") || !strcmp(w, "pm")) {
    if (p->ampm) return false;
    p->ampm = w[0] == 'a' ? 1 : 2;
    return true;
  }
  if (!strcmp(w, "t") && is_digit(peek(c))) return true;   /* 2024-01-01T10:00 outside the strict format */
  for (size_t z = 0; z < sizeof zone_words / sizeof zone_words[0]; z++)
    if (!strcmp(w, zone_words[z].name)) {
      if (!isnan(p->offset)) return false;
      p->offset = zone_words[z].offset_min;
      p->zone_word = true;
      return true;
    }
  return false;
}

/* h:mm[:ss[.sss]] after the hour. */
static bool time_of_day(Legacy *p, Cursor *c, double hour) {
  int k;
  if (!isnan(p->h)) return false;
  p->h = hour;
  if (!accept(c, ':') || !number(c, &p->mi, &k) || k > 2) return false;
  if (accept(c, ':')) {
    if (!number(c, &p->s, &k) || k > 2) return false;
    if (accept(c, '.') && !fraction_ms(c, &p->ms)) return false;
  }
  return true;
}

/* A numeric zone offset after the sign: hhmm, hh or hh:mm. */
static bool zone_offset(Legacy *p, Cursor *c, int sign) {
  double a, b = 0;
  int k;
  if (!number(c, &a, &k)) return false;
  if (k == 4) {
    b = fmod(a, 100);
    a = floor(a / 100);
  } else if (k <= 2) {
    if (accept(c, ':')) {
      if (!number(c, &b, &k) || k != 2) return false;
    }
  } else {
    return false;
  }
  if (a > 23 || b > 59) return false;
  p->offset = (isnan(p->offset) ? 0 : p->offset) + sign * (a * 60 + b);
  p->zone_word = false;
  return true;
}

/* n/n[/n]: m/d/y, or y/m/d when the first has three or more digits. */
static bool slash_date(Legacy *p, Cursor *c, double first, int first_digits) {
  double v[3] = {first, NAN, NAN};
  int k[3] = {first_digits, 0, 0}, count = 1;
  while (count < 3 && accept(c, '/')) {
    if (!number(c, &v[count], &k[count])) return false;
    count++;
  }
  if (!isnan(p->year) || !isnan(p->day)) return false;
  if (k[0] >= 3) {
    if (count < 2 || !isnan(p->month)) return false;
    p->year = v[0], p->month = v[1] - 1, p->day = count > 2 ? v[2] : 1;
  } else if (isnan(p->month)) {
    if (count < 2) return false;
    p->month = v[0] - 1, p->day = v[1];
    if (count > 2) p->year = v[2], p->year_two_digit = k[2] <= 2;
  } else {
    return false;
  }
  return true;
}

static double parse_legacy(const uint16_t *s, uint32_t n) {
  Cursor c = {s, n, 0};
  Legacy p = {NAN, NAN, NAN, NAN, 0, 0, 0, NAN, 0, false, false, {0}, {0}, 0};
  for (;;) {
    int ch = peek(&c);
    if (ch < 0) break;
    if (ch == ' ' || ch == ',' || ch == '\t' || ch == '\n' || ch == '\r') {
      c.i++;
    } else if (ch == '(') {   /* a comment, such as the zone name of toString */
      int depth = 0;
      do {
        ch = peek(&c);
        if (ch == '(') depth++;
        else if (ch == ')') depth--;
        c.i++;
      } while (depth > 0 && c.i < n);
    } else if (is_alpha(ch)) {
      if (!word(&p, &c)) return NAN;
    } else if ((ch == '+' || ch == '-') && is_digit(peek_at(&c, 1))) {
      c.i++;
      if (p.zone_word || (!isnan(p.h) && isnan(p.offset))) {
        if (!zone_offset(&p, &c, ch == '-' ? -1 : 1)) return NAN;
      } else {
        double v;
        int k;
        if (!number(&c, &v, &k) || !isnan(p.year)) return NAN;
        p.year = ch == '-' ? -v : v;   /* a signed year, as toString prints negative years */
      }
    } else if (is_digit(ch)) {
      double v;
      int k;
      number(&c, &v, &k);
      int next = peek(&c);
      if (next == ':') {
        if (!time_of_day(&p, &c, v)) return NAN;
      } else if (next == '/') {
        if (!slash_date(&p, &c, v, k)) return NAN;
      } else if (next == '-' && k >= 3 && is_digit(peek_at(&c, 1)) && isnan(p.year) && isnan(p.month)) {
        double m, d = 1;
        int km, kd;
        c.i++;
        if (!number(&c, &m, &km) || km > 2) return NAN;
        if (accept(&c, '-') && (!number(&c, &d, &kd) || kd > 2)) return NAN;
        if (m < 1 || m > 12 || d < 1 || d > days_in_month(v, (int)m)) return NAN;
        p.year = v, p.month = m - 1, p.day = d;
      } else if (next == '.' && isnan(p.h)) {
        return NAN;
      } else {
        if (p.nnums == 3) return NAN;
        p.nums[p.nnums] = v;
        p.num_digits[p.nnums++] = k;
      }
    } else {
      return NAN;
    }
  }
  /* Place the plain numbers: a day (1-2 digits, at most 31) and a year. */
  for (int i = 0; i < p.nnums; i++) {
    double v = p.nums[i];
    bool can_be_day = p.num_digits[i] <= 2 && v >= 1 && v <= 31;
    if (can_be_day && isnan(p.day)) {
      p.day = v;
    } else if (isnan(p.year)) {
      p.year = v;
      p.year_two_digit = p.num_digits[i] <= 2;
    } else {
      return NAN;
    }
  }
  if (isnan(p.year) || isnan(p.month)) return NAN;
  if (isnan(p.day)) p.day = 1;
  if (p.year_two_digit) p.year += p.year < 50 ? 2000 : 1900;
  double h = isnan(p.h) ? 0 : p.h;
  if (p.ampm) {
    if (h > 12 || h == 0) return NAN;
    if (p.ampm == 1 && h == 12) h = 0;
    if (p.ampm == 2 && h < 12) h += 12;
  }
  if (p.month < 0 || p.month > 11 || p.day < 1 || p.day > 31 || h > 24 || p.mi > 59 || p.s > 59 ||
      (h == 24 && (p.mi > 0 || p.s > 0 || p.ms > 0)))
    return NAN;
  return compose(p.year, p.month, p.day, h, p.mi, p.s, p.ms, p.offset);
}

double date_parse_string(const uint16_t *s, uint32_t n) {
  double t;
  /* Leading and trailing white space is not part of any form; tolerate it. */
  while (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r')) s++, n--;
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
  if (parse_iso(s, n, &t)) return t;
  return parse_legacy(s, n);
}
