// The three answers a check can give, and the table they are printed in.

/** The check confirmed the assumption; `note` is the observed value, if worth showing. */
export const holds = (note) => ({ outcome: "holds", note });
/** The check saw something else; `observed` says what. */
export const differs = (observed) => ({ outcome: "differs", note: observed });
/** The check was not run; `why` says why (usually the flag that enables it). */
export const notTried = (why) => ({ outcome: "not tried", note: why });

/** A result's text in the table's last column. */
export function resultText({ outcome, note }) {
  if (outcome === "differs") return `differs: ${note}`;
  if (note) return `${outcome} (${note})`;
  return outcome;
}

const cell = (text) => String(text).replace(/\|/g, "\\|").replace(/\s+/g, " ");

/**
 * The rows as a Markdown table (readable in a terminal, pasteable in an issue).
 * @param {Array<{id: string, tested: string, result: {outcome: string, note?: string}}>} rows
 */
export function table(rows) {
  const lines = ["| check | what it tested | result |", "|---|---|---|"];
  for (const row of rows) lines.push(`| ${cell(row.id)} | ${cell(row.tested)} | ${cell(resultText(row.result))} |`);
  return lines.join("\n");
}
