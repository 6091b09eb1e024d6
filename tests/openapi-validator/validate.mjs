// Validates an OpenAPI document (file path argument) against the official JSON Schema of its version and resolves
// every $ref; prints one JSON line and exits 1 when the document is invalid. Run by tests/Cairn.Tests/OpenApi.
import { Validator } from "@seriousme/openapi-schema-validator";

const validator = new Validator();
const result = await validator.validate(process.argv[2]);
let refsResolved = false;
let refError = null;
if (result.valid) {
  try {
    validator.resolveRefs();
    refsResolved = true;
  } catch (error) {
    refError = String(error);
  }
}
console.log(JSON.stringify({ valid: result.valid, version: validator.version, refsResolved, refError, errors: result.errors ?? null }));
process.exit(result.valid && refsResolved ? 0 : 1);
