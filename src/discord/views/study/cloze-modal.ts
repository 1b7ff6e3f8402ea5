import { type APIModalInteractionResponseCallbackData, ComponentType, TextInputStyle } from 'discord.js';
import { MAX_CLOZE_INPUT } from '../../../domain/study-session.js';
import { type Locale, t } from '../../../i18n/messages.js';
import type { ClozeModal } from '../../../services/study.js';
import { buildCustomId } from '../../custom-id.js';
import { truncate } from '../ui-kit.js';

/** The modal a cloze's gap is typed in; it answers with the session version it was opened at. */
export function renderClozeModal(
  screen: ClozeModal,
  locale: Locale,
): APIModalInteractionResponseCallbackData {
  const { session, current } = screen;
  return {
    custom_id: buildCustomId({
      kind: 'study',
      sessionId: session.id,
      version: session.version,
      action: 'cloze-submit',
    }),
    title: t(locale, 'study.cloze-modal-title'),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: 'answer',
            label: truncate(t(locale, 'study.cloze-label'), 45),
            style: TextInputStyle.Short,
            min_length: 1,
            max_length: MAX_CLOZE_INPUT,
            required: true,
            placeholder: truncate(current.item.kind === 'cloze' ? current.item.text[locale] : '', 100),
          },
        ],
      },
    ],
  };
}
