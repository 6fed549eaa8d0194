import { describe, expect, it } from 'vitest';
import { formatJst, fromJstInput, isValidJstInput, jstDayEnd, jstDayStart, toJstInput } from './jst.js';

describe('JST ↔ UTC', () => {
  it('reads a JST wall-clock time as the UTC instant nine hours earlier', () => {
    expect(fromJstInput('2026-11-23T09:30')).toBe('2026-11-23T00:30:00.000Z');
    // Before 09:00 JST it is still the previous day in UTC.
    expect(fromJstInput('2026-01-01T03:15')).toBe('2025-12-31T18:15:00.000Z');
    expect(fromJstInput('2026-11-23T09:30:45')).toBe('2026-11-23T00:30:45.000Z');
  });

  it('shows a UTC instant as JST wall-clock time, crossing the date line', () => {
    expect(toJstInput('2026-11-23T00:30:00.000Z')).toBe('2026-11-23T09:30');
    expect(toJstInput('2025-12-31T18:15:00Z')).toBe('2026-01-01T03:15');
    expect(toJstInput('2026-11-23T20:00:00+09:00')).toBe('2026-11-23T20:00');
    expect(toJstInput(null)).toBe('');
  });

  it('round-trips every quarter hour of a day', () => {
    for (let minute = 0; minute < 24 * 60; minute += 15) {
      const value = `2026-03-01T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
      expect(toJstInput(fromJstInput(value))).toBe(value);
    }
  });

  it('refuses times that do not exist instead of rolling them over', () => {
    expect(fromJstInput('2026-02-30T10:00')).toBeNull();
    expect(fromJstInput('2026-11-23T24:00')).toBeNull();
    expect(fromJstInput('2026/11/23 10:00')).toBeNull();
    expect(isValidJstInput('')).toBe(true);
    expect(isValidJstInput('2026-02-29T10:00')).toBe(false);
    expect(isValidJstInput('2028-02-29T10:00')).toBe(true);
  });

  it('bounds a JST calendar day for period filters', () => {
    expect(jstDayStart('2026-11-23')).toBe('2026-11-22T15:00:00.000Z');
    expect(jstDayEnd('2026-11-23')).toBe('2026-11-23T15:00:00.000Z');
    expect(jstDayStart('2026-13-01')).toBeNull();
  });

  it('formats for people in JST in both languages', () => {
    expect(formatJst('2026-11-23T00:30:00Z', 'ja')).toBe('2026/11/23 09:30 JST');
    expect(formatJst('2026-11-23T00:30:00Z', 'en')).toBe('23 Nov 2026, 09:30 JST');
    expect(formatJst(null, 'ja')).toBe('—');
  });
});
