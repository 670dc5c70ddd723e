import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import result from './result.js';
import artifact from './artifact.js';
import artifacts from './artifacts.js';
import outputs from './outputs.js';
import events from './events.js';
import logs from './logs.js';
import timeline from './timeline.js';
import summary from './summary.js';
import stream from './stream.js';
import resources from './resources.js';
import human from './human.js';
import respond from './respond.js';
import ack from './ack.js';
import ui from './ui.js';

export default function register(noun: Command, host: CommandHost): void {
  noun.addHelpText('after', '\nA run is the run-store record of a job (its run_id is in `meshscope job get ID`).');
  for (const verb of [result, artifact, artifacts, outputs, events, logs, timeline, summary, stream, resources, human, respond, ack, ui]) verb(noun, host);
}
