import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { buildCatalog } from '../../src/content/catalog.js';
import { writeDeckYaml } from '../../src/content/import/export-yaml.js';
import { importDeck } from '../../src/content/import/import-deck.js';
import type { ImportedDeck } from '../../src/content/import/model.js';
import { syncContent } from '../../src/db/repositories/content-sync.js';
import {
  findImport,
  findPublishedItems,
  findServerDeck,
  findServerDeckItems,
  listServerDecks,
  publishImport,
  retireServerDeck,
  saveImport,
  serverDeckId,
  serverItemId,
} from '../../src/db/repositories/server-decks.js';
import { findOrCreateUser } from '../../src/db/repositories/users.js';
import { itemStates, items } from '../../src/db/schema/index.js';
import { ensureGuildDecksLoaded, refreshGuildDecks } from '../../src/services/server-decks.js';
import { KOREAN_DECK } from '../fixtures/import/korean-deck.js';
import { buildLatestPackage } from '../support/anki-package-builder.js';
import { loadFixtureContent } from '../support/content.js';
import { createTestDatabase, type TestDatabase, testDrivers } from '../support/database.js';
import { testDeps } from '../support/deps.js';

const ORGANIZER = '100000000000000009';
const MEMBER = '100000000000000001';
const DECK = '3주차';
const now = new Date('2026-03-02T00:00:00Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const fixture = (name: string) => readFile(new URL(`../fixtures/import/${name}`, import.meta.url));

/** The package with the first note edited, the typed-answer note removed and a note added. */
async function editedPackage(): Promise<ImportedDeck> {
  const [first, second, , ...rest] = KOREAN_DECK.notes;
  if (!first || !second) throw new Error('fixture changed');
  const edited = { ...first, fields: ['<b>도커</b>는 어떤 도구인가요?', first.fields[1] ?? ''] };
  const added = { ...first, id: 1_700_000_020_001, guid: 'new-note-1', fields: ['새 질문', '새 답'] };
  return importDeck(await buildLatestPackage({ ...KOREAN_DECK, notes: [edited, second, ...rest, added] }));
}

describe.each(testDrivers)('server decks on %s', (driver) => {
  let database: TestDatabase;
  // One database for the file (starting one is slow); each test works in a server of its own.
  let GUILD = '';
  let guildCount = 0;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await database.destroy();
  });
  beforeEach(() => {
    GUILD = `90000000000000000${guildCount++}`;
  });

  async function stage(deck: ImportedDeck, at: Date): Promise<string> {
    const existing = await findServerDeck(database.db, GUILD, DECK);
    return saveImport(database.db, {
      guildId: GUILD,
      userId: ORGANIZER,
      deckName: DECK,
      title: deck.title ?? DECK,
      format: deck.format,
      baseVersion: existing?.version ?? 0,
      items: deck.items,
      now: at,
    });
  }

  it('publishes an import as a server deck, keyed per deck, once', async () => {
    const deck = await importDeck(await fixture('korean-latest.apkg'));
    const id = await stage(deck, now);
    expect((await findImport(database.db, id))?.items).toEqual(deck.items);
    const [first, second] = await Promise.all([
      publishImport(database.db, { id, guildId: GUILD, now: later(1) }),
      publishImport(database.db, { id, guildId: GUILD, now: later(1) }),
    ]);
    expect([first?.ok, second?.ok].sort()).toEqual([false, true]);
    expect([first, second].find((result) => !result.ok)).toEqual({ ok: false, reason: 'decided' });
    expect(await listServerDecks(database.db, GUILD)).toEqual([
      {
        id: serverDeckId(GUILD, DECK),
        name: DECK,
        title: '컨테이너 3주차',
        version: 1,
        liveItems: 9,
        retired: false,
      },
    ]);
    const rows = await database.db
      .select()
      .from(items)
      .where(eq(items.deckId, serverDeckId(GUILD, DECK)));
    expect(rows.map((row) => row.id).sort()).toEqual(
      deck.items.map((item) => serverItemId(serverDeckId(GUILD, DECK), item.key)).sort(),
    );
  });

  it('re-importing an edited deck keeps every member state byte for byte and retires what was removed', async () => {
    const deck = await importDeck(await fixture('korean-latest.apkg'));
    await publishImport(database.db, { id: await stage(deck, now), guildId: GUILD, now: later(1) });
    await findOrCreateUser(database.db, MEMBER);
    const deckId = serverDeckId(GUILD, DECK);
    await database.db.insert(itemStates).values(
      deck.items.map((item, index) => ({
        userId: MEMBER,
        itemId: serverItemId(deckId, item.key),
        due: later(60 * 24 * (index + 1)),
        stability: 1.5 + index,
        difficulty: 5.25,
        elapsedDays: 0,
        scheduledDays: index + 1,
        learningSteps: 0,
        reps: 1,
        lapses: 0,
        state: 2,
        lastReview: later(2),
        version: 3,
      })),
    );
    const statesBefore = await database.db
      .select()
      .from(itemStates)
      .where(eq(itemStates.userId, MEMBER))
      .orderBy(itemStates.id);

    const edited = await editedPackage();
    const result = await publishImport(database.db, {
      id: await stage(edited, later(10)),
      guildId: GUILD,
      now: later(11),
    });
    if (!result.ok) throw new Error(`publish refused: ${result.reason}`);
    expect(result.version).toBe(2);
    expect(result.diff.changed).toEqual([deck.items[0]?.key]);
    expect(result.diff.added).toEqual([edited.items.at(-1)?.key]);
    expect(result.diff.retired).toEqual([deck.items[3]?.key]);
    expect(
      await database.db.select().from(itemStates).where(eq(itemStates.userId, MEMBER)).orderBy(itemStates.id),
    ).toEqual(statesBefore);

    const published = await findPublishedItems(database.db, deckId);
    expect(published.filter((item) => item.retired).map((item) => item.key)).toEqual([deck.items[3]?.key]);
    const [changed] = await database.db
      .select()
      .from(items)
      .where(eq(items.id, serverItemId(deckId, deck.items[0]?.key ?? '')));
    expect(changed?.content).toMatchObject({ front: { ko: '**도커**는 어떤 도구인가요?' } });
  });

  it('refuses a publish made against an older version of the deck, and cancels it', async () => {
    const deck = await importDeck(await fixture('korean-latest.apkg'));
    const a = await stage(deck, now);
    const b = await stage(await editedPackage(), now);
    expect(await publishImport(database.db, { id: a, guildId: GUILD, now: later(1) })).toMatchObject({
      ok: true,
    });
    expect(await publishImport(database.db, { id: b, guildId: GUILD, now: later(2) })).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect((await findImport(database.db, b))?.status).toBe('cancelled');
    expect((await findServerDeck(database.db, GUILD, DECK))?.version).toBe(1);
  });

  it('the built-in content sync leaves server decks alone', async () => {
    const deck = await importDeck(await fixture('korean-latest.apkg'));
    await publishImport(database.db, { id: await stage(deck, now), guildId: GUILD, now: later(1) });
    const report = await syncContent(database.db, await loadFixtureContent(), later(2));
    expect(report.retired).toBe(0);
    expect((await findServerDeck(database.db, GUILD, DECK))?.liveItems).toBe(9);
  });

  it('a second process sees a publish made by the first: loaded on first use, reloaded when the deck changes', async () => {
    const other = testDeps({
      db: database.db,
      clock: () => later(5),
      catalog: buildCatalog(await loadFixtureContent()),
      config: parseConfig({ DEFAULT_TIMEZONE: 'Asia/Seoul', LOG_LEVEL: 'silent' }),
    });
    const deck = await importDeck(await fixture('korean-latest.apkg'));
    await publishImport(database.db, { id: await stage(deck, now), guildId: GUILD, now: later(1) });
    const deckId = serverDeckId(GUILD, DECK);
    const itemId = serverItemId(deckId, deck.items[0]?.key ?? '');
    expect(other.catalog.findItem(itemId)).toBeUndefined();
    await ensureGuildDecksLoaded(other, GUILD);
    expect(other.catalog.findItem(itemId)?.item).toMatchObject({
      kind: 'flashcard',
      explanation: { ko: '' },
    });
    expect(other.catalog.decksFor(GUILD).map((d) => d.id)).toContain(deckId);
    expect(other.catalog.decksFor('another-guild').map((d) => d.id)).not.toContain(deckId);

    const edited = await editedPackage();
    await publishImport(database.db, { id: await stage(edited, later(2)), guildId: GUILD, now: later(3) });
    await ensureGuildDecksLoaded(other, GUILD); // loaded already: no reload
    expect(other.catalog.findItem(itemId)?.item).toMatchObject({
      front: { ko: '**도커**는 어떤 도구인가?' },
    });
    await refreshGuildDecks(other, GUILD);
    expect(other.catalog.findItem(itemId)?.item).toMatchObject({
      front: { ko: '**도커**는 어떤 도구인가요?' },
    });
  });

  it('retires a deck with its items and exports a live one as YAML that re-imports onto the same items', async () => {
    const deck = await importDeck(await fixture('korean-latest.apkg'));
    await publishImport(database.db, { id: await stage(deck, now), guildId: GUILD, now: later(1) });
    const deckId = serverDeckId(GUILD, DECK);
    const yaml = writeDeckYaml({ title: DECK, items: await findServerDeckItems(database.db, deckId) });
    const again = await importDeck(new TextEncoder().encode(yaml), 'export.yaml');
    expect(again.problems).toEqual([]);
    const publishedAgain = await publishImport(database.db, {
      id: await stage(again, later(2)),
      guildId: GUILD,
      now: later(3),
    });
    expect(publishedAgain).toMatchObject({ ok: true, diff: { added: [], changed: [], retired: [] } });

    expect(await retireServerDeck(database.db, { guildId: GUILD, name: DECK, now: later(4) })).toBe(true);
    expect(await retireServerDeck(database.db, { guildId: GUILD, name: DECK, now: later(5) })).toBe(false);
    expect(await findServerDeck(database.db, GUILD, DECK)).toMatchObject({ retired: true, liveItems: 0 });
  });
});
