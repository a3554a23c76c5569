/** Cognito matches email usernames exactly; normalise so "Ada@Example.com " finds the account. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
