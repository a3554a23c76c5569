// amazon-cognito-identity-js exports AuthenticationHelper at runtime (its index.js) but its
// typings omit it. The adapter hands the class to useNativeSrp (srp-native.ts), which only
// needs a constructor with a prototype.
import 'amazon-cognito-identity-js';

declare module 'amazon-cognito-identity-js' {
  export class AuthenticationHelper {
    constructor(poolName: string);
  }
}
