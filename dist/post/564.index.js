export const id = 564;
export const ids = [564];
export const modules = {

/***/ 3564:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runContext: () => (/* binding */ runContext)
/* harmony export */ });
// The workflow run this step belongs to, from the runner's GITHUB_* variables: read by the input
// parser for the main step, and by the post step, which has no parsed config.
function runContext(env) {
    return {
        repository: env.GITHUB_REPOSITORY ?? '',
        sha: env.GITHUB_SHA ?? '',
        runId: env.GITHUB_RUN_ID ?? '',
        runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
        serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    };
}


/***/ })

};

//# sourceMappingURL=564.index.js.map