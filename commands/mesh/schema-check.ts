/**
 * `--validate [mode]` of `mesh get|root|walk|tree`: every payload read is checked against the
 * server's own JSON Schema (/v1/schema, fetched once per command). warn prints each violation as a
 * warning; strict makes a violation an error (exit 1): a single node is not shown, a walk or tree
 * goes on and fails at its end. The modes mean what they mean on every verb (src/app/validate-flag.ts).
 */
import type { Session } from '../../src/app/session.js';
import type { ValidateMode } from '../../src/app/validate-flag.js';
import type { AdminClient } from '../../src/backends/admin/client.js';
import { MeshError } from '../../src/app/reexports.js';

export interface SchemaCheck {
  /** A single node: warn, or (strict) throw. */
  one(ref: string, raw: unknown): void;
  /** One node of a walk: warn, and count it for the end. */
  each(ref: string, raw: unknown): void;
  /** After a walk: under strict, the error when any payload broke the schema. */
  end(): void;
}

export async function schemaCheck(s: Session, client: AdminClient, mode: ValidateMode | undefined): Promise<SchemaCheck | undefined> {
  if (mode === undefined || mode === 'none') return undefined;
  const { PayloadValidator } = await import('../../src/backends/admin/validate.js');
  const validator = await PayloadValidator.forServer(client, s.signal);
  let broken = 0;
  return {
    one(ref, raw) {
      if (mode === 'strict') {
        const v = validator.check(raw);
        if (v.length) {
          throw new MeshError({ kind: 'server', code: 'schema_violation', backend: 'admin', message: `${ref}: the payload does not match the server's schema ${validator.id}`, details: v, hint: 'the server does not follow its own schema; --validate warn shows the node anyway' });
        }
        return;
      }
      const w = validator.warning(ref, raw);
      if (w) s.out.warn(w);
    },
    each(ref, raw) {
      const w = validator.warning(ref, raw);
      if (!w) return;
      broken++;
      s.out.warn(w);
    },
    end() {
      if (mode !== 'strict' || broken === 0) return;
      throw new MeshError({ kind: 'server', code: 'schema_violation', backend: 'admin', message: `${broken} payload${broken === 1 ? '' : 's'} did not match the server's schema ${validator.id} (see the warnings above)`, hint: '--validate warn lists them without failing the command' });
    },
  };
}
