#!/usr/bin/env node
// Static checks of the Bicep in infra/ without a Bicep compiler (none is reachable offline):
//   1. every infra/**/*.bicep parses with tree-sitter-bicep; each ERROR or MISSING node is listed as file:line:col;
//   2. every module path a .bicep file names exists;
//   3. every parameter in infra/*.parameters.json is declared in the template beside it.
// It cannot check types, property names or API versions: only a real deployment (or `az bicep build`) can.
// Usage: node check.js [infra-dir]     (default: ../../infra relative to this file). Exit 1 on any problem.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Parser = require('tree-sitter');
const Bicep = require('tree-sitter-bicep');

const infraDir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', 'infra'));
const parser = new Parser();
parser.setLanguage(Bicep);

function filesUnder(dir, suffix) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, suffix);
    return entry.name.endsWith(suffix) ? [full] : [];
  }).sort();
}

function where(file, node) {
  return `${path.relative(process.cwd(), file)}:${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
}

function syntaxProblems(file, tree) {
  const problems = [];
  const visit = node => {
    if (node.isMissing) {
      problems.push(`${where(file, node)}: MISSING ${node.type}`);
    } else if (node.type === 'ERROR') {
      const text = node.text.split('\n')[0].slice(0, 60);
      problems.push(`${where(file, node)}: ERROR near '${text}'`);
    }
    // Children of an ERROR node are mostly noise, but a MISSING inside one still tells what to fix.
    for (const child of node.children) visit(child);
  };
  visit(tree.rootNode);
  return problems;
}

function moduleProblems(file, tree) {
  const problems = [];
  const visit = node => {
    if (node.type === 'module_declaration') {
      const target = node.namedChildren.find(child => child.type === 'string');
      const relative = target?.text.slice(1, -1);
      // Registry and template-spec references (br:, ts:) are not files.
      if (relative && !/^(br|ts)[:/]/.test(relative) && !fs.existsSync(path.resolve(path.dirname(file), relative))) {
        problems.push(`${where(file, target)}: module file not found: ${relative}`);
      }
    }
    for (const child of node.namedChildren) visit(child);
  };
  visit(tree.rootNode);
  return problems;
}

function declaredParameters(tree) {
  return new Set(tree.rootNode.namedChildren
    .filter(node => node.type === 'parameter_declaration')
    .map(node => node.namedChildren.find(child => child.type === 'identifier')?.text));
}

function parameterFileProblems(file, trees) {
  const template = file.replace(/\.parameters\.json$/, '.bicep');
  if (!trees.has(template)) return [`${path.relative(process.cwd(), file)}: no template ${path.basename(template)} beside it`];
  let json;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return [`${path.relative(process.cwd(), file)}: not valid JSON: ${error.message}`];
  }
  const declared = declaredParameters(trees.get(template));
  return Object.keys(json.parameters ?? {})
    .filter(name => !declared.has(name))
    .map(name => `${path.relative(process.cwd(), file)}: parameter '${name}' is not declared in ${path.basename(template)}`);
}

const bicepFiles = filesUnder(infraDir, '.bicep');
if (bicepFiles.length === 0) {
  console.error(`no .bicep files under ${infraDir}`);
  process.exit(1);
}
const trees = new Map(bicepFiles.map(file => [file, parser.parse(fs.readFileSync(file, 'utf8'))]));
const problems = [
  ...bicepFiles.flatMap(file => [...syntaxProblems(file, trees.get(file)), ...moduleProblems(file, trees.get(file))]),
  ...filesUnder(infraDir, '.parameters.json').flatMap(file => parameterFileProblems(file, trees)),
];

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`bicep check: ${problems.length} problem(s) in ${bicepFiles.length} file(s)`);
  process.exit(1);
}
console.log(`bicep check: ${bicepFiles.length} file(s) parse cleanly`);
