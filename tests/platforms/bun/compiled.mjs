// Built into one executable with `bun build --compile` and run away from any
// node_modules: the bun entry's `with { type: "file" }` wasm must be embedded.
import { Vesicash, paymentOutcome } from "vesicash-edge";

new Vesicash({ publicKey: "morPub_test_x", secretKey: "morSec_test_x" });
console.log(JSON.stringify({ outcome: paymentOutcome("successful") }));
