// The require() side of the package resolves to declarations too.
import vesicash = require("vesicash-edge");
export const outcome: "paid" | "failed" | "pending" = vesicash.paymentOutcome("successful");
