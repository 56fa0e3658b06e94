/**
 * The scenario contract as JSON Schema (served at /scenario.schema.json), generated at build time
 * from the zod schema in src/model/scenario.ts. Each field's description is its doc comment in that
 * file, read from the source with TypeScript's parser, so the docs are written once and cost the
 * browser nothing; each block (ServerBlock, ClientBlock …) is a named definition under `$defs`.
 */
import ts from 'typescript';
import * as z from 'zod/mini';
import * as contract from '../model/scenario.ts';

/** A field's doc comment and, for an inline block, its own fields' docs. */
interface FieldDoc {
  doc: string;
  fields?: Docs;
}
type Docs = Record<string, FieldDoc>;

/** A doc comment as one paragraph, keeping the lines of a `- ` list. */
function commentText(node: ts.Node): string {
  const text = ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
    .join('\n');
  return text.replace(/\s*\n(?!- )\s*/g, ' ').trim();
}

/** The object literal given to the first `block({ … })` inside `expr` (through `opt(…)`), if any. */
function blockLiteral(expr: ts.Node): ts.ObjectLiteralExpression | undefined {
  if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'block') {
    const arg = expr.arguments[0];
    return arg && ts.isObjectLiteralExpression(arg) ? arg : undefined;
  }
  if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'opt') {
    const arg = expr.arguments[0];
    return arg ? blockLiteral(arg) : undefined;
  }
  return undefined;
}

function fieldDocs(literal: ts.ObjectLiteralExpression): Docs {
  const docs: Docs = {};
  for (const p of literal.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) continue;
    const inner = blockLiteral(p.initializer);
    docs[p.name.text] = { doc: commentText(p), ...(inner ? { fields: fieldDocs(inner) } : {}) };
  }
  return docs;
}

/** For each exported `…Schema` constant of the source: its doc comment and its fields' docs. */
export function readSchemaDocs(source: string): Record<string, FieldDoc> {
  const file = ts.createSourceFile('scenario.ts', source, ts.ScriptTarget.Latest, true);
  const out: Record<string, FieldDoc> = {};
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || !d.name.text.endsWith('Schema') || !d.initializer) continue;
      const literal = blockLiteral(d.initializer);
      out[d.name.text] = { doc: commentText(statement), ...(literal ? { fields: fieldDocs(literal) } : {}) };
    }
  }
  return out;
}

type Meta = { id?: string; description?: string };

/** Registers the docs of `schema`'s fields (and of the inline blocks among them) in `registry`. */
function describeFields(schema: z.core.$ZodType, docs: Docs, registry: z.core.$ZodRegistry<Meta>): void {
  const def = schema._zod.def as { shape?: Record<string, z.core.$ZodType> };
  for (const [key, field] of Object.entries(def.shape ?? {})) {
    const doc = docs[key];
    if (!doc) throw new Error(`scenario.schema.json: no doc comment for field ${key}`);
    if (!registry.has(field)) registry.add(field, { description: doc.doc });
    let inner = field;
    while (inner._zod.def.type === 'optional') inner = (inner._zod.def as z.core.$ZodOptionalDef).innerType;
    if (doc.fields) describeFields(inner, doc.fields, registry);
  }
}

/** The JSON Schema document: `$id` at `origin`, every block under `$defs`, every field described. */
export function scenarioJsonSchema(source: string, origin: string): Record<string, unknown> {
  const docs = readSchemaDocs(source);
  const registry = z.registry<Meta>();
  const schemas = contract as unknown as Record<string, z.core.$ZodType>;
  for (const [name, doc] of Object.entries(docs)) {
    const schema = schemas[name];
    if (!schema) continue;
    if (name !== 'ScenarioSchema') registry.add(schema, { id: name.replace(/Schema$/, ''), description: doc.doc });
    if (doc.fields) describeFields(schema, doc.fields, registry);
  }
  const body = z.toJSONSchema(contract.ScenarioSchema, {
    metadata: registry,
    target: 'draft-2020-12',
    // zod cannot express a cap on a record's size (scenario.ts checks it with a refinement); every record in the contract has it
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema._zod.def.type === 'record') jsonSchema.maxProperties = contract.MAX_LIST;
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = body;
  return {
    $schema,
    $id: new URL('/scenario.schema.json', origin).href,
    title: 'Tunnel Doctor scenario',
    description: `${docs.ScenarioSchema?.doc ?? ''} The format of simulator share links (the JSON in the #z= fragment) and of \`tunnel-doctor simulate\` files: client.command is required, every other field has a default. Unknown fields are errors.`,
    ...rest,
  };
}
