import type { BrowserFilesystemAdapter, BrowserFilesystemDescriptor } from "./filesystem.js";
import type { FileData } from "./in-memory-filesystem.js";
/**
 * A directory handle paired with the in-memory tree it was loaded into.
 * `getRoot` hands the `data` half straight to `InMemoryFilesystemAdapter`, so every
 * guest-visible filesystem operation stays fully synchronous; only the initial load
 * and the explicit `flush`/`dispose` round-trip to OPFS are async.
 */
export interface OpfsCapability {
    handle: FileSystemDirectoryHandle;
    data: FileData;
}
/** Load an OPFS directory into an in-memory tree, ready to hand to `OpfsFilesystemAdapter.getRoot`. */
export declare function loadOpfsCapability(handle: FileSystemDirectoryHandle): Promise<OpfsCapability>;
/**
 * The slice of `LockManager` this adapter needs - narrow enough to fake in tests or other hosts.
 *
 * @see https://developer.mozilla.org/en-US/docs/Web/API/LockManager
 */
export interface BrowserLockManager extends Omit<LockManager, "query"> {
}
export interface OpfsFilesystemAdapterOptions {
    /**
     * Also make advisory locks (`lockShared`/`lockExclusive`/`tryLock*`/`unlock`) request a
     * matching lock from the given `BrowserLockManager` (usually the global `navigator.locks`,
     * or a fake in tests), so tabs sharing the same OPFS root get best-effort cross-tab
     * coordination on top of the default same-process reader/writer lock. Omit to keep locking
     * same-process only - off by default.
     */
    lockManager?: BrowserLockManager;
}
/**
 * Browser filesystem adapter backed by the Origin Private File System.
 *
 * Every guest-facing `Descriptor` operation - including advisory locking, which
 * comes for free as `InMemoryFilesystemAdapter`'s same-process reader/writer lock -
 * is delegated to `InMemoryFilesystemAdapter` and stays synchronous. Persistence to
 * OPFS happens automatically shortly after any mutation (debounced to a microtask,
 * so a burst of writes only triggers one round-trip); `flush()`/`dispose()` remain
 * available to force it explicitly, e.g. before navigating away.
 *
 * @see https://developer.mozilla.org/en-US/docs/Web/API/File_System_API/Origin_private_file_system
 */
export declare class OpfsFilesystemAdapter implements BrowserFilesystemAdapter<OpfsCapability> {
    #private;
    constructor(options?: OpfsFilesystemAdapterOptions);
    getRoot(capability: OpfsCapability): BrowserFilesystemDescriptor;
    /** Persist every loaded root's current in-memory state back to OPFS. */
    flush(): Promise<void>;
    dispose(): void;
}
