// @ts-check
/** Validators for the wire types in shared_schema/ssi-companion.schema.json (Ajv, draft 2020-12). */
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { repoPath } from "./paths.js";

const schema = JSON.parse(readFileSync(repoPath("shared_schema/ssi-companion.schema.json"), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
ajv.addKeyword("discriminator"); // msgspec emits OpenAPI's discriminator for tagged unions
ajv.addSchema(schema);

/** @param {string} name  a key of `$defs`, e.g. "Snapshot" */
export function validatorFor(name) {
  const validate = ajv.getSchema(`${schema.$id}#/$defs/${name}`);
  if (!validate) throw new Error(`no $defs/${name} in the schema`);
  return validate;
}
