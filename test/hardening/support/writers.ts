import type { HttpSession } from '../../support/server.ts';

/** What writers were told: an acknowledged write is one answered 200. */
export interface WriteLog {
  /** Organization codes whose creation was acknowledged, with the time of the acknowledgement. */
  created: Map<string, number>;
  /** Answers that were neither 200 nor a dropped connection. */
  unexpected: string[];
}

export interface Writers {
  log: WriteLog;
  /** Stops after the writes in flight; resolves when every writer has returned. */
  stop(): Promise<void>;
  /** Resolves when every writer has returned (stopped, or its server went away). */
  done: Promise<void>;
}

/**
 * `count` writers creating organizations with unique codes (`PREFIX-writer-n`), each as fast as its
 * server answers, until stopped or the connection fails (the server was killed).
 */
export function startOrganizationWriters(session: HttpSession, prefix: string, count: number, log?: WriteLog): Writers {
  const writeLog: WriteLog = log ?? { created: new Map(), unexpected: [] };
  let stopped = false;
  const loops = Array.from({ length: count }, async (_, writer) => {
    for (let i = 0; !stopped; i++) {
      const code = `${prefix}-${writer}-${i}`;
      let answer;
      try {
        answer = await session.call('admin.organizations.create', { code, nameVi: `Tổ chức ${code}`, nameEn: `Organization ${code}` });
      } catch {
        return;
      }
      if (answer.status === 200) writeLog.created.set(code, Date.now());
      else writeLog.unexpected.push(`create ${code}: ${answer.status} ${JSON.stringify(answer.error ?? null)}`);
    }
  });
  const done = Promise.all(loops).then(() => undefined);
  return {
    log: writeLog,
    done,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

/** Resolves once `condition` holds, checking every 20 ms; throws after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The last acknowledged state of an organization that one writer keeps renaming. */
export interface AckedVersion {
  id: number;
  code: string;
  version: number;
  nameVi: string;
}

/**
 * One writer renaming the same organization over and over, each time with the version it last saw,
 * until stopped or the connection fails. `acked` is what the server last acknowledged.
 */
export function startRenamer(session: HttpSession, start: AckedVersion, unexpected: string[]) {
  const state = { acked: { ...start }, basedOn: start.version };
  let stopped = false;
  const done = (async () => {
    for (let n = 0; !stopped; n++) {
      const nameVi = `Tên lần ${n} của ${start.code}`;
      let answer;
      try {
        answer = await session.call('admin.organizations.update', {
          id: start.id,
          version: state.basedOn,
          code: start.code,
          nameVi,
          nameEn: `Organization ${start.code}`,
        });
      } catch {
        return;
      }
      if (answer.status === 200) {
        state.acked = { ...start, version: answer.data.version, nameVi: answer.data.nameVi };
        state.basedOn = answer.data.version;
      } else if (answer.status === 409) {
        // An update of ours committed but unacknowledged when the server died: carry on from the current row.
        state.basedOn = (answer.error?.data?.current as { version: number }).version;
      } else {
        unexpected.push(`rename ${start.code}: ${answer.status} ${JSON.stringify(answer.error ?? null)}`);
      }
    }
  })();
  return {
    state,
    done,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}
