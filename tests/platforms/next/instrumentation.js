// Next.js runs register() once per server runtime at start: an unhandled
// rejection anywhere in the server prints a marker the test fails on.
export function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    process.on("unhandledRejection", (reason) => console.error(`UNHANDLED_REJECTION ${reason?.stack ?? reason}`));
  } else {
    globalThis.addEventListener?.("unhandledrejection", (e) => console.error(`UNHANDLED_REJECTION ${e.reason?.stack ?? e.reason}`));
  }
}
