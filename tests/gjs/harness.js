// harness.js: a tiny test harness for the GJS suite (no framework).
//
//   test('/gjs/tensor/create', () => { assertEqual(1 + 1, 2); });
//   run();   // prints TAP, exits 1 if any test failed
//
// Every test runs even when an earlier one fails; the process exits non-zero
// on any failure (or on any exception escaping a test).

import GLib from 'gi://GLib';
import System from 'system';

const tests = [];

export function test(name, fn) {
    tests.push({name, fn});
}

export class AssertionError extends Error {
    constructor(message) {
        super(message);
        this.name = 'AssertionError';
    }
}

function show(value) {
    if (typeof value === 'string')
        return JSON.stringify(value);
    if (typeof value === 'bigint')
        return `${value}n`;
    if (Array.isArray(value))
        return `[${value.map(show).join(', ')}]`;
    if (ArrayBuffer.isView(value))
        return `${value.constructor.name} [${Array.from(value, show).join(', ')}]`;
    return String(value);
}

export function assert(condition, message = 'assertion failed') {
    if (!condition)
        throw new AssertionError(message);
}

export function assertEqual(actual, expected, message = '') {
    if (!Object.is(actual, expected)) {
        throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(expected)}, ` +
            `got ${show(actual)}`);
    }
}

// Deep equality over arrays, typed arrays and scalars; `eps` compares numbers
// within an absolute tolerance.
export function assertDeepEqual(actual, expected, message = '', eps = 0) {
    const equal = (a, b) => {
        const seqA = Array.isArray(a) || ArrayBuffer.isView(a);
        const seqB = Array.isArray(b) || ArrayBuffer.isView(b);
        if (seqA || seqB) {
            if (!seqA || !seqB || a.length !== b.length)
                return false;
            for (let i = 0; i < a.length; i++) {
                if (!equal(a[i], b[i]))
                    return false;
            }
            return true;
        }
        if (typeof a === 'number' && typeof b === 'number' && eps > 0)
            return Math.abs(a - b) <= eps;
        return Object.is(a, b);
    };
    if (!equal(actual, expected)) {
        throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(expected)}, ` +
            `got ${show(actual)}`);
    }
}

// Runs fn and checks that it throws a GLib.Error of `domain` and `code`
// (e.g. Gt.Error, Gt.Error.SHAPE). Returns the error.
export function assertThrowsGError(fn, domain, code, message = '') {
    const where = message ? `${message}: ` : '';
    try {
        fn();
    } catch (e) {
        if (!(e instanceof GLib.Error))
            throw new AssertionError(`${where}expected a GLib.Error, got ${e}`);
        if (!e.matches(domain, code)) {
            throw new AssertionError(`${where}expected error code ${code} of domain ` +
                `${domain.quark?.() ?? domain}, got ${e.domain}/${e.code}: ${e.message}`);
        }
        return e;
    }
    throw new AssertionError(`${where}expected an error, nothing was thrown`);
}

// Runs fn and checks that it throws a JavaScript error of class `klass`.
export function assertThrows(fn, klass = Error, message = '') {
    const where = message ? `${message}: ` : '';
    try {
        fn();
    } catch (e) {
        if (!(e instanceof klass))
            throw new AssertionError(`${where}expected a ${klass.name}, got ${e}`);
        return e;
    }
    throw new AssertionError(`${where}expected a ${klass.name}, nothing was thrown`);
}

export function run() {
    let failed = 0;
    print(`1..${tests.length}`);
    tests.forEach(({name, fn}, i) => {
        try {
            fn();
            print(`ok ${i + 1} ${name}`);
        } catch (e) {
            failed++;
            print(`not ok ${i + 1} ${name}`);
            for (const line of `${e}\n${e.stack ?? ''}`.trimEnd().split('\n'))
                print(`# ${line}`);
        }
    });
    if (failed > 0) {
        print(`# ${failed} of ${tests.length} tests failed`);
        System.exit(1);
    }
}
