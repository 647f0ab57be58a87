/**
 * The board's strings (shared/i18n/board.ts): the same keys and placeholders in both languages, zh-TW with
 * full-width punctuation, and every key the board's code names present in the tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { board } from '../../shared/i18n/board.ts';
import { common } from '../../shared/i18n/common.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the board’s string table', () => {
  it('has the same keys and placeholders in zh-TW and en', () => {
    expect(Object.keys(board['zh-TW']).sort()).toEqual(Object.keys(board.en).sort());
    for (const key of Object.keys(board.en)) expect([key, placeholders(board['zh-TW'][key])]).toEqual([key, placeholders(board.en[key])]);
  });

  it('writes zh-TW with full-width punctuation (，：；？！（）); formulas stay in their parameters', () => {
    const ascii = Object.entries(board['zh-TW']).filter(([, text]) => /[,:;?!()]/.test(text.replace(/\{\w+\}/g, '')));
    expect(ascii).toEqual([]);
  });

  it('has every key the board’s code asks for', () => {
    const dir = resolve(import.meta.dirname, '../../client/board');
    const known = new Set([...Object.keys(board.en), ...Object.keys(common.en)]);
    const missing: string[] = [];
    let found = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(resolve(dir, file), 'utf8');
      for (const [, key] of source.matchAll(/\b(?:t|key:)\s*\(?\s*'((?:board|opt|reason|compare|status|conn|team|app|lang)\.[\w.-]+)'/g)) {
        found += 1;
        if (!known.has(key)) missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
    expect(found).toBeGreaterThan(60);
  });
});
