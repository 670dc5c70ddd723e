import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'selftest',
  summary: "run the agent self-test of the server's SKILL.md: 10 checks, scored; exit 0 only at 10/10",
  notes: 'Under -o json prints {timestamp, score, failing_checks[], server_version, ...}: record it per session and\ncompare across sessions (server_version is the $id of the server\'s node schema).',
  async run(s, _opts) {
    const { runSelfTest } = await import('../../src/backends/admin/validate.js');
    const report = await runSelfTest(await s.client('admin'), { signal: s.signal, timeoutMs: s.requestTimeoutMs });
    s.checkAborted();
    if (s.out.structured) s.out.data(report);
    else if (s.format === 'name') {
      for (const id of report.failing_checks) s.out.text(String(id));
    } else {
      s.out.list(report.checks, {
        columns: [
          { header: '#', get: (c) => c.id },
          { header: 'GROUP', get: (c) => c.group },
          { header: 'CHECK', get: (c) => c.name },
          { header: 'RESULT', get: (c) => (c.passed ? 'pass' : 'FAIL'), tone: (c) => (c.passed ? 'ok' : 'bad') },
          { header: 'DETAIL', get: (c) => c.detail },
        ],
        name: (c) => String(c.id),
      });
      s.out.text(`\nscore: ${report.score}/${report.max_score} (${report.band})${report.server_version ? `; schema ${report.server_version}` : ''}`);
    }
    return report.score === report.max_score ? 0 : 1;
  },
});
