import type { APIEmbed } from 'discord.js';
import { MIN_MEMBERS_FOR_GROUP_LEECH } from '../../domain/leeches.js';
import { type Locale, t } from '../../i18n/messages.js';
import type { loadGroupLeeches } from '../../services/insights.js';
import { COLORS } from './ui-kit.js';

type Leech = Awaited<ReturnType<typeof loadGroupLeeches>>[number];

const HEADLINE_LENGTH = 90;

function clip(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
}

/** `/admin leeches`: the group's most forgotten items, worst first. */
export function renderGroupLeeches(locale: Locale, p: { leeches: readonly Leech[]; days: number }): APIEmbed {
  if (p.leeches.length === 0) {
    return {
      color: COLORS.question,
      title: t(locale, 'leeches.title'),
      description: t(locale, 'leeches.empty', { min: String(MIN_MEMBERS_FOR_GROUP_LEECH) }),
    };
  }
  const lines = p.leeches.map((leech, index) => {
    const points = Math.round(leech.recallGap * 100);
    return t(locale, 'leeches.line', {
      rank: String(index + 1),
      headline: clip(leech.headline?.[locale] ?? leech.itemId, HEADLINE_LENGTH),
      section: leech.section?.[locale] ?? '—',
      lapsed: String(Math.round(leech.lapseRate * leech.members)),
      members: String(leech.members),
      gap:
        points >= 5
          ? t(locale, 'leeches.gap-worse', { points: String(points) })
          : t(locale, 'leeches.gap-none'),
    });
  });
  return {
    color: COLORS.question,
    title: t(locale, 'leeches.title'),
    description: `${t(locale, 'leeches.description', { days: String(p.days) })}\n\n${lines.join('\n')}`,
    footer: { text: t(locale, 'leeches.footer') },
  };
}
