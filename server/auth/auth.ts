import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { Database } from '../db/schema.ts';
import { recordAudit } from '../audit/audit.ts';
import { tooManyRequests, unauthorized } from '../errors.ts';
import { verifyAgainstDummy, verifyPassword } from './password.ts';

export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
  organizationId: number;
  locale: 'vi' | 'en';
  isAdmin: boolean;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function minutesBefore(at: Date, minutes: number): string {
  return new Date(at.getTime() - minutes * 60_000).toISOString();
}

/**
 * Refuses a login once an account or an address has too many recent failures. Counted in the
 * database, so the limit holds across every server instance.
 */
async function assertNotThrottled(db: Kysely<Database>, config: Config, now: Date, email: string, ip: string) {
  const since = minutesBefore(now, config.loginWindowMinutes);
  const [byAccount, byIp] = await Promise.all([
    db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', '=', email).where('succeeded', '=', 0).where('at', '>', since).executeTakeFirstOrThrow(),
    db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ip', '=', ip).where('succeeded', '=', 0).where('at', '>', since).executeTakeFirstOrThrow(),
  ]);
  if (Number(byAccount.n) >= config.loginFailuresPerAccount || Number(byIp.n) >= config.loginFailuresPerIp) {
    throw tooManyRequests(`Too many failed attempts. Try again in ${config.loginWindowMinutes} minutes.`);
  }
}

/**
 * Checks a password and opens a session. A wrong email, a wrong password and a deactivated account
 * all get the same answer. Returns the raw token: only its hash is stored.
 */
export async function login(
  db: Kysely<Database>,
  config: Config,
  now: Date,
  input: { email: string; password: string; ip: string },
): Promise<{ token: string; userId: number }> {
  await assertNotThrottled(db, config, now, input.email, input.ip);
  const user = await db.selectFrom('users').selectAll().where('email', '=', input.email).executeTakeFirst();
  const valid = user ? await verifyPassword(user.password_hash, input.password) : await verifyAgainstDummy(input.password);
  const at = now.toISOString();
  if (!user || !valid || !user.active) {
    await db.insertInto('login_attempts').values({ email: input.email, ip: input.ip, at, succeeded: 0 }).execute();
    throw unauthorized('invalid_credentials', 'Wrong email or password');
  }
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(now.getTime() + config.sessionAbsoluteHours * 3_600_000).toISOString();
  await db.transaction().execute(async (tx) => {
    const session = await tx
      .insertInto('sessions')
      .values({ token_hash: hashToken(token), user_id: user.id, created_at: at, last_seen_at: at, expires_at: expires })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('login_attempts').values({ email: input.email, ip: input.ip, at, succeeded: 1 }).execute();
    await recordAudit(tx, { actor: { userId: user.id, organizationId: user.organization_id }, at }, {
      action: 'session.login',
      subject: { type: 'session', id: session.id },
    });
  });
  return { token, userId: user.id };
}

/** Minimum gap between writes of `last_seen_at`, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000;

const sessionByHash = preparedQuery((db: Kysely<Database>, tokenHash: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as sessionId',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id',
      'users.email',
      'users.display_name',
      'users.organization_id',
      'users.locale',
      'users.is_admin',
      'users.active',
    ])
    .where('sessions.token_hash', '=', tokenHash),
);

/** The live session's user, or null when the token is unknown, idle too long, past its end, or its user is inactive. */
export async function userForToken(
  db: Kysely<Database>,
  config: Config,
  now: Date,
  token: string,
): Promise<SessionUser | null> {
  const [row] = await sessionByHash(db, hashToken(token));
  if (!row || !row.active) return null;
  const nowIso = now.toISOString();
  const idleLimit = minutesBefore(now, config.sessionIdleMinutes);
  if (row.expires_at <= nowIso || row.last_seen_at <= idleLimit) {
    await db.deleteFrom('sessions').where('id', '=', row.sessionId).execute();
    return null;
  }
  if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ last_seen_at: nowIso }).where('id', '=', row.sessionId).execute();
  }
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    organizationId: row.organization_id,
    locale: row.locale,
    isAdmin: row.is_admin === 1,
  };
}

/** Ends one session at once. */
export async function logout(db: Kysely<Database>, now: Date, token: string, user: SessionUser): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const ended = await tx.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).returning('id').executeTakeFirst();
    if (!ended) return;
    await recordAudit(tx, { actor: { userId: user.id, organizationId: user.organizationId }, at: now.toISOString() }, {
      action: 'session.logout',
      subject: { type: 'session', id: ended.id },
    });
  });
}

/** Old attempts only matter inside the throttle window; keep a day for investigation. */
export async function pruneLoginAttempts(db: Kysely<Database>, now: Date): Promise<void> {
  await db.deleteFrom('login_attempts').where('at', '<', minutesBefore(now, 24 * 60)).execute();
}
