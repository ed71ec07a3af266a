import { fileURLToPath } from 'node:url';

// Where the project is on disk: the CLI runs from the repository (npx containerless), so dist/ and content/ are here.
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
