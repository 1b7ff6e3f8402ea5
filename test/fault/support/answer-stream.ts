// A member (or several) studying without pause through the fake Discord: /study, then reveal and grade "Good"
// until the session ends, then again; a member who has nothing left today hands over to a new member.
import { setTimeout as sleep } from 'node:timers/promises';
import { t } from '../../../src/i18n/messages.js';
import type { FakeDiscord, FakeMessage, FakeUser } from '../../support/fake-discord/index.js';

const REVEAL = /^bk:1:rv:\d+:\d+$/;
const GOOD = /^bk:1:gr:(\d+):(\d+):3$/;
const NOTHING_DUE = t('ko', 'study.nothing-due');

export interface AcknowledgedAnswer {
  userId: string;
  sessionId: number;
  /** The session version the grade button was drawn for. */
  version: number;
}

export interface AnswerStream {
  /** Grade presses whose callback the fake accepted (2xx): answers the member saw recorded. */
  acknowledged: AcknowledgedAnswer[];
  /** Latency (INTERACTION_CREATE sent → callback received) of each acknowledged grade press. */
  gradeLatenciesMs: number[];
  /** Every interaction that got an accepted callback. */
  answered(): number;
  /** Callbacks that were an ephemeral message instead of the next screen (errors, refusals). */
  shortReplies: string[];
  /** Interactions that got no accepted callback (bot gone, deadline passed). */
  failures: number;
  /** Resolves when the workers have used up `limit` (without stopping them early). */
  finished: Promise<void>;
  stop(): Promise<void>;
}

function customIds(message: FakeMessage | undefined): string[] {
  const ids: string[] = [];
  const walk = (components: FakeMessage['components']) => {
    for (const component of components) {
      if (component.custom_id && !component.disabled) ids.push(component.custom_id);
      if (component.components) walk(component.components);
    }
  };
  if (message) walk(message.components);
  return ids;
}

/** A snowflake-shaped member id, distinct per `stream` and `index`. */
export function memberId(stream: number, index: number): string {
  return `3${String(stream).padStart(3, '0')}${String(index).padStart(14, '0')}`;
}

export function startAnswerStream(
  fake: FakeDiscord,
  options: {
    workers: number;
    /** Distinguishes the members of two streams against the same database. */
    stream?: number;
    guildId?: string | null;
    /** Guilds to spread the members over (the memory benchmark). */
    guildIds?: string[];
    /** Pause after a short reply or a failure before trying again. */
    retryMs?: number;
    /** Stop after this many interactions in total. */
    limit?: number;
  },
): AnswerStream {
  const acknowledged: AcknowledgedAnswer[] = [];
  const gradeLatenciesMs: number[] = [];
  const shortReplies: string[] = [];
  let answered = 0;
  let failures = 0;
  let started = 0;
  let stopped = false;
  let nextMember = 0;
  const retryMs = options.retryMs ?? 50;
  const stream = options.stream ?? 0;
  const budgetLeft = () => options.limit === undefined || started < options.limit;

  async function work(): Promise<void> {
    let member = nextMember++;
    let user: FakeUser = { id: memberId(stream, member), username: `member${member}`, locale: 'ko' };
    let guildId = options.guildIds
      ? options.guildIds[member % options.guildIds.length]
      : (options.guildId ?? undefined);
    let message: FakeMessage | undefined;
    while (!stopped && budgetLeft()) {
      started++;
      try {
        if (!message) {
          const outcome = await fake.sendCommand({ user, name: 'study', ...(guildId ? { guildId } : {}) });
          answered++;
          const ids = customIds(outcome.message);
          if (ids.some((id) => REVEAL.test(id) || GOOD.test(id))) {
            message = outcome.message;
          } else if ((outcome.message?.content ?? '').startsWith(NOTHING_DUE)) {
            // This member has met today's new items: hand over to a new member.
            member = nextMember++;
            user = { id: memberId(stream, member), username: `member${member}`, locale: 'ko' };
            guildId = options.guildIds
              ? options.guildIds[member % options.guildIds.length]
              : (options.guildId ?? undefined);
          } else {
            shortReplies.push(String(outcome.callback.data?.content ?? ''));
            await sleep(retryMs);
          }
          continue;
        }
        const ids = customIds(message);
        const target = ids.find((id) => REVEAL.test(id)) ?? ids.find((id) => GOOD.test(id));
        if (!target) {
          message = undefined;
          continue;
        }
        const outcome = await fake.clickButton({ user, message, customId: target });
        answered++;
        if (outcome.callback.type === 7 && outcome.message) {
          const grade = GOOD.exec(target);
          if (grade) {
            acknowledged.push({ userId: user.id, sessionId: Number(grade[1]), version: Number(grade[2]) });
            gradeLatenciesMs.push(outcome.latencyMs);
          }
          message = outcome.message;
        } else {
          shortReplies.push(String(outcome.callback.data?.content ?? ''));
          message = undefined;
          await sleep(retryMs);
        }
      } catch {
        failures++;
        message = undefined;
        await sleep(retryMs);
      }
    }
  }

  const running = Array.from({ length: options.workers }, () => work());
  return {
    acknowledged,
    gradeLatenciesMs,
    answered: () => answered,
    shortReplies,
    get failures() {
      return failures;
    },
    finished: Promise.all(running).then(() => undefined),
    async stop() {
      stopped = true;
      await Promise.all(running);
    },
  };
}
