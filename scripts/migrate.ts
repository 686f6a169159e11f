import { configFromEnv, sqliteFile } from '../server/config.ts';
import { openDatabase } from '../server/db/connect.ts';
import { migrateToLatest } from '../server/db/migrate.ts';

const config = configFromEnv();
const { db, dialect } = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFile(config) });
try {
  const result = await migrateToLatest(db);
  const applied = result.results?.map((r) => r.migrationName) ?? [];
  console.log(applied.length ? `Applied on ${dialect}: ${applied.join(', ')}` : `Schema on ${dialect} is up to date`);
} finally {
  await db.destroy();
}
