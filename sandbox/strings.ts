import type { Locale } from '../src/i18n/messages.js';

/** The sandbox's own words (its prompt, help and errors), in Korean and English; the bot's come from src/i18n. */
export const UI = {
  ko: {
    prompt: '복습> ',
    unknownCommand: (name: string, known: string) => `/${name} 명령은 없어요. 있는 명령: ${known}`,
    unknownOption: (command: string, name: string, known: string) =>
      `/${command}에는 ${name} 옵션이 없어요. 옵션: ${known || '(없음)'}`,
    missing: (command: string, names: string) => `/${command}에 필요한 옵션이 빠졌어요: ${names}`,
    needsSubcommand: (command: string, names: string) => `/${command} 뒤에 하위 명령을 쓰세요: ${names}`,
    badInteger: (name: string) => `${name}에는 정수를 쓰세요.`,
    badNumber: (name: string) => `${name}에는 숫자를 쓰세요.`,
    badBoolean: (name: string) => `${name}에는 true 또는 false를 쓰세요.`,
    range: (name: string, min: string, max: string) => `${name}는 ${min}에서 ${max} 사이여야 해요.`,
    length: (name: string, max: number) => `${name}는 ${max}자 이하여야 해요.`,
    badChoice: (name: string, known: string) => `${name}에 쓸 수 있는 값: ${known}`,
    unsupported: (name: string) => `${name} 옵션은 샌드박스에서 쓸 수 없어요.`,
    badTime: '시간은 /time +30m, /time +2d, /time 0 처럼 쓰세요.',
    badLang: '/lang ko 또는 /lang en',
    noButtons: '누를 버튼이 없어요. 먼저 /study 같은 명령을 입력하세요.',
    noSuchButton: (n: number, max: number) => `${n}번 버튼은 없어요 (1-${max}).`,
    disabled: '이 버튼은 지금 누를 수 없어요.',
    pick: (label: string) => `${label}: 번호를 고르세요 (쉼표로 여러 개)`,
    modal: (title: string) => `[입력 창] ${title} · 빈 줄이면 닫아요`,
    maxLength: (max: number) => `최대 ${max}자 (Discord가 더 긴 입력을 막아요)`,
    modalClosed: '입력 창을 닫았어요.',
    ephemeral: '나만 보임',
    updated: '화면 갱신',
    dm: 'DM',
    loading: '봇이 생각하는 중…',
    attachment: (name: string, file: string) => `📎 ${name} → ${file}`,
    image: (url: string) => `🖼  ${url}`,
    locale: (locale: string) => `이제 ${locale === 'ko' ? '한국어' : '영어'} 사용자로 명령을 보내요.`,
    time: (now: string) => `샌드박스 시계: ${now}`,
    failed: (reason: string) => `⚠ ${reason}`,
    bye: '봇과 가짜 Discord를 닫았어요. 안녕히!',
    helpTitle: '명령 (Discord에서처럼 입력)',
    helpSandbox: [
      '숫자        화면의 [번호] 버튼 누르기 (버튼 이름을 그대로 써도 돼요)',
      '빈 줄       지금 화면 다시 보기',
      '/lang en    영어 사용자로 바꾸기 (/lang ko 로 돌아오기)',
      '/time +1d   샌드박스 시계를 앞으로 (복습 예정 항목 불러오기); /time 0 으로 되돌리기',
      '?           이 도움말 · quit 종료',
    ],
  },
  en: {
    prompt: 'boksup> ',
    unknownCommand: (name: string, known: string) => `There is no /${name}. Commands: ${known}`,
    unknownOption: (command: string, name: string, known: string) =>
      `/${command} has no option ${name}. Options: ${known || '(none)'}`,
    missing: (command: string, names: string) => `/${command} needs: ${names}`,
    needsSubcommand: (command: string, names: string) => `/${command} needs a subcommand: ${names}`,
    badInteger: (name: string) => `${name} takes a whole number.`,
    badNumber: (name: string) => `${name} takes a number.`,
    badBoolean: (name: string) => `${name} takes true or false.`,
    range: (name: string, min: string, max: string) => `${name} must be between ${min} and ${max}.`,
    length: (name: string, max: number) => `${name} takes at most ${max} characters.`,
    badChoice: (name: string, known: string) => `${name} takes one of: ${known}`,
    unsupported: (name: string) => `The sandbox cannot fill the option ${name}.`,
    badTime: 'Write the time as /time +30m, /time +2d or /time 0.',
    badLang: '/lang ko or /lang en',
    noButtons: 'No buttons to press. Type a command such as /study first.',
    noSuchButton: (n: number, max: number) => `There is no button ${n} (1-${max}).`,
    disabled: 'That button cannot be pressed now.',
    pick: (label: string) => `${label}: pick by number (comma-separated for several)`,
    modal: (title: string) => `[form] ${title} · an empty line closes it`,
    maxLength: (max: number) => `at most ${max} characters (Discord stops longer input)`,
    modalClosed: 'Form closed.',
    ephemeral: 'only you',
    updated: 'screen updated',
    dm: 'DM',
    loading: 'The bot is thinking…',
    attachment: (name: string, file: string) => `📎 ${name} → ${file}`,
    image: (url: string) => `🖼  ${url}`,
    locale: (locale: string) =>
      `Now sending commands as ${locale === 'ko' ? 'a Korean' : 'an English'} user.`,
    time: (now: string) => `Sandbox clock: ${now}`,
    failed: (reason: string) => `⚠ ${reason}`,
    bye: 'Bot and fake Discord closed. Bye!',
    helpTitle: 'Commands (typed as in Discord)',
    helpSandbox: [
      'a number    press the [numbered] button (or type its label)',
      'empty line  show the current screen again',
      '/lang ko    switch to a Korean user (/lang en for English)',
      '/time +1d   move the sandbox clock forward (brings reviews due); /time 0 resets it',
      '?           this help · quit to leave',
    ],
  },
} as const;

export type SandboxStrings = (typeof UI)[Locale];

/** `npm run sandbox -- --help`: the command line, and the words used inside a session. */
export const SANDBOX_HELP = `npm run sandbox -- [--temp] [--lang ko|en] [--content DIR] [--data DIR]

  --temp          a throwaway database, deleted on quit (default: progress kept in data/sandbox)
  --lang ko|en    the member's Discord language at start (default ko); /lang en or /lang ko switches later
  --content DIR   other decks (a broken deck is reported line by line)
  --data DIR      where the database and sandbox.log are kept

In the session: type slash commands as in Discord (/study deck:docker), press buttons by number,
/lang en|ko to switch language, /time +1d to move the clock, ? for help, quit to leave.

샌드박스: --temp 임시 데이터베이스 · --lang en 영어 사용자로 시작 (/lang ko 로 되돌리기) ·
--content DIR 다른 덱 · --data DIR 데이터 위치. 세션 안에서는 Discord처럼 명령을 입력하고 버튼은 번호로 눌러요.`;
