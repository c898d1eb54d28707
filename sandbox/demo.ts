// `npm run demo`: a whole deploy against the local sandbox, without an AWS account.
console.log('The local sandbox is not built yet, so there is nothing to deploy to.');
console.log(
  'Meanwhile `npm test` runs the suite, and dist/index.js validates inputs as a workflow would.',
);
