/**
 * The live job monitor screen (the `mn job monitor` layout): a bordered panel titled
 * "Workflow Job Monitor <job id>" whose border follows the status; the workflow and
 * `done/total steps | elapsed | status` on top; steps on the left; the agents of the current
 * step(s) on the right (or one agent's detail); the keys, the latest event, warnings, tokens and
 * the failure at the bottom. Pure: everything comes from props.
 */
import { Box, Text } from 'ink';
import type { ProgressAgent, ProgressStep } from '../../backends/mn/models.js';
import { failureLines, formatElapsed } from '../../backends/mn/render.js';
import { sanitizeCell } from '../../output/sanitize.js';
import { monitorKeys } from '../keymap.js';
import { currentAgents, type MonitorState } from './model.js';

/** The monitor's state (what the reducer keeps), drawn at a width, with a key line. */
export interface MonitorViewProps extends MonitorState {
  /** Terminal width in columns. */
  width?: number;
  /** The key line (the keymap's, by default); embedded views (the TUI's :jobs) pass none. */
  keys?: string | null;
}

type Colour = 'green' | 'yellow' | 'red' | 'cyan' | 'gray' | 'white';

export function statusColour(status: string | null | undefined): Colour {
  switch (status) {
    case 'completed':
    case 'done':
      return 'green';
    case 'failed':
      return 'red';
    case 'running':
      return 'cyan';
    case 'pausing':
    case 'paused':
    case 'cancelling':
    case 'ready':
    case 'pending':
      return 'yellow';
    case 'cancelled':
      return 'gray';
    default:
      return 'white';
  }
}

const GLYPH: Record<string, string> = { done: '✓', running: '▶', failed: '×', ready: '·', pending: ' ', cancelled: '-', idle: '○' };

export { currentAgents };

const clip = (s: string | null | undefined, n: number) => {
  const t = sanitizeCell(s ?? '');
  return t.length > n ? t.slice(0, Math.max(0, n - 1)) + '…' : t;
};

function StepRow({ step, width }: { step: ProgressStep; width: number }) {
  const done = step.agents.filter((a) => a.status === 'done').length;
  return (
    <Box>
      <Text color={statusColour(step.status)}>{(GLYPH[step.status] ?? '?') + ' '}</Text>
      <Text bold={Boolean(step.current)}>{clip(step.label ?? step.id, Math.max(8, width - 18)).padEnd(Math.max(8, width - 18))}</Text>
      <Text color={statusColour(step.status)}>{clip(step.status, 9).padEnd(10)}</Text>
      <Text dimColor>{`${done}/${step.agents.length}`}</Text>
    </Box>
  );
}

/** Width of the agent name column: what the fixed columns (marker 2, role 16, status 10, tokens 6) leave. */
const agentIdWidth = (width: number) => Math.max(6, width - 34);

function AgentRow({ agent, selected, width }: { agent: ProgressAgent; selected: boolean; width: number }) {
  const idw = agentIdWidth(width);
  return (
    <Box>
      <Text inverse={selected}>{(selected ? '› ' : '  ') + clip(agent.display_name ?? agent.id, idw).padEnd(idw)}</Text>
      <Text dimColor>{' ' + clip(agent.role ?? '', 14).padEnd(15)}</Text>
      <Text color={statusColour(agent.status)}>{clip(agent.status ?? '', 9).padEnd(10)}</Text>
      <Text>{String(agent.tokens ?? 0).padStart(6)}</Text>
    </Box>
  );
}

function AgentDetail({ agent }: { agent: ProgressAgent }) {
  const events = agent.recent_events ?? [];
  return (
    <Box flexDirection="column">
      <Text bold>{clip(agent.display_name ?? agent.id, 60)}</Text>
      <Text>{`id: ${clip(agent.id, 60)}`}</Text>
      <Text>{`role: ${clip(agent.role ?? '-', 60)}`}</Text>
      <Text>
        status: <Text color={statusColour(agent.status)}>{agent.status ?? '-'}</Text>
      </Text>
      <Text>{`node: ${clip(agent.assigned_node ?? '-', 60)}`}</Text>
      <Text>{`tokens: ${agent.tokens ?? 0}  tools: ${agent.tools ?? 0}`}</Text>
      <Text dimColor>recent events:</Text>
      {events.length === 0 ? <Text dimColor>  (none)</Text> : events.slice(-6).map((e, i) => <Text key={i}>{`  ${clip(e.timestamp?.slice(11, 19) ?? '', 8)} ${clip(typeof e.message === 'string' ? e.message : (e.type ?? ''), 50)}`}</Text>)}
    </Box>
  );
}

export function MonitorView(props: MonitorViewProps) {
  const { snapshot: snap, jobId } = props;
  const width = Math.max(30, Math.min(props.width ?? 100, 160));
  const inner = width - 4;
  // narrow (the browser's detail pane on a small terminal): the agents go under the steps
  const narrow = width < 70;
  const leftW = narrow ? inner : Math.floor(inner * 0.45);
  const rightW = narrow ? inner : inner - leftW - 2;
  const status = snap?.status ?? 'connecting';
  const done = snap ? snap.steps.filter((s) => s.status === 'done').length : 0;
  const agents = currentAgents(snap);
  const sel = Math.min(props.selected, Math.max(0, agents.length - 1));
  const latest = snap ? (((snap as Record<string, unknown>).latest_event as { message?: string; type?: string } | undefined)?.message ?? (snap.messages?.length ? String(snap.messages[snap.messages.length - 1]) : undefined)) : undefined;
  const budget = snap ? ((snap as Record<string, unknown>).token_budget as number | undefined) : undefined;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={statusColour(status)} width={width} paddingX={1}>
      <Box justifyContent="space-between">
        <Text bold>{`Workflow Job Monitor  ${clip(jobId, inner - 24)}`}</Text>
      </Box>
      <Box justifyContent="space-between">
        <Text color="cyan">{clip(snap?.workflow_id ?? snap?.name ?? '', Math.max(8, Math.min(Math.floor(inner / 2), inner - 32)))}</Text>
        <Text>
          {snap ? `${done}/${snap.steps.length} steps | ${formatElapsed(snap.elapsed_seconds)} | ` : ''}
          <Text color={statusColour(status)} bold>
            {status}
          </Text>
        </Text>
      </Box>
      {snap?.description ? <Text dimColor>{clip(snap.description, inner)}</Text> : null}
      <Box marginTop={1} flexDirection={narrow ? 'column' : 'row'}>
        <Box flexDirection="column" width={leftW}>
          <Text dimColor>STEPS</Text>
          {(snap?.steps ?? []).map((s) => (
            <StepRow key={s.id} step={s} width={leftW} />
          ))}
          {!snap ? <Text dimColor>waiting for the first snapshot…</Text> : null}
        </Box>
        <Box flexDirection="column" width={rightW} marginLeft={narrow ? 0 : 2} marginTop={narrow ? 1 : 0}>
          {props.detail && agents[sel] ? (
            <AgentDetail agent={agents[sel]} />
          ) : (
            <>
              <Text dimColor>{'  AGENT'.padEnd(agentIdWidth(rightW) + 2) + ' ROLE'.padEnd(16) + 'STATUS'.padEnd(10) + 'TOKENS'.padStart(6)}</Text>
              {agents.map((a, i) => (
                <AgentRow key={a.id} agent={a} selected={i === sel} width={rightW} />
              ))}
              {snap && agents.length === 0 ? <Text dimColor>  no agents in the current step</Text> : null}
            </>
          )}
        </Box>
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {props.keys === null ? null : <Text dimColor>{props.keys ?? monitorKeys()}</Text>}
        {latest ? <Text>{`latest event: ${clip(latest, inner - 14)}`}</Text> : null}
        {snap?.warning ? <Text color="yellow">{`! ${clip(snap.warning, inner - 2)}`}</Text> : null}
        {props.notice ? <Text color="yellow">{`! ${clip(props.notice, inner - 2)}`}</Text> : null}
        {snap?.resource_tokens != null ? <Text>{`run tokens (resource): ${snap.resource_tokens}${budget ? `   run used ${snap.resource_tokens} / budget ${budget} tok` : ''}`}</Text> : null}
        {snap?.failure
          ? failureLines(snap.failure)
              .slice(0, 4)
              .map((l, i) => (
                <Text key={i} color="red">
                  {(i ? '  ' : '× ') + clip(l, inner - 2)}
                </Text>
              ))
          : null}
        {props.error ? <Text color="red">{`× ${clip(props.error, inner - 2)}`}</Text> : null}
      </Box>
    </Box>
  );
}
