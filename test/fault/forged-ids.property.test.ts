// Random and forged custom_ids handed to the study service: none may record an answer. Ids come the way the
// router passes them: through parseCustomId, and only study ids reach handleStudyAction.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { buildCatalog } from '../../src/content/catalog.js';
import { syncContent } from '../../src/db/repositories/content-sync.js';
import { findSession } from '../../src/db/repositories/study-sessions.js';
import { reviewLogs } from '../../src/db/schema/index.js';
import type { Deps } from '../../src/deps.js';
import { buildCustomId, parseCustomId } from '../../src/discord/custom-id.js';
import { handleStudyAction, startStudy } from '../../src/services/study.js';
import { FIXTURE_CONTENT_DIR, loadFixtureContent } from '../support/content.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { testDeps } from '../support/deps.js';
import { countSessionReviews } from '../support/rows.js';

const OWNER = '100000000000000001';
const STRANGER = '100000000000000666';

describe('forged custom_ids against the study service', () => {
  let database: TestDatabase;
  let deps: Deps;
  const sessions: { id: number; version: number }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const content = await loadFixtureContent();
    const now = new Date('2026-03-02T01:00:00Z');
    await syncContent(database.db, content, now);
    deps = testDeps({
      db: database.db,
      clock: () => now,
      catalog: buildCatalog(content),
      config: parseConfig({ CONTENT_DIR: FIXTURE_CONTENT_DIR, DEFAULT_TIMEZONE: 'Asia/Seoul' }),
      instanceId: 'property-test',
    });
    // Two open sessions of the owner (the second ends the first) to aim forged ids at.
    for (let i = 0; i < 2; i++) {
      const started = await startStudy(deps, { userId: OWNER, guildId: null }, null);
      if (!started.ok || started.screen.type !== 'item') throw new Error('expected a study screen');
      sessions.push({ id: started.screen.session.id, version: started.screen.session.version });
    }
    // Starting the second session ended the first, which moved its version: aim at the versions stored now, so
    // the owner's forged versions below are never the current one (End on a finished session is "Done").
    for (const session of sessions) {
      const stored = await findSession(database.sql, session.id);
      if (!stored) throw new Error('expected the session to be stored');
      session.version = stored.version;
    }
  });
  afterAll(async () => {
    await database?.destroy();
  });

  const studyAction = fc.oneof(
    fc.constantFrom('rv', 'co', 'cs', 'nx', 'un', 'en', 'or').map((code) => [code]),
    fc.tuple(fc.constantFrom('gr', 'ch', 'op'), fc.integer({ min: 0, max: 30 }).map(String)),
  );
  /** Well-formed study ids aimed at real sessions: wrong version, wrong owner, or a session that does not exist. */
  const forged = fc
    .record({
      target: fc.oneof(
        fc.constantFrom(0, 1).map((index) => ({ kind: 'real' as const, index })),
        fc.integer({ min: 3, max: 1_000_000 }).map((id) => ({ kind: 'missing' as const, id })),
      ),
      versionShift: fc.integer({ min: -3, max: 50 }),
      stranger: fc.boolean(),
      action: studyAction,
      clozeText: fc.option(fc.string({ maxLength: 120 }), { nil: undefined }),
    })
    .map(({ target, versionShift, stranger, action, clozeText }) => {
      const session = target.kind === 'real' ? sessions[target.index] : undefined;
      const sessionId = session?.id ?? (target.kind === 'missing' ? target.id : 0);
      const ownVersion = session?.version ?? 0;
      // The owner's clicks are forged by the version (never the current one); a stranger's by who clicks.
      const version = stranger
        ? Math.max(0, ownVersion + versionShift)
        : ownVersion + 1 + Math.abs(versionShift);
      return {
        raw: ['bk', '1', action[0], sessionId, version, ...action.slice(1)].join(':'),
        stranger,
        clozeText,
      };
    });
  const garbage = fc
    .oneof(fc.string({ maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 100 }))
    .map((raw) => ({ raw, stranger: true, clozeText: undefined as string | undefined }));

  it('records no answer for any random or forged id', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(forged, garbage), async ({ raw, stranger, clozeText }) => {
        const id = parseCustomId(raw);
        if (id?.kind !== 'study') return; // the router answers these politely and calls nothing
        const { sessionId, version, kind: _kind, ...action } = id;
        const result = await handleStudyAction(
          deps,
          { userId: stranger ? STRANGER : OWNER, guildId: null },
          { sessionId, version },
          action,
          clozeText === undefined ? {} : { clozeText },
        );
        expect(result.ok).toBe(false);
      }),
      { numRuns: 50 },
    );
    expect(await database.db.$count(reviewLogs)).toBe(0);
    for (const session of sessions) expect(await countSessionReviews(database.db, session.id)).toBe(0);
  });

  it('still takes the owner’s real click afterwards (the forged ones changed nothing)', async () => {
    const current = sessions[1];
    if (!current) throw new Error('no session');
    const result = await handleStudyAction(
      deps,
      { userId: OWNER, guildId: null },
      { sessionId: current.id, version: current.version },
      { action: 'reveal' },
    );
    expect(result.ok && result.screen.type).toBe('item');
    expect(
      buildCustomId({ kind: 'study', sessionId: current.id, version: current.version, action: 'reveal' }),
    ).toMatch(/^bk:1:rv:/);
  });
});
