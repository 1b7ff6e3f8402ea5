// Self-test of the fake Discord: a real discord.js client talks to it end to end.
import { once } from 'node:events';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  InteractionResponseType,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  Routes,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PERMISSIONS,
  type FakeDiscord,
  type FakeUser,
  isEphemeral,
  startFakeDiscord,
  waitFor,
} from '../support/fake-discord/index.js';

const GUILD_ID = '1234567890123456789';
const alice: FakeUser = { id: '1111111111111111111', username: 'alice' };
const bob: FakeUser = { id: '2222222222222222222', username: 'bob', locale: 'en-US' };
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A bot process: answers the test commands and records what it saw. */
function bot(fake: FakeDiscord, name: string) {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  const seen: string[] = [];
  const errors: unknown[] = [];
  client.on(Events.InteractionCreate, (interaction) => {
    seen.push(interaction.id);
    handle(interaction, name).catch((error: unknown) => errors.push(error));
  });
  return { client, seen, errors };
}

async function handle(interaction: Interaction, name: string): Promise<void> {
  if (interaction.isChatInputCommand()) {
    if (interaction.commandName === 'ping') {
      const button = new ButtonBuilder()
        .setCustomId('ping:again')
        .setLabel('Again')
        .setStyle(ButtonStyle.Primary);
      await interaction.reply({
        content: `pong ${interaction.locale}`,
        components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button)],
        flags: MessageFlags.Ephemeral,
      });
    } else if (interaction.commandName === 'pick') {
      const select = new StringSelectMenuBuilder()
        .setCustomId('pick:color')
        .addOptions({ label: 'Red', value: 'red' }, { label: 'Blue', value: 'blue' });
      const response = await interaction.reply({
        content: 'pick one',
        components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(select)],
        withResponse: true,
      });
      if (!response.resource?.message?.id) throw new Error('with_response answered no message');
    } else if (interaction.commandName === 'form') {
      const input = new TextInputBuilder().setCustomId('answer').setStyle(TextInputStyle.Short);
      await interaction.showModal(
        new ModalBuilder()
          .setCustomId('form:answer')
          .setTitle('Answer')
          .addLabelComponents(new LabelBuilder().setLabel('Your answer').setTextInputComponent(input)),
      );
    } else if (interaction.commandName === 'chart') {
      await interaction.deferReply();
      await interaction.editReply({
        content: 'chart',
        files: [new AttachmentBuilder(PNG, { name: 'chart.png' })],
      });
    } else if (interaction.commandName === 'broken') {
      // discord.js checks neither this length nor Discord's 2000-character limit.
      await interaction.reply({ content: 'x'.repeat(2001) });
    } else if (interaction.commandName === 'upload') {
      // A handler reads the attachment as discord.js resolves it and downloads it from its URL.
      const file = interaction.options.getAttachment('file', true);
      const bytes = Buffer.from(await (await fetch(file.url)).arrayBuffer());
      await interaction.reply({
        content: `${file.name} ${file.size} ${file.contentType ?? '-'} ${bytes.toString('utf8')}`,
        flags: MessageFlags.Ephemeral,
      });
    } else if (interaction.commandName === 'who') {
      await interaction.reply({ content: `answered by ${name}` });
    }
  } else if (interaction.isButton()) {
    await interaction.update({ content: 'clicked', components: [] });
  } else if (interaction.isStringSelectMenu()) {
    await interaction.update({ content: `picked ${interaction.values.join(',')}`, components: [] });
  } else if (interaction.isModalSubmit()) {
    const answer = interaction.fields.getTextInputValue('answer');
    await interaction.reply({ content: `answer=${answer}`, flags: MessageFlags.Ephemeral });
  }
}

describe('fake Discord with a real discord.js client', () => {
  let fake: FakeDiscord;
  let a: ReturnType<typeof bot>;
  let b: ReturnType<typeof bot> | undefined;

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds: [{ id: GUILD_ID, name: '복습 스터디' }] });
    a = bot(fake, 'A');
    const ready = once(a.client, Events.ClientReady);
    await a.client.login(fake.token);
    await ready;
    await fake.waitForReady();
  });

  afterAll(async () => {
    await a?.client.destroy();
    await b?.client.destroy();
    await fake?.close();
  });

  it('logs in: READY, the guild, the application id', () => {
    expect(a.client.guilds.cache.get(GUILD_ID)?.name).toBe('복습 스터디');
    expect(a.client.application?.id).toBe(fake.applicationId);
    expect(fake.identifies).toBe(1);
    expect(fake.gatewayConnections()).toBe(1);
  });

  it('registers guild commands with a bulk overwrite', async () => {
    const commands = ['ping', 'pick', 'form', 'chart', 'broken', 'who', 'upload'].map((name) => ({
      name,
      description: `${name} command`,
      ...(name === 'upload'
        ? { options: [{ type: 11, name: 'file', description: 'a file', required: true }] }
        : {}),
    }));
    await a.client.application?.commands.set(commands, GUILD_ID);
    expect(fake.commandPuts).toBe(1);
    const registered = fake.registeredCommands({ guildId: GUILD_ID });
    expect(registered.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    expect(registered.every((c) => typeof c.id === 'string')).toBe(true);
    expect(fake.validationErrors).toEqual([]);
  });

  it('runs a slash command, an ephemeral reply with a button, and the click', async () => {
    const reply = await fake.sendCommand({ user: bob, name: 'ping' });
    expect(reply.interactionId).toMatch(/^\d{17,20}$/);
    expect(reply.callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(reply.message?.content).toBe('pong en-US');
    expect(isEphemeral(reply.message)).toBe(true);
    if (!reply.message) throw new Error('no reply message');

    const click = await fake.clickButton({ user: bob, message: reply.message, customId: 'ping:again' });
    expect(click.callback.type).toBe(InteractionResponseType.UpdateMessage);
    expect(click.message?.id).toBe(reply.message.id);
    expect(click.message?.content).toBe('clicked');
    expect(click.message?.components).toEqual([]);
    // The button is gone now: the fake clicks only what the message currently shows.
    await expect(
      fake.clickButton({ user: bob, message: reply.message, customId: 'ping:again' }),
    ).rejects.toThrow(/no component/);
  });

  it('answers a string select with with_response=true', async () => {
    const reply = await fake.sendCommand({ user: alice, name: 'pick', memberPermissions: ADMIN_PERMISSIONS });
    expect(fake.callbacksFor(reply.interactionId)[0]).toMatchObject({ status: 200, withResponse: true });
    if (!reply.message) throw new Error('no reply message');
    const picked = await fake.selectMenu({
      user: alice,
      message: reply.message,
      customId: 'pick:color',
      values: ['blue'],
    });
    expect(picked.message?.content).toBe('picked blue');
  });

  it('shows a modal and receives its submission', async () => {
    const shown = await fake.sendCommand({ user: alice, name: 'form' });
    expect(shown.callback.type).toBe(InteractionResponseType.Modal);
    expect(shown.message).toBeUndefined();
    const submitted = await fake.submitModal({
      user: alice,
      customId: 'form:answer',
      fields: { answer: '42' },
    });
    expect(submitted.message?.content).toBe('answer=42');
  });

  it('defers, then edits the reply with a PNG attachment sent as multipart', async () => {
    const deferred = await fake.sendCommand({ user: alice, name: 'chart' });
    expect(deferred.callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const edited = await waitFor(() => {
      const m = fake.originalMessage(deferred.interactionId);
      return m?.attachments.length ? m : undefined;
    });
    const [attachment] = edited.attachments;
    expect(attachment).toMatchObject({ filename: 'chart.png', width: 1, height: 1, size: PNG.length });
    expect(fake.attachmentBytes(attachment?.url ?? '')?.equals(PNG)).toBe(true);
    const fetched = Buffer.from(await (await fetch(attachment?.url ?? '')).arrayBuffer());
    expect(fetched.equals(PNG)).toBe(true);
    expect(fake.channelMessages(fake.guildChannelId(GUILD_ID))).toContainEqual(edited);
  });

  it('passes a file attached to a slash command as a resolved attachment served by URL', async () => {
    const bytes = new TextEncoder().encode('앞면\t뒷면');
    const outcome = await fake.sendCommand({
      user: alice,
      name: 'upload',
      attachments: { file: { name: '덱.tsv', bytes, contentType: 'text/tab-separated-values' } },
    });
    expect(outcome.message?.content).toBe(`덱.tsv ${bytes.length} text/tab-separated-values 앞면\t뒷면`);
    expect(fake.validationErrors).toEqual([]);
  });

  it('sends DMs, and answers 50007 for a user who refuses them', async () => {
    await a.client.users.send(alice.id, 'reminder: 5 cards due');
    expect(fake.dmMessages(alice.id).map((m) => m.content)).toEqual(['reminder: 5 cards due']);
    fake.refuseDmsFrom(bob.id);
    const refused = await a.client.users.send(bob.id, 'hello').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect((refused as DiscordAPIError).code).toBe(50007);
  });

  it('rejects bodies Discord would reject, and records why', async () => {
    const before = fake.validationErrors.length;
    const invalid = {
      content: 'x',
      components: [{ type: 1, components: [{ type: 2, style: 1, label: 'x', custom_id: 'x'.repeat(101) }] }],
    };
    const error = await a.client.rest
      .post(Routes.channelMessages(fake.guildChannelId(GUILD_ID)), { body: invalid })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50035);
    expect(fake.validationErrors.slice(before)).toEqual([
      expect.objectContaining({ method: 'POST', errors: expect.stringContaining('custom_id') }),
    ]);
    // An invalid interaction reply fails the interaction at once.
    await expect(fake.sendCommand({ user: alice, name: 'broken' })).rejects.toThrow(
      /callback rejected: .*content/,
    );
    await expect(fake.sendCommand({ user: alice, name: 'unregistered' })).rejects.toThrow(/not registered/);
    await waitFor(() => a.errors.length > 0);
    expect(a.errors.map((e) => (e as DiscordAPIError).code)).toEqual([50035]);
  });

  it('delivers an interaction to both connected bot processes; the first callback wins', async () => {
    a.errors.length = 0;
    b = bot(fake, 'B');
    const ready = once(b.client, Events.ClientReady);
    await b.client.login(fake.token);
    await ready;
    await fake.waitForReady(2);
    const outcome = await fake.sendCommand({ user: alice, name: 'who' });
    expect(outcome.message?.content).toMatch(/^answered by [AB]$/);
    const callbacks = await waitFor(() => {
      const list = fake.callbacksFor(outcome.interactionId);
      return list.length === 2 ? list : undefined;
    });
    expect(callbacks.map((c) => c.status).sort()).toEqual([204, 400]);
    expect(a.seen).toContain(outcome.interactionId);
    expect(b.seen).toContain(outcome.interactionId);
    // The fake records the losing callback's reply before that client's promise rejects: wait for the rejection.
    const clients = [a, b];
    const lost = await waitFor(() => {
      const errors = clients.flatMap((client) => client.errors);
      return errors.length > 0 ? errors.map((e) => (e instanceof DiscordAPIError ? e.code : e)) : undefined;
    });
    expect(lost).toEqual([40060]);
    expect(fake.unknownRoutes).toEqual([]);
  });
});
