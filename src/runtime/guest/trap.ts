// How a guest run ended in a trap, on its own so the page-side host can decode it without the instance code.

/** The guest trapped (unreachable, out-of-bounds access, ...); `stderr` is what it wrote before. */
export class GuestTrap extends Error {
  readonly stderr: string;
  constructor(message: string, stderr: string) {
    super(message);
    this.name = 'GuestTrap';
    this.stderr = stderr;
  }
}
