// The layering of the house as a lint rule (an equivalent of @nx/enforce-module-boundaries,
// which is not installed): every project says what it is by the tags in its project.json, and a
// file may import another project only if one of that project's tags is allowed for a tag of its
// own. Projects are the folders with a project.json under apps/, libs/ and tools/; any other
// folder under tools/ is a tool (tag `type:tool`). Imports are resolved through the @nhsp/*
// aliases of tsconfig.base.json or as relative paths; packages from node_modules are not judged.
// Test files (*.spec.ts, test/ and jest/ folders) may also import what `testFiles` allows.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Every project: its root (relative, with a trailing slash), name and tags. Longest roots first. */
function discoverProjects(root) {
  const projects = [];
  for (const group of ['apps', 'libs', 'tools']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const projectRoot = `${group}/${entry.name}/`;
      const file = join(dir, entry.name, 'project.json');
      if (existsSync(file)) {
        const project = readJson(file);
        projects.push({ root: projectRoot, name: project.name ?? entry.name, tags: project.tags ?? [] });
      } else if (group === 'tools') {
        projects.push({ root: projectRoot, name: `tools/${entry.name}`, tags: ['type:tool'] });
      }
    }
  }
  return projects.sort((a, b) => b.root.length - a.root.length);
}

/** `@nhsp/x` → the project root its path points into. */
function discoverAliases(root) {
  const paths = readJson(join(root, 'tsconfig.base.json')).compilerOptions?.paths ?? {};
  return Object.fromEntries(Object.entries(paths).map(([alias, [target]]) => [alias, target]));
}

const TEST_FILE = /(\.spec\.[cm]?[jt]s$)|([\\/](test|jest)[\\/])/;

export function createBoundaries(root = ROOT) {
  const projects = discoverProjects(root);
  const aliases = discoverAliases(root);
  const projectOf = (absolute) => {
    const rel = relative(root, absolute).split(sep).join('/');
    return projects.find((p) => rel.startsWith(p.root) || `${rel}/` === p.root) ?? null;
  };
  const targetOf = (specifier, fromFile) => {
    if (specifier in aliases) return projectOf(join(root, aliases[specifier]));
    const alias = Object.keys(aliases).find((a) => specifier.startsWith(`${a}/`));
    if (alias) return projectOf(join(root, dirname(aliases[alias])));
    if (specifier.startsWith('.')) return projectOf(resolve(dirname(fromFile), specifier));
    return null;
  };
  return { projects, projectOf, targetOf };
}

const describeTags = (tags) => (tags.length ? tags.join(', ') : 'no tags');

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the layering declared by project tags' },
    schema: [
      {
        type: 'object',
        properties: {
          depConstraints: {
            type: 'array',
            items: {
              type: 'object',
              properties: { sourceTag: { type: 'string' }, onlyDependOnLibsWithTags: { type: 'array', items: { type: 'string' } } },
              required: ['sourceTag', 'onlyDependOnLibsWithTags'],
              additionalProperties: false,
            },
          },
          testFiles: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      notAllowed: '{{source}} ({{sourceTags}}) may not import {{target}} ({{targetTags}}): a project tagged {{tag}} may only depend on {{allowed}}.',
      untagged: '{{source}} has no tag with a dependency constraint, so it may not import {{target}}.',
    },
  },
  create(context) {
    const { depConstraints = [], testFiles = [] } = context.options[0] ?? {};
    const { projectOf, targetOf } = boundaries();
    const filename = context.filename ?? context.getFilename();
    const source = projectOf(filename);
    if (!source) return {};
    const isTest = TEST_FILE.test(filename);
    const constraints = depConstraints.filter((c) => source.tags.includes(c.sourceTag));

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      const target = targetOf(specifier, filename);
      if (!target || target.root === source.root) return;
      if (isTest && target.tags.some((t) => testFiles.includes(t))) return;
      if (constraints.length === 0) {
        context.report({ node, messageId: 'untagged', data: { source: source.name, target: target.name } });
        return;
      }
      for (const c of constraints) {
        if (target.tags.some((t) => c.onlyDependOnLibsWithTags.includes(t))) continue;
        context.report({
          node,
          messageId: 'notAllowed',
          data: {
            source: source.name,
            sourceTags: describeTags(source.tags),
            target: target.name,
            targetTags: describeTags(target.tags),
            tag: c.sourceTag,
            allowed: c.onlyDependOnLibsWithTags.length ? c.onlyDependOnLibsWithTags.join(', ') : 'nothing',
          },
        });
        return;
      }
    }

    const literal = (node) => (node && node.type === 'Literal' ? node.value : undefined);
    return {
      ImportDeclaration: (node) => check(node.source, literal(node.source)),
      ExportNamedDeclaration: (node) => node.source && check(node.source, literal(node.source)),
      ExportAllDeclaration: (node) => check(node.source, literal(node.source)),
      ImportExpression: (node) => check(node.source, literal(node.source)),
      TSImportEqualsDeclaration: (node) => node.moduleReference?.expression && check(node, literal(node.moduleReference.expression)),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) check(node, literal(node.arguments[0]));
      },
    };
  },
};

let cached;
/** Projects and aliases are read once per lint run. */
function boundaries() {
  return (cached ??= createBoundaries());
}

export default { meta: { name: 'nhsp-module-boundaries' }, rules: { 'module-boundaries': rule } };
