// Every delayed action in the sandbox goes through a timer set, so reset and shutdown
// can cancel all of them at once and the process never lingers on a stray timer.

/** Creates a set of timers that can be cancelled one by one or all at once. */
export function createTimerSet() {
  const live = new Set();
  return {
    /** Runs fn after ms milliseconds unless cancelled first; returns the handle. */
    after(ms, fn) {
      const t = setTimeout(() => {
        live.delete(t);
        fn();
      }, ms);
      live.add(t);
      return t;
    },
    /** Cancels one timer (no-op if it already fired). */
    cancel(t) {
      clearTimeout(t);
      live.delete(t);
    },
    /** Cancels every pending timer. */
    clear() {
      for (const t of live) clearTimeout(t);
      live.clear();
    },
  };
}
