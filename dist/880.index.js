export const id = 880;
export const ids = [880];
export const modules = {

/***/ 880:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   octokitCommits: () => (/* binding */ octokitCommits),
/* harmony export */   resolveShippedCommit: () => (/* binding */ resolveShippedCommit)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _required_checks_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8810);
// Which commit a deploy ships, decided once before anything is sent. An environment's branch
// rule checks the ref the run started from, not the commit the action ships, so a reviewer who
// approves "deploy from main" would otherwise approve whatever `ref` says: a pull request's head,
// or a commit no branch holds. So `ref` is resolved to one full SHA through the GitHub API (a
// branch name resolved on each instance could name another commit by then), and that commit must
// be reachable from one of the allowed branches (by default the repository's default branch).


const FULL_SHA = /^[0-9a-f]{40}$/;
/**
 * Resolves `ref` and checks where the commit comes from. `api` undefined (no github-token): only a
 * full SHA can be shipped (the inputs refuse a name), and its branches are left to the instance's
 * own check after it fetched them. Throws an `ActionError` naming the ref, the SHA and the
 * branches when the commit may not be shipped.
 */
async function resolveShippedCommit(api, options) {
    const given = options.ref.kind === 'sha' ? options.ref.sha : options.ref.name;
    const defaultBranch = api === undefined
        ? options.eventDefaultBranch
        : await read(() => api.defaultBranch(), `the default branch of ${options.repository}`);
    const allowedBranches = options.allowedBranches ?? (defaultBranch === undefined ? [] : [defaultBranch]);
    if (allowedBranches.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError('The default branch of the repository is not known (no github-token, and the event payload does not name it), so no commit can be checked against it.', {
            hint: 'Set allowed-branches to the branches a shipped commit may come from, or github-token.',
        });
    if (api === undefined) {
        if (options.ref.kind !== 'sha')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError(`ref ${(0,_required_checks_js__WEBPACK_IMPORTED_MODULE_1__.clean)(given)} is not a full commit SHA, and there is no github-token to resolve it.`);
        return {
            sha: options.ref.sha,
            given,
            allowedBranches,
            reachableFrom: undefined,
            defaultBranch,
        };
    }
    const sha = await read(() => api.resolve(given), `the commit ${(0,_required_checks_js__WEBPACK_IMPORTED_MODULE_1__.clean)(given)} names`);
    if (sha === undefined || !FULL_SHA.test(sha))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError(`ref ${(0,_required_checks_js__WEBPACK_IMPORTED_MODULE_1__.clean)(given)} names no commit in ${options.repository}. Nothing was sent.`, { hint: 'Give a branch, a tag or a commit SHA that has been pushed to the repository.' });
    const missing = [];
    for (const branch of allowedBranches) {
        const comparison = await read(() => api.compare(branch, sha), `whether ${sha} is on branch ${branch}`);
        if (comparison === undefined)
            missing.push(branch);
        // The commit is the branch's tip or one of its ancestors.
        else if (comparison === 'identical' || comparison === 'behind')
            return { sha, given, allowedBranches, reachableFrom: branch, defaultBranch };
    }
    const none = missing.length === 0 ? '' : ` (${missing.join(', ')}: no such branch, or no common history)`;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError(`ref ${(0,_required_checks_js__WEBPACK_IMPORTED_MODULE_1__.clean)(given)} is commit ${sha}, which is not reachable from ${allowedBranches.length === 1 ? 'the allowed branch' : 'any of the allowed branches'} ${allowedBranches.join(', ')}${none}. Nothing was sent.`, {
        hint: 'Only commits on an allowed branch ship: merge it first. allowed-branches names the branches a commit may come from (a hotfix branch on purpose); a pull request ref is never one.',
    });
}
async function read(call, what) {
    try {
        return await call();
    }
    catch (error) {
        const status = error.status;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError(`Reading ${what} from GitHub failed${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${error instanceof Error ? error.message : String(error)}. Nothing was sent.`, {
            cause: error,
            hint: 'github-token must be able to read the repository: give the job `permissions: contents: read`.',
        });
    }
}
/** The reads through `@actions/github`'s Octokit, for `repository` (`owner/repo`). */
async function octokitCommits(token, repository) {
    const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    const request = getOctokit(token).request;
    const [owner = '', repo = ''] = repository.split('/');
    return {
        defaultBranch: async () => {
            const { data } = await request('GET /repos/{owner}/{repo}', { owner, repo });
            const branch = data.default_branch;
            if (typeof branch !== 'string' || branch === '')
                throw new Error('GitHub named no default branch');
            return branch;
        },
        resolve: async (ref) => {
            try {
                const { data } = await request('GET /repos/{owner}/{repo}/commits/{ref}', {
                    owner,
                    repo,
                    ref,
                    // Only the SHA is read; one file of the diff is the least GitHub sends.
                    per_page: 1,
                });
                const sha = data.sha;
                return typeof sha === 'string' ? sha : undefined;
            }
            catch (error) {
                // GitHub's answers for a ref that names no commit.
                const status = error.status;
                if (status === 404 || status === 422)
                    return undefined;
                throw error;
            }
        },
        compare: async (branch, sha) => {
            try {
                const { data } = await request('GET /repos/{owner}/{repo}/compare/{basehead}', {
                    owner,
                    repo,
                    basehead: `${branch}...${sha}`,
                    per_page: 1,
                });
                const status = data.status;
                if (status === 'identical' ||
                    status === 'behind' ||
                    status === 'ahead' ||
                    status === 'diverged')
                    return status;
                throw new Error(`GitHub compared ${branch} with ${sha} as ${JSON.stringify(status)}`);
            }
            catch (error) {
                if (error.status === 404)
                    return undefined;
                throw error;
            }
        },
    };
}


/***/ })

};

//# sourceMappingURL=880.index.js.map