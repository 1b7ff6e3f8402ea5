import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type CommandJson, describeCommands, parseArgs, parseInput, tokenize } from '../../sandbox/parse.js';
import { formatTimestamp, renderMarkdown, renderMessage } from '../../sandbox/render.js';
import { SANDBOX_HELP } from '../../sandbox/strings.js';
import { commands } from '../../src/discord/commands/index.js';

// The sandbox reads the definitions the bot registers; these are the same objects.
const defs = commands.map((command) => command.data) as unknown as CommandJson[];
const now = new Date('2026-03-02T01:00:00Z');
const unix = (ms: number) => Math.floor((now.getTime() + ms) / 1000);

describe('the sandbox prompt', () => {
  it('reads slash commands by English or Korean name, with typed options', () => {
    expect(parseInput('/study deck:docker', defs, 'ko')).toEqual({
      kind: 'command',
      name: 'study',
      options: [{ type: 3, name: 'deck', value: 'docker' }],
      usesChannel: false,
    });
    expect(parseInput('/복습 docker', defs, 'ko')).toMatchObject({
      name: 'study',
      options: [{ name: 'deck', value: 'docker' }],
    });
    expect(parseInput('/settings daily_new:5 retention:0.85 timezone:Asia/Seoul', defs, 'en')).toMatchObject({
      kind: 'command',
      name: 'settings',
      options: [
        { type: 4, name: 'daily_new', value: 5 },
        { type: 10, name: 'retention', value: 0.85 },
        { type: 3, name: 'timezone', value: 'Asia/Seoul' },
      ],
    });
    expect(parseInput('/설정 새항목수:3 언어:English', defs, 'ko')).toMatchObject({
      name: 'settings',
      options: [
        { name: 'daily_new', value: 3 },
        { name: 'language', value: 'en' },
      ],
    });
  });

  it('nests subcommands and their options', () => {
    expect(parseInput('/admin timezone zone:"Europe/Berlin"', defs, 'en')).toMatchObject({
      name: 'admin',
      options: [{ type: 1, name: 'timezone', options: [{ type: 3, name: 'zone', value: 'Europe/Berlin' }] }],
    });
    expect(parseInput('/admin', defs, 'en')).toMatchObject({ kind: 'error' });
  });

  it('attaches a file for an attachment option: `/덱관리 가져오기 파일:notes.apkg`', () => {
    expect(
      parseInput('/덱관리 가져오기 파일:test/fixtures/import/korean-latest.apkg 이름:"3주차"', defs, 'ko'),
    ).toEqual({
      kind: 'command',
      name: 'deck',
      options: [
        {
          type: 1,
          name: 'import',
          options: [
            { type: 11, name: 'file', value: 'file' },
            { type: 3, name: 'name', value: '3주차' },
          ],
        },
      ],
      usesChannel: false,
      files: { file: 'test/fixtures/import/korean-latest.apkg' },
    });
  });

  it('refuses what Discord’s client would not send', () => {
    const error = (line: string) => parseInput(line, defs, 'ko');
    expect(error('/settings daily_new:abc')).toEqual({
      kind: 'error',
      message: '새항목수에는 정수를 쓰세요.',
    });
    expect(error('/settings daily_new:500')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('200'),
    });
    expect(error('/settings language:klingon')).toMatchObject({ kind: 'error' });
    expect(error('/settings colour:blue')).toMatchObject({ kind: 'error' });
    expect(error('/nope')).toMatchObject({ kind: 'error', message: expect.stringContaining('/복습') });
  });

  it('reads buttons, labels and its own commands', () => {
    expect(parseInput('3', defs, 'ko')).toEqual({ kind: 'press', number: 3 });
    expect(parseInput('Show answer', defs, 'en')).toEqual({ kind: 'label', label: 'Show answer' });
    expect(parseInput('', defs, 'ko')).toEqual({ kind: 'empty' });
    expect(parseInput('?', defs, 'ko')).toEqual({ kind: 'help' });
    expect(parseInput('quit', defs, 'ko')).toEqual({ kind: 'quit' });
    expect(parseInput('/lang en', defs, 'ko')).toEqual({ kind: 'lang', locale: 'en' });
    expect(parseInput('/time +1d', defs, 'ko')).toEqual({ kind: 'time', offsetMs: 86_400_000 });
    expect(parseInput('/time 0', defs, 'ko')).toEqual({ kind: 'time', offsetMs: null });
    expect(parseInput('/time soon', defs, 'ko')).toMatchObject({ kind: 'error' });
    expect(tokenize(`deck:"two words" x ''`)).toEqual(['deck:two words', 'x', '']);
  });

  it('lists the commands with their Korean and English names', () => {
    const help = describeCommands(defs, 'ko');
    expect(help).toContain('/복습 (/study) [덱:…]');
    expect(help).toContain('/time +1d');
  });
});

describe('the sandbox command line', () => {
  it('starts in English with --lang en and documents --temp and /lang in --help', () => {
    expect(parseArgs(['--lang', 'en', '--temp'])).toEqual({ temp: true, locale: 'en' });
    expect(parseArgs(['--lang=ko'])).toEqual({ temp: false, locale: 'ko' });
    for (const word of ['--temp', '--lang ko|en', '/lang en', '/time +1d'])
      expect(SANDBOX_HELP).toContain(word);
  });
});

describe('the sandbox renderer', () => {
  const options = { now, locale: 'ko' as const, color: false, timeZone: 'Asia/Seoul' };

  it('shows Discord timestamps as readable times', () => {
    expect(formatTimestamp(unix(10 * 60_000), 'R', options)).toBe('10분 후');
    expect(formatTimestamp(unix(-3 * 86_400_000), 'R', { ...options, locale: 'en' })).toBe('3 days ago');
    expect(formatTimestamp(unix(0), 't', { ...options, locale: 'en' })).toBe('10:00 AM');
  });

  it("shows times in the member's zone and mentions by name", () => {
    expect(formatTimestamp(unix(0), 't', { ...options, locale: 'en', timeZone: 'Europe/Berlin' })).toBe(
      '2:00 AM',
    );
    const userNames = new Map([['100000000000000042', 'sandbox']]);
    expect(renderMarkdown('<@100000000000000042> <@999>', { ...options, userNames })).toBe('@sandbox @user');
  });

  it('renders Discord markdown lightly', () => {
    expect(renderMarkdown('**굵게** ~~지움~~ `code` \\_\\_\\_ <#123> > x', options)).toBe(
      '굵게 ~지움~ `code` ___ #general > x',
    );
    expect(renderMarkdown('> 인용\n# 제목\n```\n**raw**\n```', options)).toBe('│ 인용\n제목\n  `**raw**`');
  });

  it('renders a study screen as text with numbered buttons', () => {
    const message = {
      content: '',
      attachments: [],
      embeds: [
        {
          color: 0x5865f2,
          author: { name: '테스트 덱 · 순서 맞추기' },
          title: '다음 단계를 고르세요.',
          description: '**도커 배포 순서대로 놓아라.**\n\n~~1. 이미지 build~~\n**2.** Dockerfile 작성',
          fields: [
            { name: '지금까지 고른 순서', value: '1. 이미지 build' },
            { name: '다음 복습', value: `<t:${unix(3 * 86_400_000)}:R>`, inline: true },
            { name: '답한 항목', value: '1', inline: true },
          ],
          footer: { text: '▰▱▱▱▱▱▱▱▱▱ 1/5\n방금 답: 알맞음 → 10m 뒤에 다시' },
        },
      ],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 1, custom_id: 'bk:1:op:1:3:1', label: '1', disabled: true },
            { type: 2, style: 1, custom_id: 'bk:1:op:1:3:0', label: '2' },
          ],
        },
        { type: 1, components: [{ type: 2, style: 2, custom_id: 'bk:1:en:1:3', label: '그만하기' }] },
      ],
    };
    const rendered = renderMessage(message, options);
    expect(rendered.text).toBe(
      [
        '│ 테스트 덱 · 순서 맞추기',
        '│ 다음 단계를 고르세요.',
        '│ 도커 배포 순서대로 놓아라.',
        '│ ',
        '│ ~1. 이미지 build~',
        '│ 2. Dockerfile 작성',
        '│ ',
        '│ 지금까지 고른 순서',
        '│   1. 이미지 build',
        '│ ',
        '│ 다음 복습: 3일 후   ·   답한 항목: 1',
        '│ ',
        '│ ▰▱▱▱▱▱▱▱▱▱ 1/5',
        '│ 방금 답: 알맞음 → 10m 뒤에 다시',
        '',
        '[1] ~1~  [2] 2',
        '[3] 그만하기',
      ].join('\n'),
    );
    expect(rendered.buttons.map((b) => [b.number, b.label, b.disabled, b.customId])).toEqual([
      [1, '1', true, 'bk:1:op:1:3:1'],
      [2, '2', false, 'bk:1:op:1:3:0'],
      [3, '그만하기', false, 'bk:1:en:1:3'],
    ]);
    // In a colour terminal the same text carries ANSI styles.
    const colored = renderMessage(message, { ...options, color: true }).text;
    expect(colored).toContain('\x1b[');
    expect(stripVTControlCharacters(colored)).toContain('다음 복습: 3일 후');
  });
});
