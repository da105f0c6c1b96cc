// A SCRAM-SHA-256 password verifier computed here, as libpq's PQencryptPasswordConn does, so
// that `ALTER ROLE … PASSWORD` sends the server a verifier and never the password itself
// (nothing readable in the server's statement log). RFC 5802 / RFC 7677.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

const ITERATIONS = 4096; // PostgreSQL's scram_iterations default

export function scramVerifier(password: string, salt: Buffer = randomBytes(16)): string {
  // SASLprep is close to NFKC for the passwords people type.
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, ITERATIONS, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
