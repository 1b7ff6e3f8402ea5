import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';

/** The Discord error codes the bot acts on, named once. */

/** A channel the bot cannot post in any more: gone, or access or permission taken away. Retrying cannot help. */
const CHANNEL_UNAVAILABLE = new Set<number | string>([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel,
  RESTJSONErrorCodes.MissingPermissions,
]);

const codeOf = (error: unknown) => (error instanceof DiscordAPIError ? error.code : undefined);

export const isChannelUnavailable = (error: unknown): boolean => {
  const code = codeOf(error);
  return code !== undefined && CHANNEL_UNAVAILABLE.has(code);
};

/** The member does not accept DMs from the bot. */
export const isDmRefused = (error: unknown): boolean =>
  codeOf(error) === RESTJSONErrorCodes.CannotSendMessagesToThisUser;

/** The message to edit no longer exists. */
export const isUnknownMessage = (error: unknown): boolean =>
  codeOf(error) === RESTJSONErrorCodes.UnknownMessage;
