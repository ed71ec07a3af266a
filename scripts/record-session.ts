/**
 * Records a slide-terminal session to a file the decks replay on stage:
 *   node scripts/record-session.ts slides/recordings/NAME.json "Title" 'command 1' 'command 2' ...
 * The commands run on the real module (src/deck/session-node.ts); CI replays the file and fails when the output drifts.
 * A speaker can also record in the browser (the slide terminal's "Save recording"); both write the same format.
 */
import { writeFileSync } from 'node:fs';
import { runSession } from '../src/deck/session-node.ts';
import { parseRecording, type Recording } from '../src/deck/recording.ts';

const [file, title, ...commands] = process.argv.slice(2);
if (!file || !title || commands.length === 0 || !file.endsWith('.json')) {
  console.error('usage: node scripts/record-session.ts slides/recordings/NAME.json "Title" \'command\' [\'command\'...]');
  process.exit(2);
}
const outputs = await runSession(commands);
const recording: Recording = {
  title,
  recorded: new Date().toISOString().slice(0, 10),
  exchanges: commands.map((command, i) => ({ command, output: outputs[i] ?? '' })),
};
// Written through the parser's rules, so a file this script writes is always one the decks accept.
parseRecording(JSON.stringify(recording), file);
writeFileSync(file, JSON.stringify(recording, null, 2) + '\n');
console.log(`${file}: ${commands.length} commands recorded`);
