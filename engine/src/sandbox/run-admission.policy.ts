/*
 * Which run may start now: at most `maxConcurrent` at once, and the `memoryMb` of those running
 * adds up to at most `capMb`. Runs start in the order they asked (a large run is not overtaken
 * forever by small ones); one asking for more than the whole cap is refused at once, since it
 * could never start.
 */
export type Admission = { ok: true; release: () => void } | { ok: false; capMb: number };

interface Waiting {
  memoryMb: number;
  grant: () => void;
}

export class RunAdmission {
  private readonly waiting: Waiting[] = [];
  private running = 0;
  private memoryInUse = 0;

  constructor(
    private readonly maxConcurrent: number,
    readonly capMb: number,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  get memoryInUseMb(): number {
    return this.memoryInUse;
  }

  async admit(memoryMb: number): Promise<Admission> {
    if (memoryMb > this.capMb) return { ok: false, capMb: this.capMb };
    if (this.waiting.length > 0 || !this.fits(memoryMb)) {
      await new Promise<void>((grant) => this.waiting.push({ memoryMb, grant }));
    } else {
      this.take(memoryMb);
    }
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.running -= 1;
        this.memoryInUse -= memoryMb;
        this.grantWaiting();
      },
    };
  }

  private fits(memoryMb: number): boolean {
    return this.running < this.maxConcurrent && this.memoryInUse + memoryMb <= this.capMb;
  }

  private take(memoryMb: number): void {
    this.running += 1;
    this.memoryInUse += memoryMb;
  }

  private grantWaiting(): void {
    for (let next = this.waiting[0]; next && this.fits(next.memoryMb); next = this.waiting[0]) {
      this.waiting.shift();
      this.take(next.memoryMb);
      next.grant();
    }
  }
}
