import { z } from 'zod';

/**
 * The shape of a deck file in `content/`. Every string a learner reads exists in Korean (first) and English.
 * Limits keep every rendered item inside Discord's embed and component limits.
 */

const nonBlank = (max: number) =>
  z
    .string()
    .max(max, { message: `must be at most ${max} characters` })
    .refine((value) => value.trim().length > 0, { message: 'must not be empty' });

export const localizedText = (max: number) =>
  z.strictObject({
    ko: nonBlank(max),
    en: nonBlank(max),
  });

export const ITEM_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const itemId = z
  .string()
  .max(60)
  .regex(ITEM_ID_PATTERN, { message: 'must be kebab-case: lowercase letters, digits and single dashes' });

const sectionId = z
  .string()
  .regex(ITEM_ID_PATTERN, { message: 'must be a section id from content/sections.yaml' });

const commonItemFields = {
  id: itemId,
  section: sectionId,
  explanation: localizedText(1200),
  /** Context that goes beyond the study notes (for example that ECR is AWS's registry), shown marked as such. */
  beyondNotes: localizedText(600).optional(),
};

/** An option of a multiple-choice or scenario question; a wrong option says why it is wrong. */
export const choiceOptionSchema = z.strictObject({
  text: localizedText(200),
  why: localizedText(300).optional(),
});

const choiceFields = {
  options: z.array(choiceOptionSchema).min(2).max(5),
  /** Zero-based index of the right option in `options`. */
  answer: z.number().int().min(0),
};

export const flashcardSchema = z.strictObject({
  ...commonItemFields,
  kind: z.literal('flashcard'),
  front: localizedText(500),
  back: localizedText(800),
});

export const multipleChoiceSchema = z.strictObject({
  ...commonItemFields,
  kind: z.literal('multiple_choice'),
  question: localizedText(500),
  ...choiceFields,
});

export const scenarioSchema = z.strictObject({
  ...commonItemFields,
  kind: z.literal('scenario'),
  situation: localizedText(800),
  question: localizedText(300),
  ...choiceFields,
});

export const orderingSchema = z.strictObject({
  ...commonItemFields,
  kind: z.literal('ordering'),
  prompt: localizedText(300),
  /** The steps in their correct order; the bot shuffles them when it asks. */
  steps: z.array(localizedText(120)).min(3).max(8),
});

export const CLOZE_GAP = '___';

export const clozeSchema = z.strictObject({
  ...commonItemFields,
  kind: z.literal('cloze'),
  /** The sentence with exactly one gap, written `___`, in each language. */
  text: localizedText(500),
  /** The canonical answer shown after grading. */
  answer: localizedText(60),
  /** Further accepted spellings (synonyms, the other language's term). Matching ignores case and spacing. */
  accept: z.array(nonBlank(60)).max(10).default([]),
});

export const itemSchema = z.discriminatedUnion('kind', [
  flashcardSchema,
  multipleChoiceSchema,
  scenarioSchema,
  orderingSchema,
  clozeSchema,
]);

export const deckFileSchema = z.strictObject({
  id: itemId,
  title: localizedText(80),
  description: localizedText(300),
  items: z.array(itemSchema).min(1),
});

export const sectionsFileSchema = z.strictObject({
  sections: z
    .array(
      z.strictObject({
        id: sectionId,
        title: localizedText(100),
      }),
    )
    .min(1),
});

export type LocalizedText = z.infer<ReturnType<typeof localizedText>>;
export type ItemContent = z.infer<typeof itemSchema>;
export type ItemKind = ItemContent['kind'];
export type DeckFile = z.infer<typeof deckFileSchema>;
export type SectionsFile = z.infer<typeof sectionsFileSchema>;
