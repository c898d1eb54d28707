// Run before npm test and npm run demo (pretest, predemo): on a Node older than the one action.yml
// declares, say so in one line and stop, instead of failing half-way with an error of its own.
// Written for any Node that can start at all: no syntax, module or API newer than Node 8 uses.

/* global process -- a script for any Node, outside the TypeScript sources */
var NEEDED = 24;
var major = Number(process.versions.node.split('.')[0]);
if (!(major >= NEEDED)) {
  process.stderr.write(
    'ssm-deploy needs Node ' +
      NEEDED +
      ' or later (action.yml runs on node' +
      NEEDED +
      '); this is Node ' +
      process.versions.node +
      '. Install Node ' +
      NEEDED +
      ' (see .node-version), or run: npx -y -p node@' +
      NEEDED +
      ' -- npm test\n',
  );
  process.exit(1);
}
