export const id = 539;
export const ids = [539];
export const modules = {

/***/ 3539:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s3Settings: () => (/* binding */ s3Settings),
/* harmony export */   sigv4aSettings: () => (/* binding */ sigv4aSettings)
/* harmony export */ });
/* harmony import */ var _aws_sdk_checksums_flexible_checksums__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(238);
/* harmony import */ var _aws_sdk_core_httpAuthSchemes__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7523);
/* harmony import */ var _aws_sdk_middleware_sdk_s3_s3__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5028);
/* harmony import */ var _aws_settings_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(718);
// The settings only the S3 (and STS) clients read from the environment, decided from the
// start-of-step snapshot like the others (aws-settings.ts). A module of its own so that their SDK
// parts are loaded only with the S3 or STS client.




function sigv4aSettings(setup) {
    const regions = (0,_aws_settings_js__WEBPACK_IMPORTED_MODULE_0__/* .settingOf */ .y7)(_aws_sdk_core_httpAuthSchemes__WEBPACK_IMPORTED_MODULE_1__.NODE_SIGV4A_CONFIG_OPTIONS, setup);
    return { sigv4aSigningRegionSet: () => Promise.resolve(regions) };
}
function s3Settings(setup) {
    return {
        ...sigv4aSettings(setup),
        requestChecksumCalculation: (0,_aws_settings_js__WEBPACK_IMPORTED_MODULE_0__/* .settingOf */ .y7)(_aws_sdk_checksums_flexible_checksums__WEBPACK_IMPORTED_MODULE_2__.NODE_REQUEST_CHECKSUM_CALCULATION_CONFIG_OPTIONS, setup),
        responseChecksumValidation: (0,_aws_settings_js__WEBPACK_IMPORTED_MODULE_0__/* .settingOf */ .y7)(_aws_sdk_checksums_flexible_checksums__WEBPACK_IMPORTED_MODULE_2__.NODE_RESPONSE_CHECKSUM_VALIDATION_CONFIG_OPTIONS, setup),
        disableS3ExpressSessionAuth: (0,_aws_settings_js__WEBPACK_IMPORTED_MODULE_0__/* .settingOf */ .y7)(_aws_sdk_middleware_sdk_s3_s3__WEBPACK_IMPORTED_MODULE_3__.NODE_DISABLE_S3_EXPRESS_SESSION_AUTH_OPTIONS, setup),
        // Unset means false in the SDK too; false is given so that it is not looked up later.
        useArnRegion: (0,_aws_settings_js__WEBPACK_IMPORTED_MODULE_0__/* .settingOf */ .y7)(_aws_sdk_middleware_sdk_s3_s3__WEBPACK_IMPORTED_MODULE_3__.NODE_USE_ARN_REGION_CONFIG_OPTIONS, setup) ?? false,
    };
}


/***/ })

};

//# sourceMappingURL=539.index.js.map