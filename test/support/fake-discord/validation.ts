// Validates request bodies against Discord's OpenAPI description (openapi.json beside this file, MIT,
// discord/discord-api-spec) plus limits the description does not state. Schemas compile lazily per
// operation and are cached for the whole test worker.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { asArray, asObject, MessageFlag } from './state.js';
import type { Json } from './types.js';

export interface FieldError {
  path: string[];
  code: string;
  message: string;
}

interface Operation {
  template: string;
  regex: RegExp;
  literals: number;
  spec: Json;
}

const SPEC_ID = 'discord-openapi.json';
const MESSAGE_ROUTES = new Set([
  'POST /channels/{channel_id}/messages',
  'PATCH /channels/{channel_id}/messages/{message_id}',
  'POST /webhooks/{webhook_id}/{webhook_token}',
  'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original',
  'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
]);
const CALLBACK_ROUTE = 'POST /interactions/{interaction_id}/{interaction_token}/callback';

/** Timings, for the curious: spec load and each operation's first compile. */
export const validatorTimings: { loadMs: number; compileMs: Record<string, number> } = {
  loadMs: 0,
  compileMs: {},
};

let shared: SpecValidator | undefined;
export const specValidator = (): SpecValidator => {
  shared ??= new SpecValidator();
  return shared;
};

class SpecValidator {
  private readonly ajv: Ajv2020;
  private readonly operations: Operation[];
  private readonly cache = new Map<string, ValidateFunction | undefined>();

  constructor() {
    const started = performance.now();
    const spec = JSON.parse(readFileSync(new URL('./openapi.json', import.meta.url), 'utf8')) as Json;
    const schemas = asObject(asObject(spec.components).schemas);
    simplifyUnions(spec, schemas);
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, logger: false });
    addFormatsModule.default(this.ajv);
    this.ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
    this.ajv.addFormat('nonce', true);
    this.ajv.addSchema(spec, SPEC_ID);
    this.operations = Object.entries(asObject(spec.paths))
      .map(([template, item]) => {
        const segments = template.split('/').filter(Boolean);
        const pattern = segments.map((s) =>
          s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
        );
        const literals = segments.filter((s) => !s.startsWith('{')).length;
        return { template, regex: new RegExp(`^/${pattern.join('/')}$`), literals, spec: asObject(item) };
      })
      .sort((a, b) => b.literals - a.literals);
    validatorTimings.loadMs = performance.now() - started;
  }

  /** Errors for a request body; an empty list when it is valid or the route has no request body. */
  validate(method: string, path: string, body: unknown): FieldError[] {
    const op = this.operations.find((o) => o.regex.test(path));
    const key = `${method} ${op?.template}`;
    const errors: FieldError[] = [];
    const validator = op && this.validatorFor(op, method.toLowerCase(), key);
    if (validator && !validator(body)) errors.push(...fromAjv(validator.errors ?? []));
    const extra: FieldError[] = [];
    walkCustomIds(body, [], extra);
    const b = asObject(body);
    if (MESSAGE_ROUTES.has(key)) messageLimits(b, [], extra);
    if (key === CALLBACK_ROUTE && (b.type === 4 || b.type === 7))
      messageLimits(asObject(b.data), ['data'], extra);
    // The spec already states some of these limits: report each field once.
    const reported = new Set(errors.map((e) => e.path.join('.')));
    return [...errors, ...extra.filter((e) => !reported.has(e.path.join('.')))];
  }

  private validatorFor(op: Operation, method: string, key: string): ValidateFunction | undefined {
    if (this.cache.has(key)) return this.cache.get(key);
    const content = asObject(asObject(asObject(op.spec[method]).requestBody).content);
    let validator: ValidateFunction | undefined;
    if (content['application/json']) {
      const started = performance.now();
      const pointer = ['paths', op.template, method, 'requestBody', 'content', 'application/json', 'schema']
        .map((s) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1')))
        .join('/');
      validator = this.ajv.compile({ $ref: `${SPEC_ID}#/${pointer}` });
      validatorTimings.compileMs[key] = performance.now() - started;
    }
    this.cache.set(key, validator);
    return validator;
  }
}

/**
 * Discord's unions of components and callbacks are told apart by an integer `type`. Plain oneOf makes ajv
 * report every branch's failure; rewriting each tagged union as `if type ∈ tags then branch` keeps only the
 * errors of the branch the body meant. `{ type: 'null' }` branches become `if null … else …` likewise.
 */
function simplifyUnions(node: unknown, schemas: Json): void {
  if (!node || typeof node !== 'object') return;
  const obj = node as Json;
  for (const value of Object.values(obj)) simplifyUnions(value, schemas);
  if (Array.isArray(node)) return;
  for (const key of ['oneOf', 'anyOf']) {
    const branches = obj[key];
    if (!Array.isArray(branches)) continue;
    const isNull = (b: unknown) => asObject(b).type === 'null' && Object.keys(asObject(b)).length === 1;
    const nullable = branches.some(isNull);
    const rest = branches.filter((b) => !isNull(b));
    const tags = rest.map((b) => typeTags(b, schemas));
    const flat = tags.flatMap((t) => t ?? []);
    let union: unknown;
    if (rest.length === 1) union = rest[0];
    else if (rest.length > 1 && tags.every(Boolean) && new Set(flat).size === flat.length) {
      const cases = rest.map((b, i) => ({
        if: { required: ['type'], properties: { type: { enum: tags[i] } } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a promise
        then: b,
      }));
      union = { required: ['type'], properties: { type: { enum: flat } }, allOf: cases };
    } else if (nullable) union = { [key]: rest };
    else continue;
    delete obj[key];
    obj.allOf = [...asArray(obj.allOf), nullable ? { if: { type: 'null' }, else: union } : union];
  }
}

function typeTags(branch: unknown, schemas: Json): unknown[] | undefined {
  const ref = asObject(branch).$ref;
  const schema =
    typeof ref === 'string' ? asObject(schemas[ref.replace('#/components/schemas/', '')]) : branch;
  const type = asObject(asObject(asObject(schema).properties).type);
  if (Array.isArray(type.enum)) return type.enum;
  return 'const' in type ? [type.const] : undefined;
}

const CODES: Record<string, string> = {
  required: 'BASE_TYPE_REQUIRED',
  maxLength: 'BASE_TYPE_BAD_LENGTH',
  minLength: 'BASE_TYPE_BAD_LENGTH',
  maxItems: 'BASE_TYPE_MAX_LENGTH',
  minItems: 'BASE_TYPE_MIN_LENGTH',
  enum: 'BASE_TYPE_CHOICES',
  type: 'BASE_TYPE_BAD_TYPE',
};

function fromAjv(errors: ErrorObject[]): FieldError[] {
  const useful = errors.filter((e) => !['if', 'oneOf', 'anyOf'].includes(e.keyword));
  return (useful.length > 0 ? useful : errors).map((e) => {
    const path = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
    if (e.keyword === 'required') path.push(String(e.params.missingProperty));
    return { path, code: CODES[e.keyword] ?? 'BASE_TYPE_INVALID', message: e.message ?? e.keyword };
  });
}

function walkCustomIds(node: unknown, path: string[], out: FieldError[]): void {
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'custom_id' && (typeof value !== 'string' || value.length < 1 || value.length > 100)) {
      out.push({
        path: [...path, key],
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
      });
    }
    walkCustomIds(value, [...path, key], out);
  }
}

function messageLimits(m: Json, at: string[], out: FieldError[]): void {
  const push = (path: (string | number)[], code: string, message: string) =>
    out.push({ path: [...at, ...path.map(String)], code, message });
  const content = typeof m.content === 'string' ? m.content : '';
  const embeds = asArray(m.embeds).map(asObject);
  if (content.length > 2000) push(['content'], 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
  if (embeds.length > 10) push(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  const embedChars = embeds.reduce((n, e) => {
    const fields = asArray(e.fields).map(asObject);
    const texts = [e.title, e.description, asObject(e.footer).text, asObject(e.author).name];
    for (const f of fields) texts.push(f.name, f.value);
    return n + texts.reduce<number>((k, t) => k + (typeof t === 'string' ? t.length : 0), 0);
  }, 0);
  if (embedChars > 6000)
    push(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  const components = asArray(m.components).map(asObject);
  if (typeof m.flags === 'number' && (m.flags & MessageFlag.ComponentsV2) !== 0) {
    if (content || embeds.length > 0) {
      push(
        ['content'],
        'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
        'content/embeds with IS_COMPONENTS_V2',
      );
    }
    return;
  }
  if (components.length > 5) push(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  components.forEach((row, i) => {
    if (row.type !== 1)
      push(['components', i, 'type'], 'UNION_TYPE_CHOICES', 'Top-level components must be action rows.');
    const width = asArray(row.components).reduce<number>((w, c) => w + (asObject(c).type === 2 ? 1 : 5), 0);
    if (width > 5)
      push(['components', i, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'Row is wider than 5.');
  });
}

/** Discord's nested `errors` object: `{ data: { content: { _errors: [{ code, message }] } } }`. */
export function discordErrors(list: FieldError[]): Json {
  const root: Json = {};
  for (const e of list) {
    let node = root;
    for (const segment of e.path) {
      node[segment] ??= {};
      node = node[segment] as Json;
    }
    node._errors = [...asArray(node._errors), { code: e.code, message: e.message }];
  }
  return root;
}

export const describeErrors = (list: FieldError[]): string =>
  list.map((e) => `${e.path.join('.') || '(body)'}: ${e.message}`).join('; ');
