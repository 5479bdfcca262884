/*
 * date.h - the time arithmetic of ECMA-262 §21.4.1 shared by the Date
 * built-in (date.c) and its string parser (date_parse.c): time values are
 * doubles (milliseconds since the epoch, UTC), as the spec computes them.
 *
 * Invariant: every function here is pure arithmetic on doubles (plus the
 * system time-zone database for local time); a non-finite or out-of-range
 * input gives NaN, never undefined behaviour or an overflow.
 */
#ifndef RONDO_BUILTINS_DATE_H
#define RONDO_BUILTINS_DATE_H

#include <stdint.h>

#define MS_PER_SECOND 1000.0
#define MS_PER_MINUTE 60000.0
#define MS_PER_HOUR 3600000.0
#define MS_PER_DAY 86400000.0

/* MakeTime(hour, min, sec, ms). */
double date_make_time(double h, double m, double s, double ms);
/* MakeDay(year, month, date): a day number, or NaN. */
double date_make_day(double year, double month, double date);
/* MakeDate(day, time). */
double date_make_date(double day, double time);
/* TimeClip(t). */
double date_time_clip(double t);
/* LocalTime(t) for a UTC time value t. */
double date_local_time(double t);
/* UTC(t) for a local time value t (DST gaps and overlaps resolved as the
 * spec's LocalTZA(t, false) says: the offset before the transition). */
double date_utc(double t);
/* The time value of a date string (§21.4.3.2 Date.parse), or NaN. */
double date_parse_string(const uint16_t *s, uint32_t n);

#endif
