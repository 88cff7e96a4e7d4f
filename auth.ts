// The one place to import authentication from: the Auth.js instance and the guards.
export { auth, handlers, signIn, signOut } from "./auth/config";
export { getAccess, readSessionClaims, requireUser } from "./auth/require-user";
