export const id = 812;
export const ids = [812];
export const modules = {

/***/ 9812:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sleep: () => (/* binding */ sleep)
/* harmony export */ });
/** The real sleep: a timer that an aborted signal ends early. */
const sleep = (ms, signal) => new Promise((resolve) => {
    if (signal?.aborted) {
        resolve();
        return;
    }
    const onAbort = () => {
        clearTimeout(timer);
        resolve();
    };
    const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
});


/***/ })

};

//# sourceMappingURL=812.index.js.map