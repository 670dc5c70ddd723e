import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import config from './config.js';
import get from './get.js';
import info from './info.js';
import query from './query.js';
import root from './root.js';
import schema from './schema.js';
import selftest from './selftest.js';
import skill from './skill.js';
import tree from './tree.js';
import walk from './walk.js';

export default function register(noun: Command, host: CommandHost): void {
  for (const verb of [info, schema, root, get, tree, walk, config, query, skill, selftest]) verb(noun, host);
}
