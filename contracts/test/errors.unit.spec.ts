import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ERROR_CATALOGUE, errorMessage, type ErrorCode } from '../src/index.ts';

const documentation = readFileSync(new URL('../../docs/api-errors.md', import.meta.url), 'utf8');
const codes = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

describe('error catalogue', () => {
  it.each(codes)('documents %s in docs/api-errors.md', (code) => {
    expect(documentation).toContain(`| \`${code}\` | ${ERROR_CATALOGUE[code].status} |`);
  });

  it.each(codes)('gives %s distinct Indonesian and English text', (code) => {
    const indonesian = errorMessage(code, 'id', { date: '2026-01-22' });
    const english = errorMessage(code, 'en', { date: '2026-01-22' });

    expect(indonesian.length).toBeGreaterThan(10);
    expect(english.length).toBeGreaterThan(10);
    expect(indonesian).not.toBe(english);
  });

  it('maps every code to a 4xx or 5xx status', () => {
    for (const code of codes) {
      expect(ERROR_CATALOGUE[code].status).toBeGreaterThanOrEqual(400);
    }
  });
});
