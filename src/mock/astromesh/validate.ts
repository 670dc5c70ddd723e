/**
 * Request validation as FastAPI/pydantic v2 does it, producing the same 422 body:
 * {"detail":[{"type","loc","msg","input"(,"ctx")}]}.
 */
import { readJsonBody } from '../router.js';

export interface FieldIssue {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export type FieldType = 'str' | 'int' | 'float' | 'bool' | 'dict' | 'list' | 'any';

export interface FieldSpec {
  type: FieldType;
  required?: boolean;
  /** Accept null. */
  nullable?: boolean;
  ge?: number;
  le?: number;
  gt?: number;
}

export class ValidationFailed extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super('validation failed');
  }
}

const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function typeIssue(type: FieldType, loc: FieldIssue['loc'], input: unknown): FieldIssue | undefined {
  switch (type) {
    case 'str':
      return typeof input === 'string' ? undefined : { type: 'string_type', loc, msg: 'Input should be a valid string', input };
    case 'int':
      if (typeof input === 'number' && Number.isInteger(input)) return undefined;
      if (typeof input === 'string' && /^\s*-?\d+\s*$/.test(input)) return undefined;
      if (typeof input === 'number') return { type: 'int_from_float', loc, msg: 'Input should be a valid integer, got a number with a fractional part', input };
      if (typeof input === 'string') return { type: 'int_parsing', loc, msg: 'Input should be a valid integer, unable to parse string as an integer', input };
      return { type: 'int_type', loc, msg: 'Input should be a valid integer', input };
    case 'float':
      if (typeof input === 'number') return undefined;
      if (typeof input === 'string' && input.trim() !== '' && Number.isFinite(Number(input))) return undefined;
      if (typeof input === 'string') return { type: 'float_parsing', loc, msg: 'Input should be a valid number, unable to parse string as a number', input };
      return { type: 'float_type', loc, msg: 'Input should be a valid number', input };
    case 'bool':
      return typeof input === 'boolean' ? undefined : { type: 'bool_type', loc, msg: 'Input should be a valid boolean', input };
    case 'dict':
      return isDict(input) ? undefined : { type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input };
    case 'list':
      return Array.isArray(input) ? undefined : { type: 'list_type', loc, msg: 'Input should be a valid list', input };
    default:
      return undefined;
  }
}

function rangeIssues(spec: FieldSpec, loc: FieldIssue['loc'], input: unknown): FieldIssue | undefined {
  const n = typeof input === 'number' ? input : Number(input);
  if (spec.ge !== undefined && n < spec.ge) return { type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${spec.ge}`, input, ctx: { ge: spec.ge } };
  if (spec.gt !== undefined && n <= spec.gt) return { type: 'greater_than', loc, msg: `Input should be greater than ${spec.gt}`, input, ctx: { gt: spec.gt } };
  if (spec.le !== undefined && n > spec.le) return { type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${spec.le}`, input, ctx: { le: spec.le } };
  return undefined;
}

/** Check named values (body fields or query parameters) against specs; numbers in query strings are coerced. */
export function checkFields(where: 'body' | 'query', values: Record<string, unknown>, specs: Record<string, FieldSpec>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const loc = [where, name];
    const v = values[name];
    if (v === undefined) {
      if (spec.required) issues.push({ type: 'missing', loc, msg: 'Field required', input: where === 'body' ? values : null });
      continue;
    }
    if (v === null && spec.nullable) continue;
    const t = typeIssue(spec.type, loc, v);
    if (t) {
      issues.push(t);
      continue;
    }
    if (spec.type === 'int' || spec.type === 'float') {
      const r = rangeIssues(spec, loc, v);
      if (r) issues.push(r);
    }
  }
  return issues;
}

/** Parse a JSON request body into an object for a pydantic model; throws ValidationFailed like FastAPI. */
export function parseBody(body: Buffer, specs: Record<string, FieldSpec>): Record<string, unknown> {
  const read = readJsonBody(body);
  if (!read.ok && read.blank) {
    throw new ValidationFailed([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
  }
  if (!read.ok) throw new ValidationFailed([{ type: 'json_invalid', loc: ['body', read.position ?? 0], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }]);
  const data = read.value;
  if (!isDict(data)) {
    throw new ValidationFailed([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: data }]);
  }
  const issues = checkFields('body', data, specs);
  if (issues.length) throw new ValidationFailed(issues);
  return data;
}

/** A body declared as a plain `dict` (mesh join/heartbeat): any JSON object. */
export function parseDictBody(body: Buffer): Record<string, unknown> {
  const read = readJsonBody(body);
  if (!read.ok) throw new ValidationFailed([{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }]);
  const data = read.value;
  if (!isDict(data)) throw new ValidationFailed([{ type: 'dict_type', loc: ['body'], msg: 'Input should be a valid dictionary', input: data }]);
  return data;
}
