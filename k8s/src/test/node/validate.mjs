// Validates Kubernetes objects against the official schemas, offline: kubernetes-models (the Kubernetes OpenAPI
// schemas) and @kubernetes-models/keda (KEDA's CRDs), both compiled to JSON-schema validators.
// Usage: node validate.mjs objects.json   (a JSON array of objects)
// Prints one line per problem, "<index> <kind>/<name>: <problem>", and exits 1 if there is any.
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
const problems = [];

for (const [index, object] of objects.entries()) {
  const label = `${index} ${object.kind}/${object.metadata?.name}`;
  const apiVersion = String(object.apiVersion ?? "");
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  // a group of KEDA's has its own package; everything else is a Kubernetes API group
  const module = group.endsWith("keda.sh")
    ? `@kubernetes-models/keda/${apiVersion}`
    : `kubernetes-models/${apiVersion}`;
  let models;
  try {
    models = await import(module);
  } catch (e) {
    problems.push(`${label}: no schema for apiVersion ${apiVersion} (${e.code ?? e.message})`);
    continue;
  }
  const Model = models[object.kind];
  if (typeof Model !== "function") {
    problems.push(`${label}: no schema for kind ${object.kind} in ${apiVersion}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    problems.push(`${label}: ${e.message.replace(/\s+/g, " ")}`);
  }
}

for (const problem of problems) console.log(problem);
console.log(`${objects.length} objects, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
