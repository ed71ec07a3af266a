// The recorded sessions in slides/recordings/, read at build time: a deck names one by file name (without .json).
import { parseRecording, type Recording } from '../recording.ts';

const files = import.meta.glob<string>('../../../slides/recordings/*.json', { eager: true, query: '?raw', import: 'default' });

/** The recording `name`; the build fails with the list of names when there is none by that name. */
export function recording(name: string): Recording {
  const entry = Object.entries(files).find(([path]) => path.endsWith(`/${name}.json`));
  if (!entry) {
    const known = Object.keys(files).map((p) => p.replace(/^.*\/|\.json$/g, ''));
    throw new Error(`No recording "${name}" in slides/recordings/ (there are: ${known.join(', ') || 'none'})`);
  }
  return parseRecording(entry[1], `slides/recordings/${name}.json`);
}
