// Self-test of the fake Discord's installation contexts: a user-installed app in a server the bot is not in, the
// bot's DM, and a DM between users, each as a real discord.js client receives it.
import { once } from 'node:events';
import {
  ApplicationIntegrationType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  InteractionContextType,
  MessageFlags,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeDiscord,
  type FakeUser,
  isEphemeral,
  startFakeDiscord,
} from '../support/fake-discord/index.js';

const GUILD_ID = '1234567890123456789';
const OTHER_GUILD_ID = '1234567890123456790';
const alice: FakeUser = { id: '1111111111111111111', username: 'alice', locale: 'en-US' };
const carol: FakeUser = { id: '3333333333333333333', username: 'carol' };

/** What the bot saw of each interaction, as it answers `where`. */
function describeInteraction(interaction: Interaction) {
  return {
    context: interaction.context,
    guildId: interaction.guildId,
    cachedGuild: interaction.guild !== null,
    member: interaction.member !== null,
    owners: {
      guild: interaction.authorizingIntegrationOwners[ApplicationIntegrationType.GuildInstall] ?? null,
      user: interaction.authorizingIntegrationOwners[ApplicationIntegrationType.UserInstall] ?? null,
    },
    // The bot's own permissions where it is a member; only the response set elsewhere.
    appCanSendMessages: interaction.appPermissions.has('SendMessages'),
  };
}

describe('fake Discord: user installs, the bot DM and private channels', () => {
  let fake: FakeDiscord;
  let client: Client;
  const seen: ReturnType<typeof describeInteraction>[] = [];
  const postErrors: unknown[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID, locale: 'en-US' }] });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    client.on(Events.InteractionCreate, (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen.push(describeInteraction(interaction));
      void (async () => {
        await interaction.reply({ content: `where ${interaction.context}`, flags: MessageFlags.Ephemeral });
        // Posting in the channel needs the bot there: a server without the bot refuses it.
        if (interaction.commandName === 'post' && interaction.channelId)
          await client.rest
            .post(`/channels/${interaction.channelId}/messages`, { body: { content: 'hello' } })
            .catch((error: unknown) => postErrors.push(error));
      })();
    });
    const ready = once(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
    await fake.waitForReady();
    const everywhere = {
      integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
      contexts: [
        InteractionContextType.Guild,
        InteractionContextType.BotDM,
        InteractionContextType.PrivateChannel,
      ],
    };
    await client.application?.commands.set([
      { name: 'where', description: 'where am I', ...everywhere },
      { name: 'post', description: 'post in the channel', ...everywhere },
      {
        name: 'board',
        description: 'server only',
        integration_types: [ApplicationIntegrationType.GuildInstall],
        contexts: [InteractionContextType.Guild],
      },
    ]);
    fake.installForUser(alice.id);
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('a server the bot is in: context 0, the cached guild, both installations named', async () => {
    const reply = await fake.sendCommand({ user: alice, name: 'where', guildId: GUILD_ID });
    expect(reply.message?.content).toBe('where 0');
    expect(seen.at(-1)).toEqual({
      context: 0,
      guildId: GUILD_ID,
      cachedGuild: true,
      member: true,
      owners: { guild: GUILD_ID, user: alice.id },
      appCanSendMessages: true,
    });
    expect(fake.validationErrors).toEqual([]);
  });

  it('a server the bot is not in: the guild id without the guild, the user install only', async () => {
    const reply = await fake.sendCommand({ user: alice, name: 'where', guildId: OTHER_GUILD_ID });
    expect(reply.message?.content).toBe('where 0');
    expect(isEphemeral(reply.message)).toBe(true);
    expect(seen.at(-1)).toEqual({
      context: 0,
      guildId: OTHER_GUILD_ID,
      cachedGuild: false,
      member: true,
      owners: { guild: null, user: alice.id },
      appCanSendMessages: false,
    });
  });

  it('the bot cannot post in the channel of a server it is not in', async () => {
    await fake.sendCommand({ user: alice, name: 'post', guildId: OTHER_GUILD_ID });
    await expect.poll(() => postErrors.length).toBe(1);
    expect(postErrors[0]).toBeInstanceOf(DiscordAPIError);
    expect((postErrors[0] as DiscordAPIError).code).toBe(50001);
  });

  it('the bot DM: context 1, a user and no member, "0" for the guild install', async () => {
    await fake.sendCommand({ user: alice, name: 'where', guildId: null });
    expect(seen.at(-1)).toMatchObject({
      context: 1,
      guildId: null,
      member: false,
      owners: { guild: '0', user: alice.id },
    });
  });

  it('a DM between users: context 2, through the user install', async () => {
    const reply = await fake.sendCommand({ user: alice, name: 'where', guildId: null, privateChannel: true });
    expect(reply.message?.content).toBe('where 2');
    expect(seen.at(-1)).toMatchObject({ context: 2, guildId: null, owners: { guild: null, user: alice.id } });
  });

  it('refuses what Discord would not offer', async () => {
    await expect(fake.sendCommand({ user: alice, name: 'board', guildId: null })).rejects.toThrow(
      /not offered in DMs/,
    );
    await expect(fake.sendCommand({ user: alice, name: 'board', guildId: OTHER_GUILD_ID })).rejects.toThrow(
      /no installation allows it/,
    );
    // Without a user install there is no way into a server the bot is not in.
    await expect(fake.sendCommand({ user: carol, name: 'where', guildId: OTHER_GUILD_ID })).rejects.toThrow(
      /has not installed the app/,
    );
    expect((await fake.sendCommand({ user: carol, name: 'board', guildId: GUILD_ID })).message?.content).toBe(
      'where 0',
    );
  });

  it('passes the server locale as guild_locale', async () => {
    const received = once(client, Events.InteractionCreate);
    await fake.sendCommand({ user: carol, name: 'where', guildId: GUILD_ID });
    const [interaction] = (await received) as [Interaction];
    expect(interaction.guildLocale).toBe('en-US');
  });
});
