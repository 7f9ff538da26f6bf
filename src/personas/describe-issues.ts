// Turns zod issues into "field: problem" lines a person can act on, in their language (each a Text):
// dotted field paths, one line per unknown field (with a "did you mean" when it is a near miss), a
// union's problems taken from the branch the value was meant for, and a record's bad key named as a
// key. Zod's own English messages are not shown: each kind of issue has its catalogue wording, and a
// schema's custom message is a catalogue key (`problems.slug`).
import { z } from 'zod';
import { text, type MessageKey, type Text } from '../core/text.js';
import { isMessageKey } from '../i18n/i18n.js';

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

export interface DescribeIssuesOptions {
  /** The schema the issues came from; lets an unknown field suggest the field that was meant. */
  schema?: z.ZodType;
  /** Prepended to every path, for data nested in a larger document (a card's `data`). */
  pathPrefix?: readonly PathKey[];
}

/** One line per problem, each starting with the field it is about. */
export function describeIssues(issues: readonly Issue[], options: DescribeIssuesOptions = {}): Text[] {
  const prefix = options.pathPrefix ?? [];
  return issues.flatMap((issue) => describeIssue(issue, [...prefix, ...issue.path], options.schema, prefix));
}

/** "field: problem", the field as `formatPath` writes it. */
export function problemAt(path: readonly PathKey[] | Text, problem: Text): Text {
  return text('problems.at', { field: Array.isArray(path) ? formatPath(path) : (path as Text), problem });
}

/** `talkativeness`, `generation.temperature`, `aliases[1]`, `logitBias.7`; `(top level)` for the root. */
export function formatPath(path: readonly PathKey[]): string | Text {
  let written = '';
  for (const key of path) {
    if (typeof key === 'number') written += `[${key}]`;
    else if (typeof key === 'string' && /^[\w$-]+$/.test(key)) written += written === '' ? key : `.${key}`;
    else written += `[${JSON.stringify(String(key))}]`;
  }
  return written === '' ? text('problems.topLevel') : written;
}

function describeIssue(
  issue: Issue,
  path: readonly PathKey[],
  schema: z.ZodType | undefined,
  prefix: readonly PathKey[],
): Text[] {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = schema ? knownKeysAt(schema, path.slice(prefix.length)) : [];
      return issue.keys.map((key) => {
        const hint = closestKey(key, known);
        return problemAt(
          [...path, key],
          hint ? text('problems.unknownFieldHint', { hint }) : text('problems.unknownField'),
        );
      });
    }
    case 'invalid_union':
      return describeUnion(issue, path, schema, prefix);
    case 'invalid_key': {
      // The path ends with the offending key; the problem is the key itself, not its value.
      const key = String(path[path.length - 1]);
      const reasons = issue.issues.map((inner) => reasonFor(inner));
      return [problemAt(path.slice(0, -1), text('problems.badKey', { key, reasons }))];
    }
    default:
      return [problemAt(path, reasonFor(issue))];
  }
}

/** What is wrong with a value, in the catalogue's words. */
function reasonFor(issue: z.core.$ZodIssue | z.core.$ZodRawIssue): Text {
  // A schema's own message names a catalogue key; zod's defaults are English sentences we reword.
  if (isMessageKey(issue.message)) return text(issue.message);
  switch (issue.code) {
    case 'invalid_type': {
      const types = [typeName(issue.expected)];
      const missing = 'input' in issue && issue.input === undefined;
      return text(missing ? 'problems.missing' : 'problems.expected', { types });
    }
    case 'too_big':
      return sizeReason(issue.origin, Number(issue.maximum), issue.inclusive !== false, 'max');
    case 'too_small':
      return sizeReason(issue.origin, Number(issue.minimum), issue.inclusive !== false, 'min');
    case 'invalid_format':
      return text(issue.format === 'url' ? 'problems.url' : 'problems.format');
    case 'invalid_value':
      return text('problems.oneOf', { values: issue.values.map((value) => JSON.stringify(value)) });
    case 'not_multiple_of':
      return text('problems.multipleOf', { n: Number(issue.divisor) });
    default:
      return text('problems.raw', { reason: issue.message ?? issue.code ?? '' });
  }
}

function sizeReason(origin: string, bound: number, inclusive: boolean, side: 'max' | 'min'): Text {
  if (origin === 'string') {
    if (side === 'min' && bound <= 1) return text('problems.empty');
    return text(side === 'max' ? 'problems.tooLong' : 'problems.tooShort', { count: bound });
  }
  if (origin === 'array' || origin === 'set') {
    if (side === 'min' && bound <= 1) return text('problems.empty');
    return text(side === 'max' ? 'problems.tooMany' : 'problems.tooFew', { count: bound });
  }
  if (side === 'max') return text(inclusive ? 'problems.atMost' : 'problems.below', { max: bound });
  return text(inclusive ? 'problems.atLeast' : 'problems.above', { min: bound });
}

const TYPE_NAMES: Readonly<Record<string, MessageKey>> = {
  string: 'problems.type.string',
  number: 'problems.type.number',
  int: 'problems.type.int',
  boolean: 'problems.type.boolean',
  array: 'problems.type.array',
  object: 'problems.type.object',
  record: 'problems.type.record',
};

/** A zod type name as a reader says it ("text", "a list"); an unusual one as zod names it. */
function typeName(expected: string): Text {
  const key = TYPE_NAMES[expected];
  return key ? text(key) : text('problems.raw', { reason: expected });
}

// zod reports a failed union as "Invalid input" with every branch's issues. A branch that failed only
// because the value had the wrong type at the union's own level was not the one the author meant; when
// exactly one branch is left, its issues are the useful ones.
function describeUnion(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  path: readonly PathKey[],
  schema: z.ZodType | undefined,
  prefix: readonly PathKey[],
): Text[] {
  const wrongType = (branch: readonly Issue[]) =>
    branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0);
  const meant = issue.errors.filter((branch) => !wrongType(branch));
  if (meant.length === 1) {
    return meant[0]!.flatMap((inner) => describeIssue(inner, [...path, ...inner.path], schema, prefix));
  }
  const expected = issue.errors.flatMap((branch) =>
    branch.flatMap((inner) =>
      inner.code === 'invalid_type' && inner.path.length === 0 ? [inner.expected] : [],
    ),
  );
  const reason =
    expected.length > 0
      ? text('problems.expected', { types: [...new Set(expected)].map(typeName) })
      : text('problems.raw', { reason: issue.message });
  return [problemAt(path, reason)];
}

/** The field names an object schema accepts at `path` (unions contribute every branch's fields). */
function knownKeysAt(schema: z.ZodType, path: readonly PathKey[]): string[] {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) {
    return knownKeysAt(schema.unwrap() as z.ZodType, path);
  }
  if (schema instanceof z.ZodUnion) {
    return schema.options.flatMap((option) => knownKeysAt(option as z.ZodType, path));
  }
  if (schema instanceof z.ZodObject) {
    const [head, ...rest] = path;
    if (head === undefined) return Object.keys(schema.shape);
    const field = (schema.shape as Record<string, z.ZodType>)[String(head)];
    return field ? knownKeysAt(field, rest) : [];
  }
  if (schema instanceof z.ZodRecord) return knownKeysAt(schema.valueType as z.ZodType, path.slice(1));
  if (schema instanceof z.ZodArray) return knownKeysAt(schema.element as z.ZodType, path.slice(1));
  return [];
}

// Near misses worth a hint: another case or separator (`alternate_greetings`), or a typo or two.
function closestKey(key: string, known: readonly string[]): string | undefined {
  const squash = (word: string) => word.toLowerCase().replace(/[-_\s]/g, '');
  const exact = known.find((candidate) => squash(candidate) === squash(key));
  if (exact) return exact;
  if (key.length < 4) return undefined;
  return known.find((candidate) => editDistance(squash(candidate), squash(key)) <= 2);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
