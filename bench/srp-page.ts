/**
 * The SRP comparison as a page script (built by bench/srp.ts into one IIFE file): the library's
 * AuthenticationHelper as shipped, beside a subclass with the native maths, on the same random
 * inputs. No adapter here, so the library class is untouched.
 */
import { AuthenticationHelper } from 'amazon-cognito-identity-js';
import { useNativeSrp } from '../src/auth/srp-native.ts';
import { compareWithLibrary, type CompareReport, type HelperClass } from '../src/auth/srp-compare.ts';

class NativeHelper extends AuthenticationHelper {}
useNativeSrp(NativeHelper);

declare global {
  var srpBench: (cases: number) => Promise<CompareReport>;
}

globalThis.srpBench = (cases) => compareWithLibrary(AuthenticationHelper as unknown as HelperClass, NativeHelper as unknown as HelperClass, cases);
