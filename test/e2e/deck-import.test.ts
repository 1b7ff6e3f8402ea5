import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFromAnki } from '../../src/content/import/checks.js';
import { serverDeckId } from '../../src/db/repositories/server-decks.js';
import { itemStates } from '../../src/db/schema/index.js';
import { KOREAN_DECK } from '../fixtures/import/korean-deck.js';
import { buildLatestPackage } from '../support/anki-package-builder.js';
import { type BotSuite, buttonId, embedOf, GUILD_ID, startBotSuite } from '../support/bot-harness.js';
import { testDrivers } from '../support/database.js';
import {
  ADMIN_PERMISSIONS,
  type FakeDiscord,
  type FakeMessage,
  waitFor,
} from '../support/fake-discord/index.js';

const organizer = { id: '100000000000000007', username: 'organizer', locale: 'ko' };
const member = { id: '100000000000000001', username: 'member', locale: 'ko' };
const fixture = (name: string) => readFile(new URL(`../fixtures/import/${name}`, import.meta.url));

describe.each(testDrivers)('importing a server deck on %s', (driver) => {
  let fake: FakeDiscord;
  let suite: BotSuite;

  beforeAll(async () => {
    suite = await startBotSuite(driver);
    ({ fake } = suite);
  });
  afterAll(async () => {
    await suite?.stop();
  });

  async function importFile(name: string, bytes: Uint8Array, deckName?: string): Promise<FakeMessage> {
    const sent = await fake.sendCommand({
      user: organizer,
      guildId: GUILD_ID,
      name: 'deck',
      memberPermissions: ADMIN_PERMISSIONS,
      options: [
        {
          type: 1,
          name: 'import',
          options: [
            { type: 11, name: 'file', value: 'file' },
            ...(deckName ? [{ type: 3, name: 'name', value: deckName }] : []),
          ],
        },
      ],
      attachments: { file: { name, bytes, contentType: 'application/octet-stream' } },
    });
    expect(sent.callback.type).toBe(5);
    return waitFor(
      () => {
        const message = fake.originalMessage(sent.interactionId);
        return message && message.embeds.length > 0 ? message : undefined;
      },
      20_000,
      'the import preview',
    );
  }

  it('has Korean names and is shown to every member (the handler decides who may use it)', () => {
    const deck = fake.registeredCommands({ guildId: GUILD_ID }).find((command) => command.name === 'deck') as
      | { name_localizations?: { ko?: string }; default_member_permissions?: unknown }
      | undefined;
    expect(deck?.name_localizations?.ko).toBe('덱관리');
    expect(deck?.default_member_permissions ?? null).toBeNull();
  });

  it('previews an Anki package through an attachment, then publishes it once', async () => {
    const preview = await importFile('컨테이너.apkg', await fixture('korean-latest.apkg'));
    const summary = embedOf(preview);
    expect(summary.title).toBe('덱 미리 보기: 컨테이너 3주차');
    expect(summary.description).toContain('항목 9개 (플래시카드 5 · 빈칸 채우기 4)');
    expect(preview.embeds).toHaveLength(4);
    const publish = buttonId(preview, '게시');

    const published = await fake.clickButton({
      user: organizer,
      message: preview,
      customId: publish,
      memberPermissions: ADMIN_PERMISSIONS,
    });
    // Publishing defers the update (a big deck may take more than three seconds), then edits the preview.
    expect(published.callback.type).toBe(6);
    const publishedText = await waitFor(
      () => fake.message(preview.id)?.content || undefined,
      20_000,
      'publish',
    );
    expect(publishedText).toContain('"컨테이너 3주차" 덱을 게시했어요 (버전 1): 새 항목 9');
    // The same button pressed again on a screen that had not updated (a double click): nothing happens twice.
    const again = await fake.clickButton({
      user: organizer,
      message: preview,
      customId: publish,
      memberPermissions: ADMIN_PERMISSIONS,
      asSeen: true,
    });
    const refusal = await waitFor(() => fake.followUps(again.interactionId)[0], 20_000, 'the refusal');
    expect(refusal.content).toContain('이미 게시했거나 취소했어요');

    const listed = await fake.sendCommand({
      user: organizer,
      guildId: GUILD_ID,
      name: 'deck',
      memberPermissions: ADMIN_PERMISSIONS,
      options: [{ type: 1, name: 'list' }],
    });
    expect(embedOf(listed.message).description).toBe('**컨테이너 3주차**: 항목 9개 (버전 1)');
  });

  it('refuses a broken file, naming the problem, and offers no Publish button', async () => {
    const bytes = (await fixture('korean-legacy.apkg')).subarray(0, 3000);
    const preview = await importFile('broken.apkg', bytes, '깨진 덱');
    expect(preview.components).toEqual([]);
    expect(embedOf(preview).fields?.[0]?.value).toContain('압축(zip)이 깨져 있어요.');
  });

  it('re-imports the exported deck onto the same items, and cancels cleanly', async () => {
    const exported = await fake.sendCommand({
      user: organizer,
      guildId: GUILD_ID,
      name: 'deck',
      memberPermissions: ADMIN_PERMISSIONS,
      options: [{ type: 1, name: 'export', options: [{ type: 3, name: 'name', value: '컨테이너 3주차' }] }],
    });
    const [file] = exported.message?.attachments ?? [];
    const yaml = fake.attachmentBytes(file?.url ?? '');
    if (!yaml) throw new Error('no exported file');
    const preview = await importFile('export.yaml', yaml, '컨테이너 3주차');
    expect(embedOf(preview).description).toContain(
      '새 항목 0 · 바뀐 항목 0 · 되살린 항목 0 · 보관할 항목 0 · 그대로 9',
    );
    const cancelled = await fake.clickButton({
      user: organizer,
      message: preview,
      customId: buttonId(preview, '취소'),
      memberPermissions: ADMIN_PERMISSIONS,
    });
    expect(cancelled.message?.content).toBe('가져오기를 취소했어요. 아무것도 저장하지 않았어요.');
  });

  it('is refused to a member without Manage Server, until an admin gives the deck organizer role', async () => {
    const roleId = '700000000000000001';
    const helper = { ...member, id: '100000000000000003', username: 'helper', roles: [roleId] };
    const list = () =>
      fake.sendCommand({
        user: helper,
        guildId: GUILD_ID,
        name: 'deck',
        memberPermissions: '0',
        options: [{ type: 1, name: 'list' }],
      });
    expect((await list()).message?.content).toBe(
      '이 서버의 덱은 서버 관리 권한이나 덱 관리 역할이 있는 사람만 관리할 수 있어요.',
    );
    const set = await fake.sendCommand({
      user: organizer,
      guildId: GUILD_ID,
      name: 'admin',
      memberPermissions: ADMIN_PERMISSIONS,
      options: [{ type: 1, name: 'deck-role', options: [{ type: 8, name: 'role', value: roleId }] }],
      resolved: {
        roles: {
          [roleId]: {
            id: roleId,
            name: '운영진',
            color: 0,
            hoist: false,
            position: 1,
            permissions: '0',
            managed: false,
            mentionable: false,
            flags: 0,
          },
        },
      },
    });
    expect(JSON.stringify(set.message?.embeds)).toContain(`<@&${roleId}>`);
    expect(embedOf((await list()).message).title).toBe('이 서버의 덱');
  });

  it('a member studies the server deck; an edited re-import keeps their memory of every item byte for byte', async () => {
    const deckId = serverDeckId(GUILD_ID, '컨테이너 3주차');
    const started = await fake.sendCommand({
      user: member,
      guildId: GUILD_ID,
      name: 'study',
      options: [{ type: 3, name: 'deck', value: deckId }],
    });
    expect(embedOf(started.message).description).toContain('**도커**는 어떤 도구인가?');
    const revealed = await fake.clickButton({
      user: member,
      message: started.message!,
      customId: buttonId(started.message, '정답 보기'),
    });
    expect(embedOf(revealed.message).fields?.map((field) => field.name)).not.toContain('설명');
    const graded = await fake.clickButton({
      user: member,
      message: revealed.message!,
      customId: buttonId(revealed.message, '알맞음'),
    });
    expect(embedOf(graded.message).footer?.text).toContain('1/');
    const statesOf = () =>
      suite.database.db
        .select()
        .from(itemStates)
        .where(eq(itemStates.userId, member.id))
        .orderBy(itemStates.id);
    const before = await statesOf();
    expect(before.map((state) => state.itemId)).toEqual([`${deckId}~${keyFromAnki('b7#Kx2!qPa', 0)}`]);

    const [first, second, , ...rest] = KOREAN_DECK.notes;
    if (!first || !second) throw new Error('fixture changed');
    const edited = await buildLatestPackage({
      ...KOREAN_DECK,
      notes: [
        { ...first, fields: ['<b>도커</b>는 어떤 도구인가요?', first.fields[1] ?? ''] },
        second,
        ...rest,
      ],
    });
    const preview = await importFile('컨테이너-v2.apkg', edited, '컨테이너 3주차');
    expect(embedOf(preview).description).toContain(
      '새 항목 0 · 바뀐 항목 1 · 되살린 항목 0 · 보관할 항목 1 · 그대로 7',
    );
    await fake.clickButton({
      user: organizer,
      message: preview,
      customId: buttonId(preview, '게시'),
      memberPermissions: ADMIN_PERMISSIONS,
    });
    expect(await waitFor(() => fake.message(preview.id)?.content || undefined, 20_000, 'publish')).toContain(
      '(버전 2)',
    );
    expect(await statesOf()).toEqual(before);

    // The member's next session serves the edited text of the same item when it comes due, and the new deck state.
    const listed = await fake.sendCommand({ user: member, guildId: GUILD_ID, name: 'decks' });
    expect(JSON.stringify(listed.message?.embeds)).toContain('컨테이너 3주차');
  });

  it('sends nothing that Discord would reject', () => {
    expect(fake.validationErrors).toEqual([]);
  });
});
