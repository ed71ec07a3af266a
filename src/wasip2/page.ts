// The core modules as the page gets them: the same fetch-and-compile-once cache the terminal and demos use, so the
// module inside the component (byte for byte the command-line module) is downloaded and compiled only once.
import { pageModule } from '../client/modules.ts';
import type { CoreModuleLoader } from './run.ts';

export const pageCoreLoader: CoreModuleLoader = (served) => pageModule(served).then((guest) => guest.module);
