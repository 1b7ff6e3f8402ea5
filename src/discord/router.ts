import { ApplicationIntegrationType, type Interaction, MessageFlags } from 'discord.js';
import type { Deps } from '../deps.js';
import {
  isMessageKey,
  type Locale,
  type MessageKey,
  type ParameterizedKey,
  resolveLocale,
  t,
} from '../i18n/messages.js';
import { claimAndLoadMember, rememberLocales, takeNotice } from '../services/interactions.js';
import type { InteractionContext, SlashCommand } from './command.js';
import { type CustomId, isKnownCustomIdNamespace, parseCustomId } from './custom-id.js';
import { replyEphemeral } from './reply.js';

export type ComponentHandler = (
  deps: Deps,
  interaction: Extract<Interaction, { customId: string }>,
  id: CustomId,
  context: InteractionContext,
) => Promise<void>;

export interface InteractionRouter {
  handle(interaction: Interaction): Promise<void>;
  /** Stops taking new interactions and resolves when those in flight are done. */
  drain(): Promise<void>;
  inFlight(): number;
}

/**
 * The one entry point for interactions: claims each interaction in the database so exactly one replica answers
 * it, routes commands by name and components by custom_id, and turns any unexpected error into a logged event and
 * a short ephemeral message. Nothing thrown here reaches the process.
 */
export function createInteractionRouter(
  deps: Deps,
  commands: readonly SlashCommand[],
  onComponent: ComponentHandler,
): InteractionRouter {
  const byName = new Map(commands.map((command) => [command.data.name, command]));
  const running = new Set<Promise<void>>();
  let draining = false;

  // During a rolling deploy two releases receive every interaction and the first to claim it answers. A command
  // or custom_id namespace this release does not know may be the newer release's, so it is never claimed here.
  function knows(interaction: Interaction): boolean {
    if (interaction.isChatInputCommand() || interaction.isAutocomplete())
      return byName.has(interaction.commandName);
    if ('customId' in interaction) return isKnownCustomIdNamespace(interaction.customId);
    return true;
  }

  async function route(interaction: Interaction): Promise<void> {
    const log = deps.log.child({
      interactionId: interaction.id,
      userId: interaction.user.id,
      guildId: interaction.guildId,
      type: interaction.type,
    });
    let locale = resolveLocale(null, 'locale' in interaction ? interaction.locale : null);
    if (!knows(interaction)) {
      log.info(
        {
          name: 'commandName' in interaction ? interaction.commandName : undefined,
          customId: 'customId' in interaction ? interaction.customId.slice(0, 100) : undefined,
        },
        'interaction unknown to this release; left unclaimed for another process',
      );
      return;
    }
    try {
      // The member's settings are read beside the claim (on the server, on another connection at the same time).
      const { claimed, user } = await claimAndLoadMember(deps, {
        interactionId: interaction.id,
        userId: interaction.user.id,
      });
      if (!claimed) {
        log.debug('interaction claimed by another process');
        return;
      }
      locale = resolveLocale(user.localeOverride, interaction.locale);
      const guildId = serverWithBoksup(interaction);
      const context: InteractionContext = { locale, user, guildId };
      const command = interaction.isChatInputCommand();
      await rememberLocales(deps, {
        user,
        locale: interaction.locale,
        guild:
          command && guildId && interaction.guildLocale
            ? { id: guildId, locale: interaction.guildLocale }
            : null,
      });
      const started = performance.now();

      if (interaction.isAutocomplete()) {
        const command = byName.get(interaction.commandName);
        await (command?.autocomplete
          ? command.autocomplete(deps, interaction, context)
          : interaction.respond([]));
        return;
      }
      if (interaction.isChatInputCommand()) {
        const command = byName.get(interaction.commandName);
        if (!command) return; // knows() has checked the name
        await command.execute(deps, interaction, context);
      } else if (interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit()) {
        const id = parseCustomId(interaction.customId);
        if (!id) {
          log.info({ customId: interaction.customId.slice(0, 100) }, 'malformed custom_id');
          return void (await replyEphemeral(interaction, t(locale, 'error.malformed-id')));
        }
        await onComponent(deps, interaction, id, context);
      } else {
        return;
      }
      log.info(
        {
          name: interaction.isChatInputCommand() ? interaction.commandName : undefined,
          ms: Math.round(performance.now() - started),
        },
        'interaction answered',
      );
      if (user.pendingNotice && interaction.isRepliable()) {
        const notice = await takeNotice(deps, user.userId);
        if (notice)
          await interaction.followUp({ content: noticeText(locale, notice), flags: MessageFlags.Ephemeral });
      }
    } catch (error) {
      log.error({ err: error }, 'interaction failed');
      if (interaction.isRepliable()) {
        const key: MessageKey = isDatabaseError(error) ? 'error.database-unavailable' : 'error.unexpected';
        await replyEphemeral(interaction, t(locale, key)).catch((replyError: unknown) =>
          log.warn({ err: replyError }, 'could not tell the member about the failure'),
        );
      }
    }
  }

  return {
    handle(interaction) {
      if (draining) return Promise.resolve();
      const task = route(interaction).finally(() => running.delete(task));
      running.add(task);
      return task;
    },
    async drain() {
      draining = true;
      await Promise.allSettled([...running]);
    },
    inFlight: () => running.size,
  };
}

/**
 * The interaction's server when boksup was added to it (Discord names the server as the guild installation's
 * owner), else null: a member's own install also answers in servers without the bot, which have no board.
 */
function serverWithBoksup(interaction: Interaction): string | null {
  const { guildId } = interaction;
  if (!guildId) return null;
  return interaction.authorizingIntegrationOwners[ApplicationIntegrationType.GuildInstall] === guildId
    ? guildId
    : null;
}

/** A notice is stored as a message key so that it is shown in the member's language at the time. */
function noticeText(locale: Locale, notice: string): string {
  return isMessageKey(notice) ? t(locale, notice as Exclude<MessageKey, ParameterizedKey>) : notice;
}

function isDatabaseError(error: unknown, depth = 0): boolean {
  // drizzle wraps the driver's error (DrizzleQueryError), keeping it as `cause`.
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause !== undefined && depth < 5 && isDatabaseError(cause, depth + 1)) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    ([
      'ECONNREFUSED',
      'ECONNRESET',
      'CONNECTION_CLOSED',
      'CONNECTION_ENDED',
      'CONNECT_TIMEOUT',
      'CONNECTION_DESTROYED',
    ].includes(code) ||
      code.startsWith('57P') ||
      code.startsWith('08'))
  );
}
