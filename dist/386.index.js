export const id = 386;
export const ids = [386];
export const modules = {

/***/ 1386:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   deploymentRef: () => (/* binding */ deploymentRef),
/* harmony export */   deploymentUpdater: () => (/* binding */ deploymentUpdater),
/* harmony export */   deploymentVerdict: () => (/* binding */ deploymentVerdict),
/* harmony export */   octokitDeployments: () => (/* binding */ octokitDeployments),
/* harmony export */   runUrl: () => (/* binding */ runUrl),
/* harmony export */   startDeployment: () => (/* binding */ startDeployment)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
// A GitHub Deployment kept in step with the deploy, so the repository's Environments view shows
// what is running where. Creating it happens before anything changes on the instances, so a
// missing permission fails the step while nothing has been touched; a failed status update after
// the deploy is only a warning, because the deploy itself has already happened.

/** GitHub cuts a status description at 140 characters. */
const DESCRIPTION_MAX = 140;
function runUrl(run) {
    return `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}`;
}
/**
 * The deployment's ref: the commit itself, or the branch or tag name as given. For a name, GitHub
 * resolves it to the commit at its tip when the deployment is created, which is the commit the
 * instances fetch moments later; the Environments view then also shows the branch, and not the
 * workflow's own commit (`github.sha`), which a manual deploy of another branch does not ship.
 */
function deploymentRef(ref) {
    return ref.kind === 'sha' ? ref.sha : ref.name;
}
async function startDeployment(api, run, options) {
    const [owner = '', repo = ''] = run.repository.split('/');
    if (owner === '' || repo === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError('GITHUB_REPOSITORY is not set, so no GitHub Deployment can be created.');
    let id;
    let sha;
    try {
        ({ id, sha } = await api.createDeployment({
            owner,
            repo,
            ref: options.ref,
            environment: options.environment,
            description: `ssm-deploy run ${run.runId}`,
        }));
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError(`Creating the GitHub Deployment for environment ${options.environment} failed: ${message(error)}`, {
            cause: error,
            hint: 'Give the job `permissions: deployments: write`, or remove github-token and environment. Nothing was deployed.',
        });
    }
    const update = deploymentUpdater(api, run, id);
    const failure = await update('in_progress', 'Deploying');
    if (failure !== undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__.ActionError(failure);
    return { id, sha, update };
}
/**
 * Sets the state of deployment `id` in the run's repository (the post step settles one the main
 * step could not); returns an error message instead of throwing.
 */
function deploymentUpdater(api, run, id) {
    const [owner = '', repo = ''] = run.repository.split('/');
    return async (state, description) => {
        try {
            await api.createStatus({
                owner,
                repo,
                deploymentId: id,
                state,
                description: description.slice(0, DESCRIPTION_MAX),
                logUrl: runUrl(run),
            });
            return undefined;
        }
        catch (error) {
            return `Updating GitHub Deployment ${id} to ${state} failed: ${message(error)}`;
        }
    };
}
/**
 * The deployment's state for the deploy's verdict. A cancelled deploy is `error`, not `inactive`:
 * some instances may have the new commit and some not, and `inactive` is what GitHub gives a
 * deployment that was simply superseded, which would hide that.
 */
function deploymentVerdict(outcome) {
    const total = outcome.instances.length;
    const succeeded = outcome.instances.filter((instance) => instance.success).length;
    switch (outcome.status) {
        case 'Success':
            return {
                state: 'success',
                description: `Deployed ${outcome.deployedSha.slice(0, 7)} to ${total} instance(s)`,
            };
        case 'Failed':
            return {
                state: 'failure',
                description: `Failed: ${succeeded} of ${total} instance(s) succeeded`,
            };
        case 'TimedOut':
            return {
                state: 'failure',
                description: `Timed out: ${succeeded} of ${total} instance(s) succeeded`,
            };
        case 'Cancelled':
            return {
                state: 'error',
                description: `Cancelled: ${succeeded} of ${total} instance(s) had succeeded`,
            };
    }
}
function message(error) {
    return error instanceof Error ? error.message : String(error);
}
/** The Deployments API through `@actions/github`, loaded only when a deployment is asked for. */
async function octokitDeployments(token) {
    const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    const octokit = getOctokit(token);
    return {
        async createDeployment(request) {
            const response = await octokit.rest.repos.createDeployment({
                ...request,
                auto_merge: false,
                // Left out, GitHub would require every check reported on the commit to have passed,
                // including the still-running check of the job that is deploying, and refuse every
                // deploy. The checks that matter were verified before (see required-checks.ts).
                required_contexts: [],
            });
            if (!('id' in response.data))
                throw new Error(response.data.message ?? 'GitHub did not create the deployment');
            return { id: response.data.id, sha: response.data.sha };
        },
        async createStatus(request) {
            await octokit.rest.repos.createDeploymentStatus({
                owner: request.owner,
                repo: request.repo,
                deployment_id: request.deploymentId,
                state: request.state,
                description: request.description,
                log_url: request.logUrl,
                auto_inactive: true,
            });
        },
    };
}


/***/ })

};

//# sourceMappingURL=386.index.js.map