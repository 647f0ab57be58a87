import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCoordinate, parseNumber, readNumber, toggleSign } from '../../client/play/number-input.ts';

describe('reading a typed number (client/play/number-input.ts)', () => {
  it('reads what students type on phones and with a Chinese IME', () => {
    expect(readNumber('1.5')).toEqual({ ok: true, value: 1.5 });
    expect(readNumber(' -2 ')).toEqual({ ok: true, value: -2 });
    expect(readNumber('−3.25')).toEqual({ ok: true, value: -3.25 }); // the typographic minus of copied text
    expect(readNumber('－４．５')).toEqual({ ok: true, value: -4.5 }); // full-width
    expect(readNumber('3。5')).toEqual({ ok: true, value: 3.5 }); // the IME's full stop is a dot
    expect(readNumber('.5')).toEqual({ ok: true, value: 0.5 });
    expect(readNumber('+7')).toEqual({ ok: true, value: 7 });
    expect(readNumber('1e-3')).toEqual({ ok: true, value: 0.001 });
  });

  it('never takes a comma for a decimal point: "3,5" is refused with its own reason, not read as 3.5 or 35', () => {
    expect(readNumber('3,5')).toEqual({ ok: false, problem: 'comma' });
    expect(readNumber('3，5')).toEqual({ ok: false, problem: 'comma' }); // full-width comma
    expect(readNumber('1,000')).toEqual({ ok: false, problem: 'comma' });
    expect(readNumber('3、5')).toEqual({ ok: false, problem: 'comma' });
    expect(parseNumber('3,5')).toBeNull();
  });

  it('says why anything else is not a number', () => {
    expect(readNumber('')).toEqual({ ok: false, problem: 'required' });
    expect(readNumber('   ')).toEqual({ ok: false, problem: 'required' });
    for (const text of ['abc', '-', '1.2.3', '--1', '1e', 'Infinity', 'NaN', '0x10', '1e999']) {
      expect(readNumber(text), text).toEqual({ ok: false, problem: 'notNumber' });
    }
  });

  it('reads back every finite number JavaScript prints (a property over random numbers)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const read = readNumber(String(value));
        return read.ok && read.value === value;
      }),
      { seed: 20251129, numRuns: 500 },
    );
  });
});

describe('checking a coordinate against its interval', () => {
  it('accepts the ends and refuses what lies outside', () => {
    expect(checkCoordinate('-5', [-5, 5])).toEqual({ ok: true, value: -5 });
    expect(checkCoordinate('5', [-5, 5])).toEqual({ ok: true, value: 5 });
    expect(checkCoordinate('5.01', [-5, 5])).toEqual({ ok: false, problem: 'outOfRange' });
    expect(checkCoordinate('3,5', [-5, 5])).toEqual({ ok: false, problem: 'comma' });
    expect(checkCoordinate('', [-5, 5])).toEqual({ ok: false, problem: 'required' });
  });
});

describe('the ± key', () => {
  it('flips the sign and keeps the rest as typed', () => {
    expect(toggleSign('')).toBe('-');
    expect(toggleSign('-')).toBe('');
    expect(toggleSign('4')).toBe('-4');
    expect(toggleSign('-4')).toBe('4');
    expect(toggleSign('−4.5')).toBe('4.5');
    expect(toggleSign('－4')).toBe('4');
    expect(toggleSign('+2')).toBe('-2');
    expect(toggleSign(' 0.25 ')).toBe('-0.25');
    expect(toggleSign('1e-3')).toBe('-1e-3');
  });

  it('twice gives back the same number, for any number typed (a property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), (value) => {
        const text = String(value);
        const once = readNumber(toggleSign(text));
        const twice = readNumber(toggleSign(toggleSign(text)));
        return once.ok && twice.ok && once.value === -value && twice.value === value;
      }),
      { seed: 20251130, numRuns: 500 },
    );
  });
});
