import type { JsonSchema, RuleModule } from '../engine/rule.js';
import { LEVELS_OR_OFF } from '../types.js';

/** Schema fragments the rules share, so the same setting reads and validates the same everywhere. */
export const GLOBS_SCHEMA: JsonSchema = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
/** An allowlist entry's justification: required, never empty. */
export const WHY_SCHEMA: JsonSchema = { type: 'string', minLength: 1, description: 'why the entry is needed' };
/** An allowlist entry's expiry: after this day the entry is itself a finding. */
export const UNTIL_SCHEMA: JsonSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD after which the entry is expired (an error)' };

/** The id of a rule's named instance: a word that reads well after `rule/` in SARIF and in directives. */
export const INSTANCE_ID_SCHEMA: JsonSchema = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$', description: 'lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit' };

/** The published JSON Schema of `docwarden.yml`, assembled from the rule modules. */
export function buildConfigSchema(rules: readonly RuleModule<never>[]): JsonSchema {
  const ruleProps: Record<string, JsonSchema> = {};
  for (const rule of rules) {
    const objectForm: JsonSchema = {
      type: 'object',
      description: rule.description,
      additionalProperties: false,
      properties: {
        level: { enum: [...LEVELS_OR_OFF], description: `error | warning | note | off (default ${rule.defaultLevel})` },
        ...rule.optionsSchema,
      },
      ...(rule.requiredOptions?.length ? { required: rule.requiredOptions } : {}),
    };
    const instanceForm: JsonSchema = {
      ...objectForm,
      description: `a named instance of ${rule.id}: it publishes ${rule.id}/<id>`,
      properties: { id: INSTANCE_ID_SCHEMA, ...(objectForm.properties as Record<string, JsonSchema>) },
      required: ['id', ...(rule.requiredOptions ?? [])],
    };
    ruleProps[rule.id] = {
      description: `${rule.description} A level, the options, or a list of named instances (each with an id).`,
      if: { type: 'string' },
      then: { enum: [...LEVELS_OR_OFF] },
      else: { if: { type: 'array' }, then: { type: 'array', minItems: 1, items: instanceForm }, else: objectForm },
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/docwarden/docwarden/blob/main/schema/docwarden.schema.json',
    title: 'docwarden configuration',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      docs: {
        description: 'Globs of the Markdown files that are documentation (repository-relative, `!` negates).',
        $ref: '#/definitions/globs',
      },
      ignore: { description: 'Globs that are never read and never reported.', $ref: '#/definitions/globs' },
      now: {
        description: '"Now" for rules that age things: commit (HEAD\'s commit date), today, or a YYYY-MM-DD date.',
        type: 'string',
        pattern: '^(commit|today|\\d{4}-\\d{2}-\\d{2})$',
      },
      'max-file-size': {
        description: 'Files larger than this many bytes are skipped with a note (default 10485760).',
        type: 'integer',
        minimum: 1,
      },
      rules: {
        type: 'object',
        additionalProperties: false,
        properties: ruleProps,
      },
    },
    definitions: {
      globs: GLOBS_SCHEMA,
      regex: { type: 'string', regex: true },
    },
  };
}

/** `window` of an `exempt-lines` pattern (pattern guards, counted sites): the lines around a match it looks at. */
export const WINDOW_SCHEMA: JsonSchema = {
  description: 'lines around a match that `exempt-lines` looks at: N on each side, or { before, after }',
  type: ['integer', 'object'],
  minimum: 0,
  maximum: 1000,
  additionalProperties: false,
  minProperties: 1,
  properties: { before: { type: 'integer', minimum: 0, maximum: 1000 }, after: { type: 'integer', minimum: 0, maximum: 1000 } },
};
