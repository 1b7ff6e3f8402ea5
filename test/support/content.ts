import { fileURLToPath } from 'node:url';
import { type LoadedContent, loadContent } from '../../src/content/load.js';

export const FIXTURE_CONTENT_DIR = fileURLToPath(new URL('../fixtures/content/', import.meta.url));
export const BROKEN_CONTENT_DIR = fileURLToPath(new URL('../fixtures/broken/', import.meta.url));
export const CONTROL_CHARACTERS_DIR = fileURLToPath(
  new URL('../fixtures/control-characters/', import.meta.url),
);

export async function loadFixtureContent(): Promise<LoadedContent> {
  const result = await loadContent(FIXTURE_CONTENT_DIR);
  if (!result.ok) throw new Error(`fixture content is broken: ${JSON.stringify(result.problems)}`);
  return result.content;
}
