// The CommonJS build of a package, from the same sources as its ES module build. Run from the package
// directory after `tsc -b` (which type-checks and writes `dist/`, the ES modules and their declarations):
//
//   node ../../scripts/build-cjs.mjs [--src src] [--types dist] [--out dist/cjs]
//
// (the defaults; packages/web builds only its Node part, `--src src/server --types dist/server`: the page is a
// browser bundle). It writes `dist/cjs/`: every `src/**/*.ts` transpiled to CommonJS, the declarations copied
// from `dist/`, and
// a `package.json` saying `{"type": "commonjs"}` so that Node and TypeScript (`module: nodenext`) read both
// the `.js` and the `.d.ts` files there as CommonJS. The package's `exports` point `require` at them.
//
// What differs from the ES module build, and why:
// - Dynamic `import()` stays `import()` (what tsc emits for a `.cts` file under `module: nodenext`): lazily
//   loaded dependencies may be ES-module-only (vega, vega-lite), which `require()` cannot load.
// - `import.meta.url` becomes `require("node:url").pathToFileURL(__filename).href`; any other use of
//   `import.meta` fails the build (it has no CommonJS meaning).
// Type errors are tsc's job (the ES module build); transpilation here is per file and reports syntax only.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/** The value of `--name VALUE` on the command line, or `fallback`. */
function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = process.argv[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`build-cjs: '--${name}' must be followed by a directory; got nothing.`);
  return value;
}

const packageDir = process.cwd();
const srcDir = join(packageDir, option('src', 'src'));
const distDir = join(packageDir, option('types', 'dist'));
const cjsDir = join(packageDir, option('out', 'dist/cjs'));

/** Files under `dir` (recursively) whose name passes `keep`, as absolute paths. */
function filesUnder(dir, keep) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

/** A `before` transformer replacing `import.meta.url` with its CommonJS equivalent. */
function importMetaUrlToCommonJs(fileName) {
  return (context) => {
    const f = context.factory;
    const visit = (node) => {
      if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) {
        const parent = node.parent;
        if (!(ts.isPropertyAccessExpression(parent) && parent.name.text === 'url')) {
          throw new Error(`build-cjs: ${fileName}: only import.meta.url has a CommonJS equivalent; got import.meta${ts.isPropertyAccessExpression(parent) ? `.${parent.name.text}` : ''}.`);
        }
      }
      if (ts.isPropertyAccessExpression(node) && ts.isMetaProperty(node.expression) && node.name.text === 'url') {
        // require("node:url").pathToFileURL(__filename).href
        const urlModule = f.createCallExpression(f.createIdentifier('require'), undefined, [f.createStringLiteral('node:url')]);
        const fileUrl = f.createCallExpression(f.createPropertyAccessExpression(urlModule, 'pathToFileURL'), undefined, [f.createIdentifier('__filename')]);
        return f.createPropertyAccessExpression(fileUrl, 'href');
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (sourceFile) => ts.visitNode(sourceFile, visit);
  };
}

function transpile(file) {
  const source = readFileSync(file, 'utf8');
  const { outputText, diagnostics = [] } = ts.transpileModule(source, {
    // The `.cts` name makes the CommonJS output explicit (module nodenext decides by extension).
    fileName: file.replace(/\.ts$/, '.cts'),
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: false,
      removeComments: false,
    },
    transformers: { before: [importMetaUrlToCommonJs(relative(packageDir, file))] },
  });
  if (diagnostics.length > 0) {
    const text = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n');
    throw new Error(`build-cjs: ${relative(packageDir, file)}: ${text}`);
  }
  return outputText;
}

rmSync(cjsDir, { recursive: true, force: true });
const sources = filesUnder(srcDir, (name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));
for (const file of sources) {
  const out = join(cjsDir, relative(srcDir, file)).replace(/\.ts$/, '.js');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, transpile(file));
}
// Declarations are the same text for both formats; under dist/cjs TypeScript reads them as CommonJS. Only
// those of current sources (dist/ may keep the outputs of deleted ones: tsc -b does not remove them).
const declarations = sources.map((file) => relative(srcDir, file).replace(/\.ts$/, '.d.ts'));
for (const file of declarations) {
  if (!existsSync(join(distDir, file))) throw new Error(`build-cjs: ${relative(packageDir, join(distDir, file))} is missing: run tsc -b first.`);
  cpSync(join(distDir, file), join(cjsDir, file));
}
writeFileSync(join(cjsDir, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
console.log(`build-cjs: ${relative(process.cwd(), cjsDir)}: ${sources.length} modules, ${declarations.length} declarations`);
