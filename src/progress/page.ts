import { ProgressStore, type StorageLike } from './store.ts';

// One store per page, shared by every step, sidebar mark and overview on it; other tabs' changes arrive by the
// `storage` event, so two open lessons never overwrite each other's marks.

let store: ProgressStore | undefined;

function browserStorage(): StorageLike | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // blocked by the browser's privacy settings
  }
}

export function pageProgress(): ProgressStore {
  if (store) return store;
  const created = new ProgressStore(browserStorage());
  window.addEventListener('storage', (event) => {
    if (event.key === null || event.key.startsWith('containerless:progress')) created.reload();
  });
  store = created;
  return created;
}
