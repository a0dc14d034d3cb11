import { randomBytes } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';

/** Everything Jiesu reads from the environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  /** Where the embedded store, the model and uploads live. */
  dataDir: string;
  /** When set, Redis is the store (several instances may share it). */
  redisUrl?: string;
  /** Bearer secret for Direct Line clients (server-to-server, botframework-webchat). */
  directLineSecret: string;
  /** True when no secret was configured and a random one was made for this process. */
  directLineSecretGenerated: boolean;
  /** Key that signs visitor tokens (defaults to the Direct Line secret). */
  tokenSigningKey: string;
  /** Visitor token lifetime, seconds. */
  tokenTtlSeconds: number;
  /** Anonymous token requests allowed per IP per minute. */
  tokenRateLimitPerMinute: number;
  /** Largest accepted JSON body, bytes. */
  maxBodyBytes: number;
  /** Largest accepted upload, bytes. */
  maxUploadBytes: number;
  /** Public base URL used in streamUrl and attachment links (else derived from the request). */
  publicUrl?: string;
  logLevel: string;
  /** First admin account, created at start when both are set. */
  adminUser?: string;
  adminPassword?: string;
  /** Keys accepted by POST /open311/v2/requests.json. */
  open311ApiKeys: string[];
  /** Optional local folder of a sentence-embedding model (never downloaded). */
  embeddingModelDir?: string;
  /** Path of the classifier model file. */
  modelPath: string;
}

/** A configuration variable has a bad value; the message names it. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** The environment variables Jiesu reads, with defaults and meaning (the README table mirrors this). */
export const CONFIG_VARIABLES: ReadonlyArray<{ name: string; default: string; meaning: string }> = [
  { name: 'PORT', default: '3000', meaning: 'HTTP port' },
  { name: 'HOST', default: '0.0.0.0', meaning: 'address to listen on' },
  { name: 'JIESU_DATA_DIR', default: './data', meaning: 'SQLite file, model, uploads' },
  { name: 'REDIS_URL', default: '(unset)', meaning: 'use Redis as the store, e.g. redis://localhost:6379' },
  { name: 'JIESU_DIRECTLINE_SECRET', default: '(random per start)', meaning: 'Direct Line secret (≥16 chars)' },
  { name: 'JIESU_TOKEN_SIGNING_KEY', default: '= secret', meaning: 'signs visitor tokens; share across instances' },
  { name: 'JIESU_TOKEN_TTL_SECONDS', default: '1800', meaning: 'visitor token lifetime' },
  { name: 'JIESU_TOKEN_RATE_LIMIT', default: '20', meaning: 'anonymous token requests per IP per minute' },
  { name: 'JIESU_MAX_BODY_BYTES', default: '65536', meaning: 'largest JSON body' },
  { name: 'JIESU_MAX_UPLOAD_BYTES', default: '5242880', meaning: 'largest photo upload' },
  { name: 'JIESU_PUBLIC_URL', default: '(from request)', meaning: 'public base URL for stream and file links' },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'pino level: fatal error warn info debug trace silent' },
  { name: 'JIESU_ADMIN_USER', default: '(unset)', meaning: 'first admin account name' },
  { name: 'JIESU_ADMIN_PASSWORD', default: '(unset)', meaning: 'first admin password (≥10 chars)' },
  { name: 'JIESU_OPEN311_API_KEYS', default: '(none)', meaning: 'comma-separated keys for Open311 POST' },
  { name: 'JIESU_EMBEDDING_MODEL_DIR', default: '(unset)', meaning: 'local sentence-embedding model folder' },
  { name: 'JIESU_MODEL_PATH', default: '$JIESU_DATA_DIR/model/classifier.bin', meaning: 'classifier model file' },
];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function opt(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** Reads and validates the configuration; throws ConfigError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const dataDirRaw = opt(env, 'JIESU_DATA_DIR') ?? './data';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);

  const redisUrl = opt(env, 'REDIS_URL');
  if (redisUrl && !/^rediss?:\/\/./.test(redisUrl)) {
    throw new ConfigError('REDIS_URL', `must start with redis:// or rediss://, got "${redisUrl}"`);
  }

  let directLineSecret = opt(env, 'JIESU_DIRECTLINE_SECRET');
  const directLineSecretGenerated = !directLineSecret;
  if (directLineSecret && directLineSecret.length < 16) {
    throw new ConfigError('JIESU_DIRECTLINE_SECRET', 'must be at least 16 characters');
  }
  directLineSecret ??= randomBytes(24).toString('base64url');

  const tokenSigningKey = opt(env, 'JIESU_TOKEN_SIGNING_KEY') ?? directLineSecret;
  if (tokenSigningKey.length < 16) throw new ConfigError('JIESU_TOKEN_SIGNING_KEY', 'must be at least 16 characters');

  const publicUrl = opt(env, 'JIESU_PUBLIC_URL');
  if (publicUrl && !/^https?:\/\/[^/]+/.test(publicUrl)) {
    throw new ConfigError('JIESU_PUBLIC_URL', `must be an http(s) URL, got "${publicUrl}"`);
  }

  const logLevel = opt(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  const adminUser = opt(env, 'JIESU_ADMIN_USER');
  const adminPassword = opt(env, 'JIESU_ADMIN_PASSWORD');
  if (adminPassword && adminPassword.length < 10) {
    throw new ConfigError('JIESU_ADMIN_PASSWORD', 'must be at least 10 characters');
  }
  if (Boolean(adminUser) !== Boolean(adminPassword)) {
    throw new ConfigError(
      adminUser ? 'JIESU_ADMIN_PASSWORD' : 'JIESU_ADMIN_USER',
      'set both JIESU_ADMIN_USER and JIESU_ADMIN_PASSWORD, or neither',
    );
  }

  const modelPathRaw = opt(env, 'JIESU_MODEL_PATH');
  const modelPath = modelPathRaw ? resolve(cwd, modelPathRaw) : resolve(dataDir, 'model', 'classifier.bin');

  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: opt(env, 'HOST') ?? '0.0.0.0',
    dataDir,
    redisUrl,
    directLineSecret,
    directLineSecretGenerated,
    tokenSigningKey,
    tokenTtlSeconds: int(env, 'JIESU_TOKEN_TTL_SECONDS', 1800, 60, 86400),
    tokenRateLimitPerMinute: int(env, 'JIESU_TOKEN_RATE_LIMIT', 20, 1, 100000),
    maxBodyBytes: int(env, 'JIESU_MAX_BODY_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    maxUploadBytes: int(env, 'JIESU_MAX_UPLOAD_BYTES', 5 * 1024 * 1024, 1024, 50 * 1024 * 1024),
    publicUrl: publicUrl?.replace(/\/+$/, ''),
    logLevel,
    adminUser,
    adminPassword,
    open311ApiKeys: (opt(env, 'JIESU_OPEN311_API_KEYS') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    embeddingModelDir: opt(env, 'JIESU_EMBEDDING_MODEL_DIR'),
    modelPath,
  };
}
