import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { buildCatalog } from '../../src/content/catalog.js';
import { type LoadedContent, loadContent } from '../../src/content/load.js';
import { syncContent } from '../../src/db/repositories/content-sync.js';
import { findGroupLeechRecords, findRecentAnswers } from '../../src/db/repositories/memory-insights.js';
import {
  findActiveParameterSets,
  findReviewsForFitting,
  listParameterSets,
  recordParameterSet,
  resetMemberParameters,
} from '../../src/db/repositories/parameter-sets.js';
import { findOrCreateUser } from '../../src/db/repositories/users.js';
import { reviewLogs } from '../../src/db/schema/index.js';
import type { Deps } from '../../src/deps.js';
import { trueRetention } from '../../src/domain/forecast.js';
import { rankGroupLeeches } from '../../src/domain/leeches.js';
import type { SplitEvaluation } from '../../src/domain/tuning/adoption.js';
import { loadOptimizer } from '../../src/services/fsrs-optimizer.js';
import { runNightlyTuning } from '../../src/services/tuning.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';
import { testDeps } from '../support/deps.js';
import { drawMembers, type SimulatedAnswer, simulateMember } from '../support/simulated-group.js';

const config = parseConfig({ DEFAULT_TIMEZONE: 'UTC', LOG_LEVEL: 'silent' });
const START = new Date('2026-01-05T00:00:00Z');
const NIGHT = new Date('2026-03-06T18:30:00Z');
const optimizer = await loadOptimizer(pino({ level: 'silent' }));

let content: LoadedContent;
let answers: SimulatedAnswer[];

async function realDecks(): Promise<LoadedContent> {
  const loaded = await loadContent(fileURLToPath(new URL('../../content/', import.meta.url)));
  if (!loaded.ok) throw new Error('the decks do not load');
  return loaded.content;
}

const evaluation = (candidate: number, current: number): SplitEvaluation => ({
  candidate: { logLoss: candidate, rmseBins: 0.05 },
  current: { logLoss: current, rmseBins: 0.06 },
  folds: 3,
  testItems: 400,
  trainItems: 1200,
});
const params = (value: number) => Array.from({ length: 21 }, (_, i) => value + i / 100);

describe.each(testDrivers)('parameter tuning on %s', (driver) => {
  let database: TestDatabase;
  const deps = (instanceId: string): Deps =>
    testDeps({ db: database.db, clock: () => NIGHT, catalog: buildCatalog(content), config, instanceId });

  // One database for the file: setting up the decks and 4,000 answers is most of the cost, and each test
  // below works on its own scope or night.
  beforeAll(async () => {
    content ??= await realDecks();
    answers ??= drawMembers(4, 11).flatMap((member) =>
      simulateMember(member, {
        items: content.decks.flatMap((deck) => deck.items.map((item) => item.id)),
        days: 60,
        start: START,
        targetRetention: 0.9,
        parametersFor: () => null,
      }),
    );
    database = await createTestDatabase(driver);
    await syncContent(database.db, content, START);
    for (const userId of new Set(answers.map((a) => a.userId))) await findOrCreateUser(database.db, userId);
    const rows = answers.map((a) => ({
      userId: a.userId,
      itemId: a.itemId,
      guildId: 'guild-1',
      rating: a.rating,
      correct: a.rating > 1,
      stateBefore: a.stateBefore,
      wasDue: true,
      scheduledDays: 0,
      elapsedDays: a.elapsedDays,
      retrievability: a.predicted,
      dueAfter: a.reviewedAt,
      xp: 0,
      durationMs: 5000,
      reviewedAt: a.reviewedAt,
      undo: {} as never,
    }));
    for (let i = 0; i < rows.length; i += 1000)
      await database.db.insert(reviewLogs).values(rows.slice(i, i + 1000));
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('keeps every set with its evaluation, one active per scope, the newest adopted replacing the old', async () => {
    const db = database.db;
    const first = await recordParameterSet(db, {
      scope: 'server',
      scopeId: 'guild-1',
      parameters: params(1),
      evaluation: evaluation(0.4, 0.42),
      baselineSetId: null,
      adopt: true,
      now: START,
    });
    const rejected = await recordParameterSet(db, {
      scope: 'server',
      scopeId: 'guild-1',
      parameters: params(2),
      evaluation: evaluation(0.41, 0.4),
      baselineSetId: first,
      adopt: false,
      now: new Date(START.getTime() + 86_400_000),
    });
    const second = await recordParameterSet(db, {
      scope: 'server',
      scopeId: 'guild-1',
      parameters: params(3),
      evaluation: evaluation(0.38, 0.4),
      baselineSetId: first,
      adopt: true,
      now: new Date(START.getTime() + 2 * 86_400_000),
    });
    const active = await findActiveParameterSets(db, { userId: 'member-1', guildId: 'guild-1' });
    expect(active.server).toEqual({ id: second, scope: 'server', parameters: params(3) });
    expect(active.member).toBeNull();
    expect((await findActiveParameterSets(db, { userId: 'member-1', guildId: null })).server).toBeNull();
    const history = await listParameterSets(db, 'server', 'guild-1');
    expect(history.map((set) => [set.id, set.adoptedAt !== null, set.retiredAt !== null])).toEqual([
      [second, true, false],
      [rejected, false, false],
      [first, true, true],
    ]);
    expect(history[1]).toMatchObject({ logLoss: 0.41, baselineLogLoss: 0.4, baselineSetId: first });
  });

  it('forgets a member’s own set on reset, and fits them afterwards only on answers given since', async () => {
    const db = database.db;
    await recordParameterSet(db, {
      scope: 'member',
      scopeId: 'member-1',
      parameters: params(1),
      evaluation: evaluation(0.3, 0.4),
      baselineSetId: null,
      adopt: true,
      now: START,
    });
    expect((await findActiveParameterSets(db, { userId: 'member-1', guildId: null })).member).not.toBeNull();
    const resetAt = new Date(START.getTime() + 30 * 86_400_000);
    expect(await resetMemberParameters(db, 'member-1', resetAt)).toBe(true);
    expect((await findActiveParameterSets(db, { userId: 'member-1', guildId: null })).member).toBeNull();
    expect(await resetMemberParameters(db, 'member-1', resetAt)).toBe(false);
    const all = await findReviewsForFitting(db, { scope: 'member', scopeId: 'member-1', maxRows: 100_000 });
    const since = await findReviewsForFitting(db, {
      scope: 'member',
      scopeId: 'member-1',
      maxRows: 100_000,
      since: resetAt,
    });
    expect(all).toHaveLength(answers.filter((a) => a.userId === 'member-1').length);
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((row) => row.reviewedAt >= resetAt)).toBe(true);
  });

  it('reads whole cards only when the row cap cuts a history', async () => {
    const rows = await findReviewsForFitting(database.db, { scope: 'global', scopeId: null, maxRows: 101 });
    expect(rows.length).toBeLessThanOrEqual(101);
    const cards = new Set(rows.map((row) => row.cardKey));
    for (const card of cards) {
      const [userId, itemId] = card.split(':');
      const expected = answers.filter((a) => a.userId === userId && a.itemId === itemId).length;
      expect(rows.filter((row) => row.cardKey === card)).toHaveLength(expected);
    }
  });

  it('reads each member’s record on each item for the group’s leeches, and a member’s true retention', async () => {
    const records = await findGroupLeechRecords(database.db, { guildId: 'guild-1', since: START });
    const learned = answers.filter((a) => a.stateBefore === 2);
    const pairs = new Set(learned.map((a) => `${a.userId}|${a.itemId}`));
    expect(records).toHaveLength(pairs.size);
    const one = records.find((r) => r.lapses > 0);
    const theirs = learned.filter((a) => a.userId === one?.userId && a.itemId === one?.itemId);
    expect(one).toMatchObject({
      reviews: theirs.length,
      lapses: theirs.filter((a) => a.rating === 1).length,
      predictedReviews: theirs.length,
    });
    expect(one?.predictedSum).toBeCloseTo(
      theirs.reduce((sum, a) => sum + (a.predicted ?? 0), 0),
      3,
    );
    const ranked = rankGroupLeeches(records);
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.every((leech) => leech.members >= 3)).toBe(true);
    expect(await findGroupLeechRecords(database.db, { guildId: 'another', since: START })).toEqual([]);

    const mine = await findRecentAnswers(database.db, { userId: 'member-2', since: START });
    const expected = answers.filter((a) => a.userId === 'member-2');
    expect(trueRetention(mine)).toBeCloseTo(trueRetention(expected) ?? Number.NaN, 9);
  });

  it('turns nothing on without the optimizer', async () => {
    expect(await runNightlyTuning(deps('a'), null, NIGHT)).toEqual({
      skipped: 'no optimizer',
      outcomes: [],
      stoppedEarly: false,
    });
  });

  it.runIf(optimizer)('tunes once across replicas: the group set is fitted, judged and adopted', async () => {
    const [a, b] = await Promise.all([
      runNightlyTuning(deps('replica-a'), optimizer, NIGHT),
      runNightlyTuning(deps('replica-b'), optimizer, NIGHT),
    ]);
    const ran = a?.skipped === null ? a : b;
    expect([a?.skipped, b?.skipped].sort()).toEqual(['claimed elsewhere', null]);
    // The pool of all answers, the server's (here the same answers), then each member with enough history
    // (member-1 may have too little left if the reset test above ran first).
    const scopes = ran?.outcomes.map((o) => o.scope) ?? [];
    expect(scopes.slice(0, 2)).toEqual(['global', 'server']);
    const fittedMembers = ran?.outcomes.filter((o) => o.scope === 'member').map((o) => o.scopeId) ?? [];
    expect(fittedMembers).toEqual(expect.arrayContaining(['member-2', 'member-3', 'member-4']));
    for (const outcome of ran?.outcomes ?? [])
      expect(outcome.adopted).toBe(outcome.logLoss < outcome.baselineLogLoss);
    const active = await findActiveParameterSets(database.db, { userId: 'member-1', guildId: 'guild-1' });
    expect(active.global?.parameters).toHaveLength(21);
    // A later run the same night finds the night done.
    expect((await runNightlyTuning(deps('replica-c'), optimizer, NIGHT)).skipped).toBe('claimed elsewhere');
  });

  it.runIf(optimizer)('stops at its time budget and leaves the rest for the next night', async () => {
    const nextNight = new Date(NIGHT.getTime() + 86_400_000);
    const report = await runNightlyTuning(deps('a'), optimizer, nextNight, { budgetMs: 0 });
    expect(report).toEqual({ skipped: null, outcomes: [], stoppedEarly: true });
  });
});
