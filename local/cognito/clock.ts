/** Milliseconds since the epoch; tests move it instead of sleeping. */
export interface Clock {
  now: () => number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests set and move by hand. */
export class ManualClock implements Clock {
  constructor(private time = Date.now()) {}
  now = () => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}
