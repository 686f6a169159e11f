import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoEmail } from '../../server/demo/seed.ts';
import { appRouter } from '../../server/router.ts';
import { describeEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { AUTHORIZATION_MATRIX } from './authorization-matrix.ts';
import { fingerprint, type Fingerprint } from './support/fingerprint.ts';
import { createScratchWorld } from './support/matrix-world.ts';

// Every procedure over real HTTP, as a logged-in administrator and a logged-in coordinator, with
// malformed and hostile inputs: never a 5xx, no internals in an error, and an error changes nothing
// in the database. `HARD=1` (npm run test:hard) runs many more cases; FUZZ_SEED replays a run.

const HARD = process.env.HARD === '1';
const RUNS_PER_PROCEDURE = Number(process.env.FUZZ_RUNS ?? (HARD ? 150 : 3));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/** Requests no client would send, tried on every procedure in the quick run (all of them under HARD=1). */
const QUICK_RAW_CASES = new Set(['malformed JSON', 'the other HTTP method', 'prototype pollution keys', 'a batch with a broken index']);

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;

// ── hostile values ──────────────────────────────────────────────────────────────────────────

const VIETNAMESE = 'Thí điểm cơ chế khuyến khích hợp tác liên kết sản xuất — Khu kinh tế mở Chu Lai, Quảng Nam; Trung tâm cơ khí';

/** A value serialized as `depth` nested objects or arrays: JSON.stringify itself would overflow the stack. */
class Deep {
  constructor(
    readonly depth: number,
    readonly arrays: boolean,
  ) {}
}

const hostileString = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      "' OR '1'='1",
      "1'; DROP TABLE users; --",
      '") OR 1=1 --',
      "' UNION SELECT password_hash, email FROM users --",
      "'; UPDATE audit_head SET seq = 0; --",
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(document.cookie)>',
      '[bấm vào đây](javascript:alert(1))',
      '<svg/onload=alert(1)>',
      'NaN',
      'Infinity',
      '-Infinity',
      '1e309',
      '-0',
      '0x7fffffff',
      '9007199254740993',
      '2147483648',
      '__proto__',
      'constructor',
      '\u0000',
      'Cơ khí\u0000',
      '%00',
      '\uD800',
      '\uDFFF\uD800',
      '\u202Egnp.exe',
      '\uFEFF',
      '\r\n\r\n',
      '   ',
      '',
      '2026-02-30',
      '2026-13-01',
      '0000-00-00',
      '+275760-09-13',
      '2026-1-1',
      '2026-01-01T00:00:00Z',
      'draft',
      'null',
      '../../../../etc/passwd',
      '${process.exit(1)}',
      '{{constructor.constructor("return process")().exit()}}',
      VIETNAMESE.normalize('NFC'),
      VIETNAMESE.normalize('NFD'),
      VIETNAMESE.normalize('NFKC'),
      VIETNAMESE.normalize('NFKD'),
    ),
    weight: 4,
  },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  // Huge: past every field's limit, and (for queries) past the URL limit. Rarer: they are slow to send.
  {
    arbitrary: fc.oneof(
      fc.constantFrom(10_000, 80_000, 200_000).map((n) => 'ệ'.repeat(n)),
      fc.constantFrom(5_000, 30_000).map((n) => VIETNAMESE.normalize('NFD').repeat(Math.ceil(n / VIETNAMESE.length)).slice(0, n)),
    ),
    weight: 1,
  },
);

const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 0.5, 1.5, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, -1e308),
  // Well-formed ids that name nothing.
  fc.integer({ min: 1_000_000, max: 2 ** 31 - 1 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'projectId', 'id', 'version', 'isAdmin', 'json', '0', ''),
  fc.string({ maxLength: 12 }),
);

const deepValue = fc
  .record({ depth: fc.constantFrom(64, 2_000, 100_000), arrays: fc.boolean() })
  .map(({ depth, arrays }) => new Deep(depth, arrays));

const { hostileValue } = fc.letrec((tie) => ({
  hostileValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    deepValue,
    fc.array(tie('hostileValue'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('hostileValue'), { maxKeys: 4 }),
  ),
}));

/** How one case is made from the procedure's valid input (from the authorization matrix). */
type Plan =
  | { kind: 'anything'; value: unknown }
  | { kind: 'field'; pick: number; value: unknown }
  | { kind: 'drop'; pick: number }
  | { kind: 'texts'; texts: string[] };

const plan: fc.Arbitrary<Plan> = fc.oneof(
  hostileValue.map((value) => ({ kind: 'anything' as const, value })),
  fc.record({ pick: fc.nat(), value: hostileValue }).map((p) => ({ kind: 'field' as const, ...p })),
  fc.record({ pick: fc.nat(), value: hostileValue }).map((p) => ({ kind: 'field' as const, ...p })),
  fc.nat().map((pick) => ({ kind: 'drop' as const, pick })),
  fc.array(hostileString, { minLength: 1, maxLength: 6 }).map((texts) => ({ kind: 'texts' as const, texts })),
);

function applyPlan(p: Plan, base: unknown): unknown {
  const object = base && typeof base === 'object' ? (base as Record<string, unknown>) : undefined;
  const keys = object ? Object.keys(object) : [];
  switch (p.kind) {
    case 'anything':
      return p.value;
    case 'field': {
      // One past the known keys: an unexpected extra key.
      const key = keys[p.pick % (keys.length + 1)] ?? '__extra';
      return { ...object, [key]: p.value };
    }
    case 'drop': {
      if (keys.length === 0) return p.pick % 2 === 0 ? {} : [];
      const copy = { ...object };
      delete copy[keys[p.pick % keys.length]!];
      return copy;
    }
    case 'texts': {
      // A valid shape with hostile text in every string field: this reaches the domain code.
      let i = 0;
      return Object.fromEntries(keys.map((k) => [k, typeof object![k] === 'string' ? p.texts[i++ % p.texts.length] : object![k]]));
    }
  }
}

/** JSON text for a value that may hold `Deep` parts; undefined (no input) stays undefined. */
function toJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Deep) {
    const [open, close] = value.arrays ? ['[', ']'] : ['{"a":', '}'];
    return `${open.repeat(value.depth)}1${close.repeat(value.depth)}`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => toJson(v) ?? 'null').join(',')}]`;
  if (value && typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
      const json = toJson(v);
      return json === undefined ? [] : [`${JSON.stringify(k)}:${json}`];
    });
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

function describeValue(value: unknown): string {
  const json = toJson(value) ?? 'undefined';
  return json.length > 300 ? `${json.slice(0, 300)}… (${json.length} chars)` : json;
}

// ── HTTP ────────────────────────────────────────────────────────────────────────────────────

interface Answer {
  status: number;
  body: string;
}

class Session {
  cookie = '';
  constructor(
    readonly server: TestServer,
    readonly email: string,
  ) {}

  async login(): Promise<void> {
    const answer = await this.send('auth.login', JSON.stringify({ email: this.email, password: DEMO_PASSWORD }));
    if (answer.status !== 200) throw new Error(`${this.email} cannot log in: ${answer.status} ${answer.body}`);
  }

  /** One tRPC call with raw JSON text: queries as GET ?input=, mutations as a POST body. */
  async send(path: string, json: string | undefined, init: { method?: string; contentType?: string; query?: string } = {}): Promise<Answer> {
    const type = procedures[path]?._def.type ?? 'mutation';
    const method = init.method ?? (type === 'query' ? 'GET' : 'POST');
    const headers: Record<string, string> = { origin: this.server.origin };
    if (this.cookie) headers.cookie = this.cookie;
    let url = `${this.server.url}/trpc/${path}${init.query ?? ''}`;
    let body: string | undefined;
    if (method === 'GET') {
      if (json !== undefined) url += `${url.includes('?') ? '&' : '?'}input=${encodeURIComponent(json)}`;
    } else {
      headers['content-type'] = init.contentType ?? 'application/json';
      body = json;
    }
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body });
    } catch (error) {
      // Node's HTTP parser refuses a request line past its 16 KB header limit (431) and closes the
      // socket while the client is still writing: a refusal at the door, not a server failure.
      if (url.length > 16_384) return { status: 431, body: '' };
      // Likewise a body past the 1 MB cap: the 413 (with Connection: close) may be sent while we still upload.
      if (Buffer.byteLength(body ?? '') > 1024 * 1024) return { status: 413, body: '' };
      throw error;
    }
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    return { status: response.status, body: await response.text() };
  }
}

/** Words that only appear in an answer when internals leak: SQL errors, stack frames, file paths. */
const LEAK = /SQLITE_|syntax error|violates .* constraint|relation ".*" does not exist|node_modules|at \S+\.ts:\d+|\/work\//i;

describeEachDialect('fuzzing over HTTP', (dialect) => {
  let server: TestServer;
  const sessions: Session[] = [];
  let last: Fingerprint;

  beforeAll(async () => {
    // Fuzzed logins fail by the hundred from one address; the per-IP throttle must not lock our sessions out.
    server = await startTestServer(dialect, { loginFailuresPerIp: 1_000_000 });
    for (const email of [demoEmail('admin'), demoEmail('coordinator', 'VIOIT')]) {
      const session = new Session(server, email);
      await session.login();
      sessions.push(session);
    }
    last = await fingerprint(server.database.db);
  });
  afterAll(() => server?.stop());

  /** Checks one answer; returns a problem, or null. */
  async function judge(answer: Answer, what: string): Promise<string | null> {
    if (answer.status >= 500) return `${what} → ${answer.status} ${answer.body.slice(0, 300)}`;
    if (answer.status >= 400) {
      if (LEAK.test(answer.body)) return `${what} → ${answer.status} leaks internals: ${answer.body.slice(0, 300)}`;
      const now = await fingerprint(server.database.db);
      if (JSON.stringify(now) !== JSON.stringify(last)) {
        const changed = Object.keys(now.counts).filter((t) => now.counts[t] !== last.counts[t]);
        last = now;
        return `${what} → ${answer.status} but the database changed (${changed.join(', ') || 'audit head'})`;
      }
    } else {
      last = await fingerprint(server.database.db);
    }
    return null;
  }

  async function stayLoggedIn(session: Session, path: string, answer: Answer) {
    if (answer.status === 401 || (path === 'auth.logout' && answer.status === 200)) {
      await session.login();
      last = await fingerprint(server.database.db);
    }
  }

  it('answers the next request on a connection after refusing an oversized body', async () => {
    // Node drops the socket when a body is left unread; the 413 must say `Connection: close`, or the
    // client's next request goes into a dead keep-alive connection and fails without an answer.
    const [session] = sessions;
    for (let i = 0; i < 4; i++) {
      const big = await session!.send('auth.setLocale', JSON.stringify({ locale: 'x'.repeat(1_100_000) }));
      expect(big.status).toBe(413);
      expect((await session!.send('auth.me', undefined)).status).toBe(200);
      expect((await session!.send('auth.setLocale', JSON.stringify({ locale: 'vi' }))).status).toBe(200);
    }
  });

  const paths = Object.keys(procedures)
    .filter((p) => procedures[p]!._def.type !== 'subscription')
    .sort();

  for (const path of paths) {
    it(`${path}: hostile input never gets a 5xx, and an error changes nothing`, async () => {
      const entry = AUTHORIZATION_MATRIX[path];
      // A project of its own per procedure, so subjects built for one never fill another's limits.
      const world = await createScratchWorld(server.database.db);
      for (const session of sessions) {
        const who = session.email;
        // The valid input the hostile ones are made from; rebuilt once a call succeeds, since it may have consumed it.
        let base: unknown;
        let stale = true;
        const baseInput = async () => {
          if (stale) {
            // A builder may itself be refused once fuzzing has filled a limit: keep the last valid input then.
            base = entry?.input ? await Promise.resolve(entry.input(world)).catch(() => base) : undefined;
            // Building it wrote to the database; errors are judged against the state after that.
            last = await fingerprint(server.database.db);
          }
          stale = false;
          return base;
        };

        // Requests no client would send.
        const json = toJson(await baseInput());
        const rawCases: [string, Parameters<Session['send']>][] = [
          ['malformed JSON', [path, '{"projectId": 1,', { method: 'POST' }]],
          ['a JSON string body', [path, '"x"', { method: 'POST' }]],
          ['text/plain', [path, json ?? '{}', { method: 'POST', contentType: 'text/plain' }]],
          ['form-urlencoded', [path, 'projectId=1&id=1', { method: 'POST', contentType: 'application/x-www-form-urlencoded' }]],
          ['octet-stream', [path, '\u0000\u0001\u0002', { method: 'POST', contentType: 'application/octet-stream' }]],
          ['the other HTTP method', [path, json, { method: procedures[path]!._def.type === 'query' ? 'POST' : 'GET' }]],
          ['a batch of it', [path, JSON.stringify({ 0: base ?? null }), { query: '?batch=1' }]],
          ['a batch with a broken index', [path, '{"x": 1, "__proto__": {"isAdmin": true}}', { query: '?batch=1' }]],
          ['prototype pollution keys', [path, `{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"isAdmin": true}}${json && json.startsWith('{') && json.length > 2 ? `,${json.slice(1)}` : '}'}`]],
        ];
        const raw = rawCases.filter(([what]) => HARD || QUICK_RAW_CASES.has(what));
        const problems: string[] = [];
        for (const [what, args] of raw) {
          const answer = await session.send(...args);
          const problem = await judge(answer, `${who} ${what}`);
          if (problem) problems.push(problem);
          if (answer.status === 200) stale = true;
          await stayLoggedIn(session, path, answer);
        }
        expect(problems.join('\n')).toBe('');

        const details = await fc.check(
          fc.asyncProperty(plan, async (p) => {
            const input = applyPlan(p, await baseInput());
            const answer = await session.send(path, toJson(input));
            const problem = await judge(answer, `${who} ${path}(${describeValue(input)})`);
            if (answer.status === 200) stale = true;
            await stayLoggedIn(session, path, answer);
            if (problem) throw new Error(problem);
          }),
          { numRuns: RUNS_PER_PROCEDURE, seed: SEED, endOnFailure: true },
        );
        // fast-check's own report prints the whole counterexample, megabytes of it for huge strings.
        if (details.failed) {
          const error = details.errorInstance;
          const message = error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ''}` : String(error);
          throw new Error(`${message}\n(replay with FUZZ_SEED=${details.seed}; path ${details.counterexamplePath})`);
        }
      }
    });
  }
});
