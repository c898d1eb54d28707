export const id = 200;
export const ids = [200];
export const modules = {

/***/ 4200:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_DEREGISTRATION_DELAY_S: () => (/* binding */ DEFAULT_DEREGISTRATION_DELAY_S),
/* harmony export */   DRAIN_MARGIN_MS: () => (/* binding */ DRAIN_MARGIN_MS),
/* harmony export */   deregistrationDelays: () => (/* binding */ deregistrationDelays),
/* harmony export */   describeRegistrations: () => (/* binding */ describeRegistrations),
/* harmony export */   newTrafficCalls: () => (/* binding */ newTrafficCalls),
/* harmony export */   pollInterval: () => (/* binding */ pollInterval),
/* harmony export */   putBack: () => (/* binding */ putBack),
/* harmony export */   takeOut: () => (/* binding */ takeOut),
/* harmony export */   waitDrained: () => (/* binding */ waitDrained),
/* harmony export */   waitHealthy: () => (/* binding */ waitHealthy)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(586);
// Traffic through Elastic Load Balancing v2 target groups: where each instance is registered,
// taking it out (deregister, then wait for draining to end), putting it back, and waiting until
// it is healthy. One call per target group at a time, never one per instance.

/** ELBv2's own default deregistration delay, when a group does not say. */
const DEFAULT_DEREGISTRATION_DELAY_S = 300;
/** Beyond a group's deregistration delay, how long draining may still be reported. */
const DRAIN_MARGIN_MS = 30_000;
function newTrafficCalls() {
    return { describeHealth: 0, register: 0, deregister: 0, attributes: 0 };
}
/**
 * Where the given instances are registered now: one DescribeTargetHealth per group (every target
 * of it at once). A target already draining is on its way out, so it is not put back later.
 */
async function describeRegistrations(elb, groups, instanceIds, calls) {
    const wanted = new Set(instanceIds);
    const found = [];
    for (const group of groups) {
        calls.describeHealth++;
        const { TargetHealthDescriptions = [] } = await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_0__/* .DescribeTargetHealthCommand */ .qyg({ TargetGroupArn: group }));
        for (const description of TargetHealthDescriptions) {
            const id = description.Target?.Id;
            if (id === undefined || !wanted.has(id))
                continue;
            const state = description.TargetHealth?.State;
            if (state === 'draining')
                continue;
            found.push({
                group,
                instanceId: id,
                port: description.Target?.Port,
            });
        }
    }
    return found;
}
/** Deregisters every registration given, one call per group. */
async function takeOut(elb, registrations, calls) {
    for (const [group, list] of byGroup(registrations)) {
        calls.deregister++;
        await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_0__/* .DeregisterTargetsCommand */ .Atx({ TargetGroupArn: group, Targets: list.map(target) }));
    }
}
/** Registers every registration given again, one call per group. */
async function putBack(elb, registrations, calls) {
    for (const [group, list] of byGroup(registrations)) {
        calls.register++;
        await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_0__/* .RegisterTargetsCommand */ .PE6({ TargetGroupArn: group, Targets: list.map(target) }));
    }
}
/** Each group's deregistration delay in seconds (DescribeTargetGroupAttributes, once a group). */
async function deregistrationDelays(elb, groups, calls) {
    const delays = new Map();
    for (const group of groups) {
        calls.attributes++;
        const { Attributes = [] } = await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_0__/* .DescribeTargetGroupAttributesCommand */ .cKh({ TargetGroupArn: group }));
        const value = Attributes.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
        const seconds = Number(value);
        delays.set(group, value !== undefined && Number.isFinite(seconds) && seconds >= 0
            ? seconds
            : DEFAULT_DEREGISTRATION_DELAY_S);
    }
    return delays;
}
/**
 * Polls until no registration given is draining any more, or the longest deregistration delay
 * (plus a margin) has passed. Returns those still draining then (none when all went).
 */
async function waitDrained(elb, registrations, delays, clock, calls) {
    const longest = Math.max(0, ...registrations.map((r) => delays.get(r.group) ?? DEFAULT_DEREGISTRATION_DELAY_S));
    const start = clock.now();
    const deadline = start + longest * 1000 + DRAIN_MARGIN_MS;
    for (;;) {
        const states = await describeStates(elb, registrations, calls);
        const draining = states.filter((s) => s.state === 'draining');
        if (draining.length === 0 || clock.now() >= deadline || clock.signal.aborted)
            return draining;
        await clock.sleep(pollInterval(clock.now() - start, deadline - clock.now()), clock.signal);
    }
}
/**
 * Polls until every registration given is `healthy`, or `timeoutMs` has passed. Returns the last
 * state of each.
 */
async function waitHealthy(elb, registrations, timeoutMs, clock, calls, onStates) {
    const start = clock.now();
    const deadline = start + timeoutMs;
    for (;;) {
        const states = await describeStates(elb, registrations, calls);
        onStates?.(states);
        const healthy = states.every((s) => s.state === 'healthy');
        if (healthy || clock.now() >= deadline || clock.signal.aborted)
            return { healthy, states };
        await clock.sleep(pollInterval(clock.now() - start, deadline - clock.now()), clock.signal);
    }
}
/**
 * The wait's promise, as for the SSM command: a change is seen within max(1.5 s, 10 % of the
 * time waited so far), and never later than the deadline.
 */
function pollInterval(elapsedMs, leftMs) {
    return Math.max(0, Math.min(Math.max(1_000, elapsedMs / 10), 10_000, leftMs));
}
/** The state of each registration, one DescribeTargetHealth per group naming only them. */
async function describeStates(elb, registrations, calls) {
    const states = [];
    for (const [group, list] of byGroup(registrations)) {
        calls.describeHealth++;
        const { TargetHealthDescriptions = [] } = await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_0__/* .DescribeTargetHealthCommand */ .qyg({ TargetGroupArn: group, Targets: list.map(target) }));
        for (const registration of list) {
            const described = TargetHealthDescriptions.find((d) => matches(d, registration));
            states.push({
                registration,
                // A target ELBv2 no longer lists has finished deregistering.
                state: described?.TargetHealth?.State ?? 'unused',
                reason: described?.TargetHealth?.Reason,
                description: described?.TargetHealth?.Description,
            });
        }
    }
    return states;
}
function matches(description, registration) {
    return (description.Target?.Id === registration.instanceId &&
        (registration.port === undefined ||
            description.Target.Port === undefined ||
            description.Target.Port === registration.port));
}
function target(registration) {
    return {
        Id: registration.instanceId,
        // Instance targets take no AvailabilityZone; the port is the one it was registered on.
        ...(registration.port === undefined ? {} : { Port: registration.port }),
    };
}
function byGroup(registrations) {
    const groups = new Map();
    for (const registration of registrations) {
        const list = groups.get(registration.group) ?? [];
        list.push(registration);
        groups.set(registration.group, list);
    }
    return groups;
}


/***/ })

};

//# sourceMappingURL=200.index.js.map