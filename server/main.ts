import { configFromEnv } from './config.ts';
import { DEMO_PASSWORD, demoLogins } from './demo/seed.ts';
import { startServer } from './server.ts';

const config = configFromEnv();
const running = await startServer(config);
running.logger.info({ url: running.url, db: running.handle.dialect }, 'LienKet is listening');

if (config.demo) {
  const lines = demoLogins().map((d) => `  ${d.email.padEnd(34)} ${d.role}`);
  console.log(
    [``, `LienKet is running at ${running.url}`, ``, `Demo logins (password for all: ${DEMO_PASSWORD}):`, ...lines, ``].join('\n'),
  );
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  running.logger.info({ signal }, 'shutting down: finishing in-flight requests');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await running.close();
  running.logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
