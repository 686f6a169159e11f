import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dictionary } from '../shared/dictionary.ts';

const entries = Object.entries(dictionary) as [string, { vi: string; en: string }][];
const keys = new Set(entries.map(([key]) => key));

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, pattern) : pattern.test(name) ? [path] : [];
  });
}

// The client's own files, and the shared sentence builder the client and the Activity CSV both use.
const clientSource = [...filesUnder('client/src', /\.tsx?$/), 'shared/activity-sentence.ts']
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Texts that are the same in both languages on purpose (names, borrowed words). */
const SAME_IN_BOTH = new Set(['app.name', 'nav.menu', 'login.email', 'user.email']);

/** Keys the client builds at run time: `error.<reason>`, `role.<role>`, `status.<status>`. */
const DYNAMIC_PREFIXES = ['error.', 'role.', 'status.'];

describe('the dictionary', () => {
  it('has a non-empty Vietnamese and English text for every key', () => {
    const missing = entries.filter(([, text]) => !text.vi?.trim() || !text.en?.trim()).map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it('uses the same {placeholders} in both languages', () => {
    const mismatched = entries.filter(([, text]) => placeholders(text.vi).join() !== placeholders(text.en).join()).map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('writes Vietnamese in precomposed form (NFC), so diacritics render and compare correctly', () => {
    const decomposed = entries.filter(([, text]) => text.vi !== text.vi.normalize('NFC') || text.en !== text.en.normalize('NFC')).map(([key]) => key);
    expect(decomposed).toEqual([]);
  });

  it('translates: a text is the same in both languages only where that is meant', () => {
    const untranslated = entries.filter(([key, text]) => text.vi === text.en && !SAME_IN_BOTH.has(key)).map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it('has every key the client asks for', () => {
    const used = [
      ...[...clientSource.matchAll(/\bt\(\s*'([^']+)'/g)].map((m) => m[1]!),
      ...[...clientSource.matchAll(/data-invalid-message="([^"]+)"/g)].map((m) => m[1]!),
      ...[...clientSource.matchAll(/:\s*'((?:admin\.tab)\.[\w.]+)'/g)].map((m) => m[1]!),
    ];
    expect(used.length).toBeGreaterThan(100);
    expect([...new Set(used)].filter((key) => !keys.has(key))).toEqual([]);
    for (const role of ['coordinator', 'approver', 'member', 'viewer']) expect(keys.has(`role.${role}`), role).toBe(true);
    for (const status of ['draft', 'active', 'closed']) expect(keys.has(`status.${status}`), status).toBe(true);
  });

  it('has no key that nothing uses', () => {
    const unused = [...keys].filter((key) => !DYNAMIC_PREFIXES.some((p) => key.startsWith(p)) && !clientSource.includes(`'${key}'`) && !clientSource.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });

  it('translates every refusal reason of the Foundation server (auth, projects, admin)', () => {
    const serverFiles = ['server/trpc.ts', 'server/errors.ts', ...filesUnder('server/auth', /\.ts$/), ...filesUnder('server/projects', /\.ts$/), ...filesUnder('server/admin', /\.ts$/), ...filesUnder('server/approvals', /\.ts$/), ...filesUnder('server/outline', /\.ts$/), ...filesUnder('server/plan', /\.ts$/), ...filesUnder('server/tasks', /\.ts$/), ...filesUnder('server/funding', /\.ts$/), ...filesUnder('server/dashboard', /\.ts$/), ...filesUnder('server/timeline', /\.ts$/), ...filesUnder('server/calendar', /\.ts$/)];
    const source = serverFiles.map((file) => readFileSync(file, 'utf8')).join('\n');
    const reasons = new Set([
      ...[...source.matchAll(/\b(?:badRequest|unauthorized|forbidden|conflict|domainError\([A-Z_']+,)\s*\(?\s*'([a-z_]+)'/g)].map((m) => m[1]!),
      ...[...source.matchAll(/reason = '([a-z_]+)'/g)].map((m) => m[1]!),
      // A spreadsheet that cannot be read at all is refused with the SpreadsheetError's reason.
      ...[...source.matchAll(/new SpreadsheetError\('([a-z_]+)'/g)].map((m) => m[1]!),
      ...[...source.matchAll(/'(not_found|too_many_attempts|invalid_input)'/g)].map((m) => m[1]!),
    ]);
    expect(reasons.size).toBeGreaterThan(8);
    expect([...reasons].filter((reason) => !keys.has(`error.${reason}`))).toEqual([]);
  });
});
