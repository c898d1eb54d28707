// `npm run bench`: figures of the action against the local sandbox.
console.log('The benchmarks need the local sandbox, which is not built yet.');
