import crypto from "node:crypto";

// Letters and digits that cannot be mistaken for one another when read aloud or copied from a
// screen (no 0/o, 1/l/i).
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/**
 * A password an admin hands to a person once (a new account, a reset): four groups of five
 * characters, about 99 bits of randomness. Only its hash is ever stored.
 */
export function generateOneTimePassword(): string {
  const groups = Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => ALPHABET[crypto.randomInt(ALPHABET.length)]).join(""));
  return groups.join("-");
}
