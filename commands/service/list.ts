import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

interface Opts {
  name?: string;
  node?: string;
  job?: string;
  agent?: string;
  status?: string;
  tag: string[];
  passing?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('list')
    .alias('ls')
    .description('service-registry entries')
    .option('--name <name>', 'only this service name')
    .option('--node <node>', 'only services on this node')
    .option('--job <job-id>', 'only services of this job')
    .option('--agent <agent>', 'only services of this agent')
    .option('--status <status>', 'passing, warning or critical')
    .option('--tag <tag>', 'only services with this tag (repeatable)', collect, [])
    .option('--passing', 'only passing instances')
    .action(
      host.act(async (s, opts: Opts) => {
        const { usageError } = await import('../../src/errors.js');
        if (opts.status && !['passing', 'warning', 'critical'].includes(opts.status)) throw usageError(`invalid --status "${opts.status}"`, 'use passing, warning or critical');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { serviceView } = await import('../../src/backends/mn/render.js');
        const res = await new MnClient(await s.client('mn')).listServices({ name: opts.name, node: opts.node, job_id: opts.job, agent_id: opts.agent, status: opts.status, tags: opts.tag, passing_only: opts.passing });
        s.out.list(res.services, serviceView, res);
      }),
    );
}
