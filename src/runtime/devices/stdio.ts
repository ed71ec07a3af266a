// stdin, stdout and stderr as character devices. stdin is either bytes given up front or, under JSPI,
// a source the host reads from on demand (an interactive terminal).
import { E } from '../abi/errno.ts';
import { BLOCKED, Descriptor, fail, type Failure, type ReadResult, type Readiness } from '../abi/descriptor.ts';
import { FILETYPE_CHARACTER_DEVICE, RIGHTS_STDIO } from '../abi/constants.ts';
import type { FileStat } from '../abi/structs.ts';
import { nowNs } from './fs/nodes.ts';

/** An on-demand stdin: resolves with the next chunk, or null at end of input. */
export type StdinSource = () => Promise<Uint8Array | null>;

const startedAt = nowNs();

function charDeviceStat(): FileStat {
  return { dev: 0n, ino: 0n, filetype: FILETYPE_CHARACTER_DEVICE, nlink: 1n, size: 0n, atim: startedAt, mtim: startedAt, ctim: startedAt };
}

export class StdinDescriptor extends Descriptor {
  readonly filetype = FILETYPE_CHARACTER_DEVICE;
  private buffered: Uint8Array;
  private ended: boolean;
  private readonly source: StdinSource | undefined;
  private pending: Promise<void> | undefined;

  constructor(input: Uint8Array | StdinSource | undefined) {
    super(RIGHTS_STDIO, 0n);
    if (typeof input === 'function') {
      this.buffered = new Uint8Array(0);
      this.ended = false;
      this.source = input;
    } else {
      this.buffered = input ?? new Uint8Array(0);
      this.ended = true;
      this.source = undefined;
    }
  }

  override read(max: number): ReadResult {
    if (this.buffered.length > 0) {
      const out = this.buffered.slice(0, max);
      this.buffered = this.buffered.subarray(out.length);
      return out;
    }
    if (this.ended) return new Uint8Array(0);
    return BLOCKED;
  }

  override whenReadable(): Promise<void> | undefined {
    if (this.source === undefined || this.ended || this.buffered.length > 0) return undefined;
    this.pending ??= this.source().then((chunk) => {
      this.pending = undefined;
      if (chunk === null) this.ended = true;
      else this.buffered = chunk;
    });
    return this.pending;
  }

  override readReadiness(): Readiness {
    const ready = this.buffered.length > 0 || this.ended;
    return { ready, nbytes: BigInt(this.buffered.length), hangup: this.ended && this.buffered.length === 0 };
  }

  override write(): Failure {
    return fail(E.BADF);
  }
  override stat(): FileStat {
    return charDeviceStat();
  }
}

export class OutputDescriptor extends Descriptor {
  readonly filetype = FILETYPE_CHARACTER_DEVICE;
  private readonly sink: (bytes: Uint8Array) => void;

  constructor(sink: (bytes: Uint8Array) => void) {
    super(RIGHTS_STDIO, 0n);
    this.sink = sink;
  }

  override write(data: Uint8Array): number {
    this.sink(data);
    return data.length;
  }
  override read(): ReadResult {
    return fail(E.BADF);
  }
  override stat(): FileStat {
    return charDeviceStat();
  }
}
