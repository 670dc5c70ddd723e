/** How mn payloads are shown in tables. */
import type { Output, Tone } from '../../output/index.js';
import type { RuntimeHealth } from './models.js';

export function statusTone(status: string): Tone {
  return status === 'passing' ? 'ok' : status === 'warning' ? 'warn' : status === 'critical' ? 'bad' : undefined;
}

export function renderRuntimeHealth(out: Output, health: RuntimeHealth): void {
  if (!out.structured) out.info(`overall: ${health.overall}${health.checked_at ? ` (checked ${health.checked_at})` : ''}`);
  out.list(
    health.components,
    {
      columns: [
        { header: 'COMPONENT', get: (c) => c.name },
        { header: 'STATUS', get: (c) => c.status, tone: (c) => statusTone(c.status) },
        { header: 'TARGET', get: (c) => c.target },
        { header: 'MS', get: (c) => c.duration_ms },
        { header: 'DETAIL', get: (c) => c.error || c.detail },
      ],
      name: (c) => `component/${c.name}`,
    },
    health,
  );
}
