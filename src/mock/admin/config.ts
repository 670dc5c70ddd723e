/**
 * The configuration a simulated proc reports on `/v1/config/{proc}`: CONFIG-marked keys with
 * their defaults, the environment variables that set them, and the scenario's overrides (the
 * admin server's own limits among them, so what the mock enforces is what it reports).
 */
import type { ConfigDumpResult, ConfigEntry } from '../../backends/admin/models.js';
import type { AdminScenario } from './scenario.js';

interface Key {
  name: string;
  default_value: string | null;
  env_var: string | null;
}

const KEYS: Key[] = [
  { name: 'hyperactor::config::codec_max_frame_length', default_value: '1048576', env_var: 'HYPERACTOR_CODEC_MAX_FRAME_LENGTH' },
  { name: 'hyperactor::config::message_delivery_timeout', default_value: '30s', env_var: 'HYPERACTOR_MESSAGE_DELIVERY_TIMEOUT' },
  { name: 'hyperactor::config::message_ack_every_n_messages', default_value: '1000', env_var: 'HYPERACTOR_MESSAGE_ACK_EVERY_N_MESSAGES' },
  { name: 'hyperactor::config::process_exit_timeout', default_value: '10s', env_var: 'HYPERACTOR_PROCESS_EXIT_TIMEOUT' },
  { name: 'hyperactor::config::stop_actor_timeout', default_value: '10s', env_var: 'HYPERACTOR_STOP_ACTOR_TIMEOUT' },
  { name: 'hyperactor::config::stopped_actor_retention_cap', default_value: '100', env_var: 'HYPERACTOR_STOPPED_ACTOR_RETENTION_CAP' },
  { name: 'hyperactor_mesh::config::mesh_admin_addr', default_value: '[::]:1729', env_var: 'HYPERACTOR_MESH_ADMIN_ADDR' },
  { name: 'hyperactor_mesh::config::mesh_admin_max_concurrent_resolves', default_value: '2', env_var: 'HYPERACTOR_MESH_ADMIN_MAX_CONCURRENT_RESOLVES' },
  { name: 'hyperactor_mesh::config::mesh_admin_pyspy_max_profile_duration', default_value: '300s', env_var: 'HYPERACTOR_MESH_ADMIN_PYSPY_MAX_PROFILE_DURATION' },
  { name: 'hyperactor_mesh::config::mesh_admin_single_host_timeout', default_value: '3s', env_var: 'HYPERACTOR_MESH_ADMIN_SINGLE_HOST_TIMEOUT' },
  { name: 'hyperactor_mesh::config::mesh_admin_tree_timeout', default_value: '10s', env_var: 'HYPERACTOR_MESH_ADMIN_TREE_TIMEOUT' },
  { name: 'hyperactor_mesh::config::pyspy_bin', default_value: null, env_var: 'PYSPY_BIN' },
];

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The values the scenario implies (the server's limits), then its explicit overrides. */
function overrides(cfg: AdminScenario): Record<string, string> {
  const o: Record<string, string> = {
    'hyperactor_mesh::config::mesh_admin_max_concurrent_resolves': String(cfg.resolve_limit),
    'hyperactor_mesh::config::mesh_admin_single_host_timeout': seconds(cfg.resolve_timeout_ms),
    'hyperactor_mesh::config::mesh_admin_tree_timeout': seconds(cfg.tree_timeout_ms),
    'hyperactor_mesh::config::mesh_admin_pyspy_max_profile_duration': `${cfg.pyspy.max_profile_duration_s}s`,
    'hyperactor::config::stopped_actor_retention_cap': String(cfg.stopped_retention_cap),
  };
  if (cfg.pyspy.result !== 'BinaryNotFound') o['hyperactor_mesh::config::pyspy_bin'] = '/usr/local/bin/py-spy';
  return { ...o, ...cfg.config };
}

export function configDump(cfg: AdminScenario): ConfigDumpResult {
  const values = overrides(cfg);
  const keys = new Map(KEYS.map((k) => [k.name, k]));
  for (const name of Object.keys(cfg.config)) if (!keys.has(name)) keys.set(name, { name, default_value: null, env_var: null });
  const entries: ConfigEntry[] = [...keys.values()].map((k) => {
    const value = values[k.name] ?? k.default_value ?? '';
    const changed = value !== (k.default_value ?? '');
    return {
      name: k.name,
      value,
      default_value: k.default_value,
      source: changed ? (k.env_var ? 'Env' : 'Runtime') : 'Default',
      changed_from_default: changed,
      env_var: k.env_var,
    };
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { entries };
}
