import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import type { ImportedItem } from '../../content/import/model.js';
import { type ImportPreview, KIND_ORDER } from '../../content/import/preview.js';
import { type Locale, t } from '../../i18n/messages.js';
import { buildCustomId } from '../custom-id.js';
import { describeImportProblem } from './import-problems.js';

const COLOR_OK = 0x57f287;
const COLOR_BLOCKED = 0xed4245;
/** Discord's embed field value limit. */
const FIELD_MAX = 1024;
const DESCRIPTION_MAX = 4096;

/** Room kept for the "…and N more" line. */
const MORE_RESERVE = 40;

/** Lines joined up to `max` characters, ending with "…and N more" when some did not fit. */
export function fitLines(locale: Locale, lines: readonly string[], max = FIELD_MAX): string {
  if (lines.length === 0) return t(locale, 'import.preview.none');
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const clipped = line.length > 300 ? `${line.slice(0, 299)}…` : line;
    const room = index === lines.length - 1 ? max : max - MORE_RESERVE;
    if (length + clipped.length + 1 > room) {
      kept.push(t(locale, 'import.preview.more', { count: lines.length - index }));
      break;
    }
    kept.push(clipped);
    length += clipped.length + 1;
  }
  return kept.join('\n');
}

/**
 * The summary of an import preview: counts by kind, the diff on a re-import, how note types were mapped, which
 * items had media, and every problem with where it is. The sample items are drawn by the study view.
 */
export function renderImportSummary(preview: ImportPreview, fallbackTitle: string, locale: Locale): APIEmbed {
  const kinds = KIND_ORDER.filter((kind) => preview.counts[kind])
    .map((kind) => `${t(locale, `study.kind.${kind}`)} ${preview.counts[kind]}`)
    .join(' · ');
  const description = [t(locale, 'import.preview.total', { total: preview.total, kinds: kinds || '—' })];
  if (preview.diff) {
    const { added, changed, restored, retired, unchanged } = preview.diff;
    description.push(
      t(locale, 'import.preview.diff', {
        added: added.length,
        changed: changed.length,
        restored: restored.length,
        retired: retired.length,
        unchanged: unchanged.length,
      }),
    );
  }
  description.push(
    '',
    t(locale, preview.publishable ? 'import.preview.publishable' : 'import.preview.blocked'),
  );
  const fields: APIEmbedField[] = [];
  if (preview.errors.length > 0)
    fields.push({
      name: t(locale, 'import.preview.errors', { count: preview.errors.length }),
      value: fitLines(
        locale,
        preview.errors.map((problem) => describeImportProblem(locale, problem)),
      ),
    });
  if (preview.mappings.length > 0)
    fields.push({
      name: t(locale, 'import.preview.mappings'),
      value: fitLines(
        locale,
        preview.mappings.map((mapping) =>
          t(locale, 'import.preview.mapping', {
            ...mapping,
            kind: t(locale, `study.kind.${mapping.kind}`),
            front: mapping.front.join(', ') || '—',
            back: mapping.back.join(', ') || '—',
          }),
        ),
      ),
    });
  if (preview.withMedia.length > 0) {
    const files = [...new Set(preview.withMedia.flatMap((item) => item.media))];
    fields.push({
      name: t(locale, 'import.preview.media', { items: preview.withMedia.length }),
      value: fitLines(locale, [t(locale, 'import.preview.media-note', { files: files.join(', ') })]),
    });
  }
  if (preview.warnings.length > 0)
    fields.push({
      name: t(locale, 'import.preview.warnings', { count: preview.warnings.length }),
      value: fitLines(
        locale,
        preview.warnings.map((problem) => describeImportProblem(locale, problem)),
      ),
    });
  return {
    color: preview.publishable ? COLOR_OK : COLOR_BLOCKED,
    title: t(locale, 'import.preview.title', { title: preview.title ?? fallbackTitle }).slice(0, 256),
    description: description.join('\n').slice(0, DESCRIPTION_MAX),
    fields,
  };
}

function sampleText(item: ImportedItem, locale: Locale): string {
  const { content } = item;
  switch (content.kind) {
    case 'flashcard':
      return `${content.front[locale]}\n→ ${content.back[locale]}`;
    case 'cloze':
      return `${content.text[locale]}\n→ ${content.answer[locale]}`;
    case 'ordering':
      return `${content.prompt[locale]}\n${content.steps.map((step, i) => `${i + 1}. ${step[locale]}`).join('\n')}`;
    default:
      return `${content.question[locale]}\n${content.options.map((o, i) => `${i === content.answer ? '✓' : '·'} ${o.text[locale]}`).join('\n')}`;
  }
}

/** The whole preview message: the summary, the sample items, and Publish / Cancel when it can be published. */
export function renderImportPreview(
  preview: ImportPreview,
  p: { importId: string | null; deckName: string },
  locale: Locale,
): { embeds: APIEmbed[]; components: APIActionRowComponent<APIComponentInMessageActionRow>[] } {
  const embeds: APIEmbed[] = [renderImportSummary(preview, p.deckName, locale)];
  for (const item of preview.samples) {
    embeds.push({
      color: COLOR_OK,
      title: t(locale, `study.kind.${item.content.kind}`),
      description: sampleText(item, locale).slice(0, 1500),
      ...(item.deck ? { footer: { text: item.deck.slice(0, 200) } } : {}),
    });
  }
  if (!p.importId) return { embeds, components: [] };
  const importId = p.importId;
  return {
    embeds,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Success,
            label: t(locale, 'import.publish'),
            custom_id: buildCustomId({ kind: 'deck-import', importId, action: 'publish' }),
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: t(locale, 'import.cancel'),
            custom_id: buildCustomId({ kind: 'deck-import', importId, action: 'cancel' }),
          },
        ],
      },
    ],
  };
}
