// Who may reach dynalite at a time: single-item requests together (shared), a transaction alone
// (exclusive). Waiters are admitted in arrival order, so a transaction is not starved by reads.
interface Waiter {
  exclusive: boolean;
  admit: () => void;
  refuse: (error: Error) => void;
}

export class Gate {
  #shared = 0;
  #exclusive = false;
  #closed: Error | undefined;
  readonly #waiting: Waiter[] = [];

  /** Resolves once admitted, with the function that lets the next ones in. */
  enter(exclusive: boolean): Promise<() => void> {
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ exclusive, admit: () => resolve(this.#leaver(exclusive)), refuse: reject });
      this.#admitWaiting();
    });
  }

  /** Runs `work` alone. */
  async alone<T>(work: () => Promise<T>): Promise<T> {
    const leave = await this.enter(true);
    try {
      return await work();
    } finally {
      leave();
    }
  }

  /**
   * Refuses every waiting and later request (with `reason`): used when the
   * store can no longer be trusted, so that nothing is served from it until a restart.
   */
  close(reason: Error): void {
    this.#closed = reason;
    for (const waiter of this.#waiting.splice(0)) waiter.refuse(reason);
  }

  #admitWaiting(): void {
    while (!this.#closed && !this.#exclusive) {
      const next = this.#waiting[0];
      if (!next || (next.exclusive && this.#shared > 0)) return;
      this.#waiting.shift();
      if (next.exclusive) this.#exclusive = true;
      else this.#shared += 1;
      next.admit();
    }
  }

  #leaver(exclusive: boolean): () => void {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      if (exclusive) this.#exclusive = false;
      else this.#shared -= 1;
      this.#admitWaiting();
    };
  }
}
