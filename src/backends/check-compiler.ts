/**
 * Compiles a backend's zod models into plain predicates (the `checks.ts` beside each `models.ts`),
 * so that a well-formed payload is validated without loading zod (see src/http/model.ts).
 *
 * A predicate is sound, never complete: it answers true only when the zod model accepts the value
 * AND returns it unchanged (no defaults, transforms or stripped keys); for anything it cannot
 * decide it answers false, and the caller asks the zod model itself. Run `npm run gen:checks`
 * after changing a models.ts; a unit test fails while a checks.ts is stale.
 */
import type { z } from 'zod';

interface Def {
  type: string;
  [k: string]: unknown;
}
type Schema = { _zod: { def: Def } };

const defOf = (s: unknown): Def => (s as Schema)._zod.def;
const checksOf = (d: Def): Def[] => ((d.checks as Schema[] | undefined) ?? []).map((c) => defOf(c));

export function isZodSchema(v: unknown): v is z.ZodType {
  return typeof v === 'object' && v !== null && '_zod' in v && typeof (v as Schema)._zod?.def?.type === 'string';
}

/** Compiles schemas into functions of one module; shared sub-schemas become one function each. */
export class CheckCompiler {
  private readonly names = new Map<unknown, string>();
  private readonly exact = new Map<unknown, boolean>();
  private readonly bodies: string[] = [];
  private readonly byExpr = new Map<string, string>();

  /** The name of the predicate of `schema` (compiled on first use; equal predicates share one function). */
  fn(schema: unknown): string {
    const known = this.names.get(schema);
    if (known) return known;
    const { expr, exact } = this.expr(schema, 'x');
    let name = this.byExpr.get(expr);
    if (!name) {
      name = `c${this.byExpr.size}`;
      this.byExpr.set(expr, name);
      this.bodies.push(`function ${name}(x: any): boolean {\n  return ${expr};\n}`);
    }
    this.names.set(schema, name);
    this.exact.set(schema, exact);
    return name;
  }

  /** Whether the predicate of `schema` is true for every value zod accepts unchanged (compile it first). */
  isExact(schema: unknown): boolean {
    this.fn(schema);
    return this.exact.get(schema) ?? false;
  }

  source(): string {
    return this.bodies.join('\n');
  }

  /** An expression over `v` and whether it is exact (false where zod might still accept). */
  private expr(schema: unknown, v: string): { expr: string; exact: boolean } {
    const d = defOf(schema);
    const checks = checksOf(d);
    const no = { expr: 'false', exact: false };
    switch (d.type) {
      case 'string':
        return checks.length ? no : { expr: `typeof ${v} === 'string'`, exact: true };
      case 'boolean':
        return checks.length ? no : { expr: `typeof ${v} === 'boolean'`, exact: true };
      case 'null':
        return { expr: `${v} === null`, exact: true };
      case 'unknown':
      case 'any':
        return { expr: 'true', exact: true };
      case 'number': {
        const parts = [`typeof ${v} === 'number'`, `Number.isFinite(${v})`];
        for (const c of checks) {
          if (c.check === 'number_format' && c.format === 'safeint') parts.push(`Number.isSafeInteger(${v})`);
          else if (c.check === 'greater_than' && typeof c.value === 'number') parts.push(`${v} ${c.inclusive ? '>=' : '>'} ${c.value}`);
          else if (c.check === 'less_than' && typeof c.value === 'number') parts.push(`${v} ${c.inclusive ? '<=' : '<'} ${c.value}`);
          else return no;
        }
        return { expr: parts.join(' && '), exact: true };
      }
      case 'literal':
      case 'enum': {
        const values = d.type === 'literal' ? (d.values as unknown[]) : Object.values(d.entries as Record<string, unknown>);
        if (checks.length || !values.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x))) return no;
        return { expr: `(${values.map((x) => `${v} === ${JSON.stringify(x)}`).join(' || ')})`, exact: true };
      }
      case 'optional':
        return this.wrap(`${v} === undefined`, d.innerType, v, checks);
      case 'nullable':
        return this.wrap(`${v} === null`, d.innerType, v, checks);
      case 'array': {
        const parts = [`Array.isArray(${v})`];
        for (const c of checks) {
          if (c.check === 'min_length' && typeof c.minimum === 'number') parts.push(`${v}.length >= ${c.minimum}`);
          else if (c.check === 'max_length' && typeof c.maximum === 'number') parts.push(`${v}.length <= ${c.maximum}`);
          else return no;
        }
        const el = this.fn(d.element);
        parts.push(`everyItem(${v}, ${el})`);
        return { expr: parts.join(' && '), exact: this.isExact(d.element) };
      }
      case 'record': {
        const key = defOf(d.keyType);
        if (checks.length || key.type !== 'string' || checksOf(key).length) return no;
        const val = this.fn(d.valueType);
        return { expr: `isObject(${v}) && Object.values(${v}).every(${val})`, exact: this.isExact(d.valueType) };
      }
      case 'union': {
        if (checks.length) return no;
        const options = d.options as unknown[];
        // zod returns the first option that accepts: every option must be exact, or an earlier
        // one that changes the value (strips a key) could win where a later one says true
        if (!options.every((o) => this.isExact(o))) return no;
        return { expr: `(${options.map((o) => `${this.fn(o)}(${v})`).join(' || ')})`, exact: true };
      }
      case 'object': {
        if (checks.length) return no;
        const shape = d.shape as Record<string, unknown>;
        const parts = [`isObject(${v})`];
        let exact = true;
        for (const [k, s] of Object.entries(shape)) {
          const kd = defOf(s);
          const key = JSON.stringify(k);
          // read as zod reads it (a key such as `toString` that is not there is the inherited one)
          const value = `${v}[${key}]`;
          if (kd.type !== 'optional') {
            parts.push(`Object.hasOwn(${v}, ${key})`);
            if (kd.type === 'nullable' || kd.type === 'unknown' || kd.type === 'any') exact = false;
          }
          parts.push(`${this.fn(s)}(${value})`);
          exact &&= this.isExact(s);
        }
        const catchall = d.catchall === undefined ? undefined : defOf(d.catchall).type;
        if (catchall === undefined || catchall === 'never') {
          // zod strips (or refuses) keys outside the shape: only a value without any is returned unchanged
          parts.push(`onlyKeys(${v}, ${JSON.stringify(Object.keys(shape))})`);
          exact = false;
        } else if (catchall !== 'unknown' && catchall !== 'any') return no;
        return { expr: parts.join('\n    && '), exact };
      }
      case 'pipe': {
        // `.transform((v) => v ?? fallback)` (a null list read as an empty one) returns every other
        // value unchanged: such a value is checked against the input schema
        const out = defOf(d.out);
        const fn = out.type === 'transform' ? String(out.transform) : '';
        if (checks.length || !/^\(?\s*(\w+)\s*\)?\s*=>\s*\(?\s*\1\s*\?\?/.test(fn)) return no;
        return { expr: `${v} !== null && ${v} !== undefined && ${this.fn(d.in)}(${v})`, exact: false };
      }
      default:
        return no;
    }
  }

  private wrap(accept: string, inner: unknown, v: string, checks: Def[]): { expr: string; exact: boolean } {
    if (checks.length) return { expr: 'false', exact: false };
    return { expr: `(${accept} || ${this.fn(inner)}(${v}))`, exact: this.isExact(inner) };
  }
}

/** The source of a backend's checks.ts: one lazy model per zod model exported by its models.ts. */
export function checksModule(models: Record<string, unknown>, what: string): string {
  const c = new CheckCompiler();
  const exports: string[] = [];
  for (const [name, value] of Object.entries(models).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!isZodSchema(value)) continue;
    exports.push(`export const ${name}: LazyModel<z.output<typeof M.${name}>> = lazyModel(${c.fn(value)}, () => import('./models.js').then((m) => m.${name})${c.isExact(value) ? ', true' : ''});`);
  }
  return `// Generated from ${what} by \`npm run gen:checks\` (src/backends/check-compiler.ts): do not edit.
// Each model's predicate accepts only what the zod model accepts and returns unchanged; anything
// else is decided by the zod model itself, loaded on first need.
/* eslint-disable -- generated code: its style is the compiler's, checked by test/unit/model-checks.test.ts */
import type { z } from 'zod';
import { everyItem, isObject, lazyModel, onlyKeys, type LazyModel } from '../../http/model.js';
import type * as M from './models.js';

${c.source()}

${exports.join('\n')}
`;
}
