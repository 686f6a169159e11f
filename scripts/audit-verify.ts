import { verifyAuditChain } from '../server/audit/audit.ts';
import { configFromEnv, sqliteFile } from '../server/config.ts';
import { openDatabase } from '../server/db/connect.ts';

const config = configFromEnv();
const { db } = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFile(config) });
try {
  const report = await verifyAuditChain(db);
  if (report.ok) {
    console.log(`Audit chain intact: ${report.events} events.`);
  } else {
    console.error(`Audit chain BROKEN at event ${report.brokenAt}: ${report.problem} (${report.events} events verified before it).`);
    process.exitCode = 1;
  }
} finally {
  await db.destroy();
}
