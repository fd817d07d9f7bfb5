// Rejects unknown and misplaced fields the way the API server's strict field validation does, for every kind the
// models know (KEDA's too, which no Java model covers): each object is written as a TypeScript object literal
// typed with its interface from kubernetes-models / @kubernetes-models/keda, and the compiler's excess-property
// and type checks run over it. A field the schema does not have there is an error at its place.
// Usage: node strict.mjs objects.json
// Prints one line per problem, "<index> <kind>/<name>: <problem>", and exits 1 if there is any.
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, `strict-${process.pid}.ts`);

const lines = [];
const starts = [];
objects.forEach((object, index) => {
  const apiVersion = String(object.apiVersion ?? "");
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  const pkg = group.endsWith("keda.sh") ? "@kubernetes-models/keda" : "kubernetes-models";
  lines.push(`import type { I${object.kind} as T${index} } from "${pkg}/${apiVersion}/${object.kind}";`);
});
objects.forEach((object, index) => {
  starts.push(lines.length);
  lines.push(...`export const o${index}: T${index} = ${JSON.stringify(object, null, 1)};`.split("\n"));
});
const source = lines.join("\n");
writeFileSync(file, source);

const program = ts.createProgram([file], {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
});
const problems = [];
const sourceLines = source.split("\n");
function label(line) {
  let index = -1;
  for (let i = 0; i < starts.length; i++) if (starts[i] <= line) index = i;
  const text = (sourceLines[line] ?? "").trim();
  return index < 0
    ? `import ${text}`
    : `${index} ${objects[index].kind}/${objects[index].metadata?.name} (line ${line - starts[index] + 1}: ${text})`;
}

// Every field the object's type does not have, at every depth: the compiler's own excess-property errors stop at
// the first bad nesting level of a literal, so each object literal is also checked against its contextual type.
const checker = program.getTypeChecker();
const sourceFile = program.getSourceFile(file);
function known(type, name) {
  const types = type.isUnion() ? type.types : [type];
  return types.some((t) => checker.getIndexInfosOfType(t).length > 0
    || (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0
    || checker.getPropertyOfType(t, name) !== undefined);
}
function visit(node) {
  if (ts.isObjectLiteralExpression(node)) {
    const type = checker.getContextualType(node);
    if (type) {
      for (const property of node.properties) {
        const name = property.name && ts.isStringLiteral(property.name) ? property.name.text : property.name?.getText(sourceFile);
        if (name !== undefined && !known(type, name)) {
          const { line } = sourceFile.getLineAndCharacterOfPosition(property.getStart(sourceFile));
          problems.push(`${label(line)}: unknown field "${name}" in ${checker.typeToString(type)}`);
        }
      }
    }
  }
  ts.forEachChild(node, visit);
}
visit(sourceFile);

// and the compiler's type errors: a string where a number belongs, a missing required field, a bad import
for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  if (diagnostic.code === 2353) continue; // excess property: reported above, every one of them
  const where = diagnostic.file ? label(diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line) : "?";
  problems.push(`${where}: ${message}`);
}
unlinkSync(file);
for (const problem of problems) console.log(problem);
console.log(`${objects.length} objects, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
