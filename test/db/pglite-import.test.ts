// `npm run db:migrate-from-pglite`: a group that studied on the PGlite database of earlier versions keeps its
// members, sessions and settings on PostgreSQL, and new rows continue after the copied ids.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../src/db/client.js';
import { importPglite, PgliteImportError } from '../../src/db/pglite-import.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let pgliteDir: string;
let database: TestDatabase;

beforeAll(async () => {
  pgliteDir = await mkdtemp(path.join(tmpdir(), 'boksup-pglite-'));
  const pglite = new PGlite(pgliteDir);
  await migrate(drizzle({ client: pglite }), { migrationsFolder: MIGRATIONS_FOLDER });
  await pglite.exec(`
    insert into users (id, timezone, streak_current, streak_best) values ('100', 'Asia/Seoul', 3, 7), ('200', null, 0, 1);
    insert into study_sessions (user_id, queue, step, started_at)
      values ('100', '["a","b"]', '{"stage":"question","shownAt":"2026-01-01T00:00:00Z","shuffle":[],"picked":[]}', now()),
             ('200', '["c"]', '{"stage":"answered","shownAt":"2026-01-02T00:00:00Z","shuffle":[1,0],"picked":[]}', now());
  `);
  await pglite.close();
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
  await rm(pgliteDir, { recursive: true, force: true });
});

describe('moving a PGlite database into PostgreSQL', () => {
  it('copies every row, and identities continue after the copied ids', async () => {
    const report = await importPglite(pgliteDir, database.sql);
    expect(report.tables).toContainEqual({ table: 'users', rows: 2 });
    expect(report.tables).toContainEqual({ table: 'study_sessions', rows: 2 });

    const members = await database.sql`select id, timezone, streak_best from users order by id`;
    expect(members).toEqual([
      { id: '100', timezone: 'Asia/Seoul', streak_best: 7 },
      { id: '200', timezone: null, streak_best: 1 },
    ]);
    const [session] = await database.sql`select step from study_sessions where user_id = '200'`;
    expect(session?.step).toEqual({
      stage: 'answered',
      shownAt: '2026-01-02T00:00:00Z',
      shuffle: [1, 0],
      picked: [],
    });
    const [next] = await database.sql`
      insert into study_sessions (user_id, queue, step, started_at)
      values ('100', '[]', '{}', now()) returning id`;
    expect(Number(next?.id)).toBe(3);
  });

  it('refuses to copy into a database that already has members', async () => {
    await expect(importPglite(pgliteDir, database.sql)).rejects.toThrow(PgliteImportError);
  });
});
