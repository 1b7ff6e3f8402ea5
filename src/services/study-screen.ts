// The screens a study session can show and who asks for them: the shapes the study service returns and the
// Discord adapter draws, kept apart from the service's steps so each file holds one purpose.
import type { CatalogItem } from '../content/catalog.js';
import type { LocalizedText } from '../content/schema.js';
import type { MemoryState } from '../domain/memory.js';
import type { ReviewRating } from '../domain/scheduling.js';
import type { UserSettings } from '../domain/settings.js';
import type { AnswerFeedback, StudyRefusal, StudySession } from '../domain/study-session.js';
import type { Result } from './refusal.js';

/** What a study screen shows; the Discord adapter draws it. */
export type StudyScreen =
  | {
      type: 'empty';
      /** The deck asked for, or null for every deck. */
      deck: { id: string; title: LocalizedText } | null;
      /** When the deck asked for (or any deck) next has something due. */
      nextDue: Date | null;
      /** With a deck asked for: items due now in the other decks, offered instead. */
      dueElsewhere: number;
      newLimitReached: boolean;
      dailyNewLimit: number;
      /** Today's share of a backlog is done; what is left, and how many days it will take. */
      backlog?: Backlog;
    }
  | {
      type: 'item';
      session: StudySession;
      current: CatalogItem;
      memory: MemoryState;
      /** For a revealed flashcard: when each rating would bring it back. */
      preview?: Record<ReviewRating, Date>;
      feedback?: AnswerFeedback;
      /** The answer just recorded, when the screen moved on to a new item. */
      lastAnswer?: LastAnswer;
      skippedRetired: boolean;
      /** The member keeps forgetting this item (domain/leeches.ts): its explanation is shown first. */
      leech?: boolean;
    }
  | {
      type: 'summary';
      session: StudySession;
      nextDue: Date | null;
      moreDue: number;
      ended: boolean;
      /** When more is due than a day's cap: how many days the backlog will take. */
      backlog?: Backlog;
    };

/** A backlog after a break (or simply falling behind): served most at risk first, a capped number a day. */
export interface Backlog {
  due: number;
  dailyCap: number;
  days: number;
}

/** A cloze's gap is typed in a modal, not on a message screen. */
export interface ClozeModal {
  type: 'cloze-modal';
  session: StudySession;
  current: CatalogItem;
}

export interface LastAnswer {
  rating: ReviewRating;
  dueAfter: Date;
  answeredAt: Date;
}

export type StudyResult<Screen = StudyScreen> = Result<{ screen: Screen }, StudyRefusal>;

export interface StudyActor {
  userId: string;
  guildId: string | null;
  /** The member's settings when the caller has them already (the router loads them): saves reading them again. */
  user?: UserSettings;
}

/** What the screen after a change already knows, so it is not read again. */
export interface Known {
  user?: UserSettings;
  /** The member's memory of an item, just written. */
  memory?: { itemId: string; memory: MemoryState };
}
