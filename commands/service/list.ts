import { defineVerb } from '../../src/app/command.js';
import { bool, list, text } from '../../src/app/flags.js';



export default defineVerb({
  name: 'list',
  aliases: ['ls'],
  summary: 'service-registry entries',
  args: {
    name: text('--name <name>', 'only this service name'),
    node: text('--node <node>', 'only services on this node'),
    job: text('--job <job-id>', 'only services of this job'),
    agent: text('--agent <agent>', 'only services of this agent'),
    status: text('--status <status>', 'passing, warning or critical'),
    tag: list('--tag <tag>', 'only services with this tag (repeatable)'),
    passing: bool('--passing', 'only passing instances'),
  },
  async run(s, opts) {
    const { usageError } = await import('../../src/errors.js');
    if (opts.status && !['passing', 'warning', 'critical'].includes(opts.status)) throw usageError(`invalid --status "${opts.status}"`, 'use passing, warning or critical');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { serviceView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).listServices({ name: opts.name, node: opts.node, job_id: opts.job, agent_id: opts.agent, status: opts.status, tags: opts.tag, passing_only: opts.passing });
    s.out.list(res.services, serviceView, res);
  },
});
