export const id = 981;
export const ids = [981];
export const modules = {

/***/ 2981:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   eventDefaultBranch: () => (/* binding */ eventDefaultBranch),
/* harmony export */   runBranch: () => (/* binding */ runBranch)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
// What the runner tells a step about the repository beyond the `GITHUB_*` variables: the event
// payload it writes to `GITHUB_EVENT_PATH` carries `repository.default_branch` for every event
// that concerns a repository.

/** The repository's default branch from the event payload, or undefined when it does not say. */
function eventDefaultBranch(env) {
    const path = env.GITHUB_EVENT_PATH;
    if (path === undefined || path === '')
        return undefined;
    let payload;
    try {
        payload = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
    }
    catch {
        return undefined;
    }
    const branch = payload?.repository
        ?.default_branch;
    return typeof branch === 'string' && branch !== '' ? branch : undefined;
}
/** The branch the run started from (`GITHUB_REF` `refs/heads/…`), if it started from one. */
function runBranch(env) {
    const ref = env.GITHUB_REF ?? '';
    return ref.startsWith('refs/heads/') && ref.length > 'refs/heads/'.length
        ? ref.slice('refs/heads/'.length)
        : undefined;
}


/***/ })

};

//# sourceMappingURL=981.index.js.map