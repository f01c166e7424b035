// CommonJS from the same install: prints the file `require` resolved to and
// whether the module works, for the test to check.
const { Vesicash, paymentOutcome } = require("vesicash-edge");
new Vesicash({ publicKey: "morPub_test_x", secretKey: "morSec_test_x" });
console.log(JSON.stringify({ entry: require.resolve("vesicash-edge"), outcome: paymentOutcome("successful") }));
