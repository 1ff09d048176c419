// DICOMweb credentials from the environment or from a file, never from the command line (where every user of
// the machine could read them in the process list): a bearer token, or a user and password for HTTP Basic.
import { nodeFs } from '../config/node';

export const DICOMWEB_ENV = {
  token: 'SEGLENS_DICOMWEB_TOKEN',
  tokenFile: 'SEGLENS_DICOMWEB_TOKEN_FILE',
  user: 'SEGLENS_DICOMWEB_USER',
  password: 'SEGLENS_DICOMWEB_PASSWORD',
  passwordFile: 'SEGLENS_DICOMWEB_PASSWORD_FILE',
} as const;

async function secret(
  env: Record<string, string | undefined>,
  value: string,
  file: string,
): Promise<string | undefined> {
  if (env[value] !== undefined && env[file] !== undefined)
    throw new Error(`set ${value} or ${file}, not both`);
  if (env[value] !== undefined) return env[value];
  const path = env[file];
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = await nodeFs('dicomWebAuthFromEnv').readFile(path, 'utf8');
  } catch (error) {
    throw new Error(
      `${file}=${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  // A trailing newline from `echo … > file` is not part of the secret.
  const trimmed = text.replace(/\r?\n$/, '');
  if (!trimmed) throw new Error(`${file}=${path}: the file is empty`);
  return trimmed;
}

/**
 * The Authorization header for a DICOMweb service from the environment: SEGLENS_DICOMWEB_TOKEN (or _TOKEN_FILE)
 * for a bearer token; SEGLENS_DICOMWEB_USER with SEGLENS_DICOMWEB_PASSWORD (or _PASSWORD_FILE) for HTTP Basic;
 * undefined when none is set (an open server).
 */
export async function dicomWebAuthFromEnv(
  env: Record<string, string | undefined>,
): Promise<string | undefined> {
  const token = await secret(env, DICOMWEB_ENV.token, DICOMWEB_ENV.tokenFile);
  const password = await secret(env, DICOMWEB_ENV.password, DICOMWEB_ENV.passwordFile);
  const user = env[DICOMWEB_ENV.user];
  if (token !== undefined && (user !== undefined || password !== undefined))
    throw new Error(
      `set either a bearer token (${DICOMWEB_ENV.token}) or a user and password (${DICOMWEB_ENV.user}), not both`,
    );
  if (token !== undefined) return `Bearer ${token.trim()}`;
  if (user === undefined && password === undefined) return undefined;
  if (user === undefined) throw new Error(`${DICOMWEB_ENV.password} is set but ${DICOMWEB_ENV.user} is not`);
  if (password === undefined)
    throw new Error(
      `${DICOMWEB_ENV.user} is set but no ${DICOMWEB_ENV.password} or ${DICOMWEB_ENV.passwordFile}`,
    );
  if (user.includes(':'))
    throw new Error(
      `${DICOMWEB_ENV.user} must not contain ':' (HTTP Basic separates user and password with it)`,
    );
  return `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${password}`)))}`;
}
