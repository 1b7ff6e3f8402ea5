import type { SlashCommand } from '../command.js';
import { adminCommand } from './admin.js';
import { deckCommand } from './deck.js';
import { decksCommand } from './decks.js';
import { leaderboardCommand } from './leaderboard.js';
import { quizCommand } from './quiz.js';
import { remindCommand } from './remind.js';
import { settingsCommand } from './settings.js';
import { statsCommand } from './stats.js';
import { studyCommand } from './study.js';

/** The one list of commands: the router serves these and registration publishes exactly these. */
export const commands: readonly SlashCommand[] = [
  studyCommand,
  decksCommand,
  settingsCommand,
  adminCommand,
  leaderboardCommand,
  statsCommand,
  remindCommand,
  quizCommand,
  deckCommand,
];
