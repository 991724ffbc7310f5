// The part of OpenAPI 3.0's schema language the services' documents use (type, nullable,
// properties, required, items, enum, $ref, allOf/anyOf/oneOf), checked against a decoded JSON
// answer. Strict where the document is specific: an object that lists its properties may not
// carry others, so a field the server adds without documenting it is a drift too.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every way `value` departs from `schema` (JSON paths such as `$.items[3].org_code`); empty when it conforms. */
export function schemaProblems(value: unknown, schema: Json, document: Json, path = '$'): string[] {
  if (schema.$ref) return schemaProblems(value, resolve(schema.$ref, document), document, path);
  if (value === null) return schema.nullable || schema.type === undefined ? [] : [`${path} is null, not ${schema.type}`];
  if (schema.allOf) return schema.allOf.flatMap((part: Json) => schemaProblems(value, part, document, path));
  for (const key of ['anyOf', 'oneOf']) {
    if (schema[key] && !schema[key].some((part: Json) => schemaProblems(value, part, document, path).length === 0)) return [`${path} matches none of ${key}`];
  }
  if (schema.enum && !schema.enum.includes(value)) return [`${path} is ${JSON.stringify(value)}, not one of ${schema.enum.join(', ')}`];
  switch (schema.type) {
    case undefined:
      return [];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${path} is ${JSON.stringify(value)}, not an integer`];
    case 'number':
    case 'string':
    case 'boolean':
      return typeof value === schema.type ? [] : [`${path} is ${JSON.stringify(value)}, not a ${schema.type}`];
    case 'array':
      if (!Array.isArray(value)) return [`${path} is not an array`];
      return schema.items ? value.flatMap((item, i) => schemaProblems(item, schema.items, document, `${path}[${i}]`)) : [];
    case 'object':
      return objectProblems(value, schema, document, path);
    default:
      return [`${path}: the document uses type ${schema.type}, which this check does not know`];
  }
}

function objectProblems(value: unknown, schema: Json, document: Json, path: string): string[] {
  if (typeof value !== 'object' || Array.isArray(value)) return [`${path} is not an object`];
  const record = value as Record<string, unknown>;
  if (!schema.properties) return [];
  const problems: string[] = [];
  for (const name of schema.required ?? []) if (!(name in record)) problems.push(`${path}.${name} is missing`);
  for (const [name, member] of Object.entries(record)) {
    const declared = schema.properties[name];
    if (declared) problems.push(...schemaProblems(member, declared, document, `${path}.${name}`));
    else if (schema.additionalProperties === undefined || schema.additionalProperties === false) problems.push(`${path}.${name} is not in the document`);
  }
  return problems;
}

function resolve(ref: string, document: Json): Json {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are checked, not ${ref}`);
  const target = ref.slice(2).split('/').reduce<Json | undefined>((node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);
  if (!target) throw new Error(`$ref ${ref} points at nothing`);
  return target;
}
