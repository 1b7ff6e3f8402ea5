import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from 'discord.js';

/** The pieces every message view is built from: the message shape, colours, buttons, rows, lengths. */

export interface MessageView {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

export type EmbedField = NonNullable<APIEmbed['fields']>[number];

export const COLORS = {
  question: 0x5865f2,
  right: 0x57f287,
  wrong: 0xed4245,
  nearly: 0xfee75c,
  summary: 0xeb459e,
} as const;

export type ActionStyle =
  | ButtonStyle.Primary
  | ButtonStyle.Secondary
  | ButtonStyle.Success
  | ButtonStyle.Danger;

export function row(...buttons: APIButtonComponent[]): APIActionRowComponent<APIComponentInMessageActionRow> {
  return { type: ComponentType.ActionRow, components: buttons };
}

export function button(
  customId: string,
  label: string,
  style: ActionStyle = ButtonStyle.Secondary,
  disabled = false,
): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: customId, label: label.slice(0, 80), style, disabled };
}

/** Shortens to `max` characters with an ellipsis: Discord refuses a field or label that is too long. */
export function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

const LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;
/** Most options a choice shows: one row of buttons. */
export const MAX_SHOWN_OPTIONS = LETTERS.length;

/** The letter an option is shown under (A for the first shown). */
export function optionLetter(display: number): string {
  return LETTERS[display] ?? '?';
}
