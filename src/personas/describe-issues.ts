// Turns zod issues into "field: problem" lines a person can act on: dotted field paths, one line per
// unknown field (with a "did you mean" when it is a near miss), a union's problems taken from the branch
// the value was meant for, and a record's bad key named as a key.
import { z } from 'zod';

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

export interface DescribeIssuesOptions {
  /** The schema the issues came from; lets an unknown field suggest the field that was meant. */
  schema?: z.ZodType;
  /** Prepended to every path, for data nested in a larger document (a card's `data`). */
  pathPrefix?: readonly PathKey[];
}

/** One line per problem, each starting with the field it is about. */
export function describeIssues(issues: readonly Issue[], options: DescribeIssuesOptions = {}): string[] {
  const prefix = options.pathPrefix ?? [];
  return issues.flatMap((issue) => describeIssue(issue, [...prefix, ...issue.path], options.schema, prefix));
}

/** `talkativeness`, `generation.temperature`, `aliases[1]`, `logitBias.7`; `(top level)` for the root. */
export function formatPath(path: readonly PathKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[\w$-]+$/.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text === '' ? '(top level)' : text;
}

function describeIssue(
  issue: Issue,
  path: readonly PathKey[],
  schema: z.ZodType | undefined,
  prefix: readonly PathKey[],
): string[] {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = schema ? knownKeysAt(schema, path.slice(prefix.length)) : [];
      return issue.keys.map((key) => {
        const hint = closestKey(key, known);
        return `${formatPath([...path, key])}: unknown field${hint ? ` (did you mean "${hint}"?)` : ''}`;
      });
    }
    case 'invalid_union':
      return describeUnion(issue, path, schema, prefix);
    case 'invalid_key': {
      // The path ends with the offending key; the problem is the key itself, not its value.
      const key = String(path[path.length - 1]);
      const reasons = issue.issues.map((inner) => inner.message).join('; ');
      return [`${formatPath(path.slice(0, -1))}: key "${key}": ${reasons}`];
    }
    default:
      return [`${formatPath(path)}: ${issue.message}`];
  }
}

// zod reports a failed union as "Invalid input" with every branch's issues. A branch that failed only
// because the value had the wrong type at the union's own level was not the one the author meant; when
// exactly one branch is left, its issues are the useful ones.
function describeUnion(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  path: readonly PathKey[],
  schema: z.ZodType | undefined,
  prefix: readonly PathKey[],
): string[] {
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
  const what = expected.length > 0 ? `expected ${[...new Set(expected)].join(' or ')}` : issue.message;
  return [`${formatPath(path)}: ${what}`];
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
  const squash = (text: string) => text.toLowerCase().replace(/[-_\s]/g, '');
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
