import { types as TypesNamespace, preopens as PreopensNamespace } from "../../types/filesystem.js";
import type { FileData } from "./in-memory-filesystem.js";
export { _setCwd } from "./config.js";
export { InMemoryFilesystemAdapter } from "./in-memory-filesystem.js";
export type { FileData, FileDataEntry } from "./in-memory-filesystem.js";
export { OpfsFilesystemAdapter, loadOpfsCapability } from "./opfs-filesystem.js";
export type { OpfsCapability } from "./opfs-filesystem.js";
type Filesize = TypesNamespace.Filesize;
type OpenFlags = TypesNamespace.OpenFlags;
type PathFlags = TypesNamespace.PathFlags;
export interface BrowserDirectoryEntryStream {
    readDirectoryEntry(): TypesNamespace.DirectoryEntry | undefined;
}
export interface BrowserFilesystemDescriptor extends Omit<TypesNamespace.Descriptor, "isSameObject" | "linkAt" | "openAt" | "readDirectory" | "renameAt"> {
    readDirectory(): BrowserDirectoryEntryStream;
    linkAt(oldPathFlags: PathFlags, oldPath: string, newDescriptor: BrowserFilesystemDescriptor, newPath: string): void;
    openAt(pathFlags: PathFlags, path: string, openFlags: OpenFlags, flags: TypesNamespace.DescriptorFlags): BrowserFilesystemDescriptor;
    renameAt(oldPath: string, newDescriptor: BrowserFilesystemDescriptor, newPath: string): void;
    isSameObject(other: BrowserFilesystemDescriptor): boolean;
    /**
     * Advisory locking, for host application code holding a descriptor directly
     * (not part of the WASI guest-facing surface). Adapters that support it should
     * implement all five; `tryLock*` return whether the lock was acquired instead
     * of throwing.
     */
    lockShared?(): void;
    lockExclusive?(): void;
    tryLockShared?(): boolean;
    tryLockExclusive?(): boolean;
    unlock?(): void;
}
export interface BrowserFilesystemAdapter<Capability = unknown> {
    getRoot(capability: Capability): BrowserFilesystemDescriptor;
    dispose?(): void;
}
export interface BrowserFilesystemConfig<Capability> {
    adapter: BrowserFilesystemAdapter<Capability>;
    preopens: Record<string, Capability>;
}
declare class DirectoryEntryStream implements TypesNamespace.DirectoryEntryStream {
    #private;
    static _create(implementation: BrowserDirectoryEntryStream): DirectoryEntryStream;
    readDirectoryEntry(): TypesNamespace.DirectoryEntry | undefined;
}
declare class Descriptor implements TypesNamespace.Descriptor {
    #private;
    _getImplementation(descriptor: Descriptor): BrowserFilesystemDescriptor;
    static _create(implementation: BrowserFilesystemDescriptor): Descriptor;
    readViaStream(offset: Filesize): import("../../types/interfaces/wasi-io-streams.js").InputStream;
    writeViaStream(offset: Filesize): import("../../types/interfaces/wasi-io-streams.js").OutputStream;
    appendViaStream(): import("../../types/interfaces/wasi-io-streams.js").OutputStream;
    advise(offset: Filesize, length: Filesize, advice: TypesNamespace.Advice): void;
    syncData(): void;
    getFlags(): TypesNamespace.DescriptorFlags;
    getType(): TypesNamespace.DescriptorType;
    setSize(size: Filesize): void;
    setTimes(dataAccessTimestamp: TypesNamespace.NewTimestamp, dataModificationTimestamp: TypesNamespace.NewTimestamp): void;
    read(length: Filesize, offset: Filesize): [Uint8Array<ArrayBufferLike>, boolean];
    write(buffer: Uint8Array, offset: Filesize): bigint;
    readDirectory(): DirectoryEntryStream;
    sync(): void;
    createDirectoryAt(path: string): void;
    stat(): TypesNamespace.DescriptorStat;
    statAt(pathFlags: PathFlags, path: string): TypesNamespace.DescriptorStat;
    setTimesAt(pathFlags: PathFlags, path: string, dataAccessTimestamp: TypesNamespace.NewTimestamp, dataModificationTimestamp: TypesNamespace.NewTimestamp): void;
    linkAt(oldPathFlags: PathFlags, oldPath: string, newDescriptor: TypesNamespace.Descriptor, newPath: string): void;
    openAt(pathFlags: PathFlags, path: string, openFlags: OpenFlags, flags: TypesNamespace.DescriptorFlags): Descriptor;
    readlinkAt(path: string): string;
    removeDirectoryAt(path: string): void;
    renameAt(oldPath: string, newDescriptor: TypesNamespace.Descriptor, newPath: string): void;
    symlinkAt(oldPath: string, newPath: string): void;
    unlinkFileAt(path: string): void;
    isSameObject(other: TypesNamespace.Descriptor): boolean;
    metadataHash(): TypesNamespace.MetadataHashValue;
    metadataHashAt(pathFlags: PathFlags, path: string): TypesNamespace.MetadataHashValue;
    lockShared(): void | undefined;
    lockExclusive(): void | undefined;
    tryLockShared(): boolean;
    tryLockExclusive(): boolean;
    unlock(): void | undefined;
}
export declare const preopens: typeof PreopensNamespace;
/** Create isolated filesystem namespaces backed by an application-selected adapter. */
export declare function createFilesystem<Capability>({ adapter, preopens: configuredPreopens, }: BrowserFilesystemConfig<Capability>): {
    types: typeof TypesNamespace;
    preopens: typeof PreopensNamespace;
    dispose(): void;
};
export declare function _setFileData(fileData: FileData): void;
export declare function _getFileData(): string;
/**
 * Replace all preopens with the given set.
 * @param preopensConfig - Map of virtual paths to file data entries
 */
export declare function _setPreopens(preopensConfig: Record<string, FileData>): void;
/**
 * Add a single preopen mapping.
 * @param virtualPath - The virtual path visible to the guest
 * @param fileData - The file data object representing the directory
 */
export declare function _addPreopen(virtualPath: string, fileData: FileData): void;
/**
 * Add a single preopen backed by a custom adapter (e.g. `OpfsFilesystemAdapter`) instead of the
 * default in-memory one. Lets a host wire an alternative `BrowserFilesystemAdapter` into the
 * top-level `wasi:filesystem/preopens` singleton that transpiled components import statically.
 * @param virtualPath - The virtual path visible to the guest
 * @param adapter - The adapter that will back this preopen
 * @param capability - The adapter-specific capability to load as the preopen's root
 */
export declare function _addPreopenWithAdapter<Capability>(virtualPath: string, adapter: BrowserFilesystemAdapter<Capability>, capability: Capability): void;
/** Clear all preopens, giving the guest no filesystem access. */
export declare function _clearPreopens(): void;
/** Get current preopens configuration. */
export declare function _getPreopens(): [Descriptor, string][];
/** Reject host paths because browser filesystems require explicit capabilities. */
export declare function _createPreopenDescriptor(hostPreopen: string): void;
export declare const types: typeof TypesNamespace;
