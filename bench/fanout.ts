import http from 'node:http';

/**
 * Live fan-out: SUBSCRIBERS open `live.projectEvents` over SSE on one project, as the browser does
 * (httpSubscriptionLink: GET /trpc/live.projectEvents?input=… with the session cookie), while task
 * updates go on one after the other. For each update, the delay from sending it to each subscriber
 * receiving its event (an upper bound of commit → delivery: it includes the update's own handling).
 */
export const SUBSCRIBERS = 500;
const UPDATES = 100;
const UPDATE_INTERVAL_MS = Number(process.env.BENCH_FANOUT_INTERVAL_MS ?? 50);

export interface FanoutResult {
  subscribers: number;
  updates: number;
  /** Time between two updates (BENCH_FANOUT_INTERVAL_MS, 50 by default: 20 commits a second). */
  intervalMs: number;
  delivered: number;
  expected: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The server's RSS growth with every subscriber connected, per subscriber. */
  rssPerSubscriberKb: number;
  /** The server's CPU time while the updates went on, per event delivered to one subscriber. */
  cpuUsPerDelivery: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : NaN;
}

export async function measureFanout(options: {
  appUrl: string;
  cookie: string;
  projectId: number;
  tasks: { id: number; version: number }[];
  rssKb: () => number;
  cpuUs: () => number;
}): Promise<FanoutResult> {
  const { appUrl, cookie, projectId, tasks, rssKb, cpuUs } = options;
  // One connection per subscriber, as 500 browsers would have.
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const sentAt = new Map<string, number>();
  const delays: number[] = [];
  const requests: http.ClientRequest[] = [];
  const rssBefore = rssKb();

  const subscribe = () =>
    new Promise<void>((resolve, reject) => {
      const input = encodeURIComponent(JSON.stringify({ projectId }));
      const request = http.get(`${appUrl}/trpc/live.projectEvents?input=${input}`, { agent, headers: { cookie, accept: 'text/event-stream' } }, (response) => {
        if (response.statusCode !== 200) return reject(new Error(`subscription refused: ${response.statusCode}`));
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            // The stream opens with a `connected` event; then each message is a batch of audit events.
            if (message.includes('event: connected')) resolve();
            for (const [, subject] of message.matchAll(/"subjectType":"task","subjectId":"(\d+)"/g)) {
              const sent = sentAt.get(subject!);
              if (sent !== undefined) delays.push(performance.now() - sent);
            }
          }
        });
        response.on('error', () => {});
      });
      request.on('error', () => {});
      requests.push(request);
    });

  // Open them a few at a time, as page loads would.
  for (let i = 0; i < SUBSCRIBERS; i += 50) await Promise.all(Array.from({ length: Math.min(50, SUBSCRIBERS - i) }, subscribe));
  await new Promise((r) => setTimeout(r, 500));
  const rssPerSubscriberKb = (rssKb() - rssBefore) / SUBSCRIBERS;

  let updates = 0;
  const cpuBefore = cpuUs();
  for (const task of tasks.slice(0, UPDATES)) {
    const started = performance.now();
    sentAt.set(String(task.id), started);
    const response = await fetch(`${appUrl}/trpc/tasks.updateWork`, {
      method: 'POST',
      headers: { cookie, origin: appUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ projectId, taskId: task.id, version: task.version, progress: 7 }),
    });
    if (response.ok) updates++;
    await response.text();
    await new Promise((r) => setTimeout(r, Math.max(0, UPDATE_INTERVAL_MS - (performance.now() - started))));
  }
  // Let the last events arrive.
  const expected = updates * SUBSCRIBERS;
  const deadline = performance.now() + 10_000;
  while (delays.length < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const cpuUsPerDelivery = (cpuUs() - cpuBefore) / Math.max(1, delays.length);
  for (const request of requests) request.destroy();

  const sorted = [...delays].sort((a, b) => a - b);
  return {
    subscribers: SUBSCRIBERS,
    updates,
    intervalMs: UPDATE_INTERVAL_MS,
    delivered: delays.length,
    expected,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? NaN,
    rssPerSubscriberKb,
    cpuUsPerDelivery,
  };
}
