/**
 * One writer per website, in enqueue order. Each website has a FIFO list of job ids in Redis
 * and a lock whose value starts with a fencing number that only grows. A job may run only
 * while it is the head of its website's FIFO and holds the lock; every step that reads and
 * changes these keys is one Lua script, so Redis runs it atomically. See README.md for the
 * argument.
 */
import type { Redis } from "ioredis";
import { FINISHED_TTL_SECONDS, type QueueKeys } from "./keys.js";

// Adds the job at the tail unless it is there already or finished; the client and a worker
// that sees the job before the client's push both call it, so the job is listed once.
const PUSH = `
local st = redis.call('HGET', KEYS[2], 'state')
if st == 'done' or st == 'failed' then return 0 end
if not redis.call('LPOS', KEYS[1], ARGV[1]) then redis.call('RPUSH', KEYS[1], ARGV[1]) end
return 1`;

// KEYS: fifo, lock, fence, job hash. ARGV: job id, holder, ttl ms, now, BullMQ job-key prefix,
// BullMQ failed set, our job-key prefix, finished-status ttl s.
const ACQUIRE = `
local st = redis.call('HGET', KEYS[4], 'state')
if st == 'done' or st == 'failed' then return {'finished'} end
if not redis.call('LPOS', KEYS[1], ARGV[1]) then redis.call('RPUSH', KEYS[1], ARGV[1]) end
while true do
  local head = redis.call('LINDEX', KEYS[1], 0)
  if head == ARGV[1] then break end
  -- A head that BullMQ removed or gave up on (stalled too often) would block the website
  -- for ever: drop it and record why.
  local gone = redis.call('EXISTS', ARGV[5] .. head) == 0
  local failed = redis.call('ZSCORE', ARGV[6], head)
  local hs = redis.call('HGET', ARGV[7] .. head, 'state')
  if gone or failed or hs == 'done' or hs == 'failed' then
    redis.call('LPOP', KEYS[1])
    if (gone or failed) and hs and hs ~= 'done' and hs ~= 'failed' then
      local why = 'BullMQ gave up on the job (it stalled too often or was failed outside a worker).'
      if gone then why = 'The job was removed from BullMQ before it ran.' end
      redis.call('HSET', ARGV[7] .. head, 'state', 'failed', 'finishedAt', ARGV[4], 'error',
        cjson.encode({code = 'E_QUEUE', message = why,
          hint = 'Check the workers\\' logs; enqueue the job again.'}))
      redis.call('EXPIRE', ARGV[7] .. head, ARGV[8])
    end
  else
    return {'wait', head}
  end
end
local cur = redis.call('GET', KEYS[2])
if cur then return {'busy', cur, tostring(redis.call('PTTL', KEYS[2]))} end
local fence = redis.call('INCR', KEYS[3])
local value = fence .. ':' .. ARGV[2]
redis.call('SET', KEYS[2], value, 'PX', ARGV[3])
redis.call('HSET', KEYS[4], 'state', 'running', 'fence', fence, 'worker', ARGV[2], 'startedAt', ARGV[4])
return {'acquired', value}`;

const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

// KEYS: fifo, lock, job hash. ARGV: job id, lock value, state, field, json, now, ttl s.
const FINISH = `
if redis.call('GET', KEYS[2]) ~= ARGV[2] then return {0} end
redis.call('HSET', KEYS[3], 'state', ARGV[3], ARGV[4], ARGV[5], 'finishedAt', ARGV[6])
redis.call('EXPIRE', KEYS[3], ARGV[7])
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then redis.call('LPOP', KEYS[1]) end
redis.call('DEL', KEYS[2])
local nxt = redis.call('LINDEX', KEYS[1], 0)
if nxt then return {1, nxt} end
return {1}`;

// Gives the lock back but keeps the job at the head: its retry comes before later jobs.
// KEYS: lock, job hash. ARGV: lock value, error json.
const RETRY = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[2], 'state', 'queued', 'lastError', ARGV[2])
return 1`;

// KEYS: lock, job hash. ARGV: lock value, field, json. Only the holder may record a decision,
// and the first one recorded stays: every later run of the job reads it back.
const REMEMBER = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3])
return redis.call('HGET', KEYS[2], ARGV[2])`;

/** What an acquire attempt found. */
export type AcquireResult =
  | { kind: "acquired"; lock: string; fence: number }
  | { kind: "wait"; head: string }
  | { kind: "busy"; holder: string; ttlMs: number }
  | { kind: "finished" };

/** The per-website gate of one queue. */
export class WebsiteGate {
  constructor(
    private readonly redis: Redis,
    private readonly keys: QueueKeys,
  ) {}

  /** Lists the job in its website's FIFO (idempotent). */
  async push(websiteId: string, jobId: string): Promise<void> {
    await this.redis.eval(PUSH, 2, this.keys.fifo(websiteId), this.keys.job(jobId), jobId);
  }

  /** Takes the website's lock when the job heads the FIFO and nobody holds it. */
  async acquire(
    websiteId: string,
    jobId: string,
    holder: string,
    ttlMs: number,
  ): Promise<AcquireResult> {
    const k = this.keys;
    const reply = (await this.redis.eval(
      ACQUIRE,
      4,
      k.fifo(websiteId),
      k.lock(websiteId),
      k.fence(websiteId),
      k.job(jobId),
      jobId,
      holder,
      ttlMs,
      new Date().toISOString(),
      k.bullJob,
      k.bullFailed,
      k.job(""),
      FINISHED_TTL_SECONDS,
    )) as string[];
    const [kind, a = "", b = "0"] = reply;
    if (kind === "acquired") return { kind, lock: a, fence: Number(a.split(":")[0]) };
    if (kind === "wait") return { kind, head: a };
    if (kind === "busy") return { kind, holder: a, ttlMs: Math.max(0, Number(b)) };
    return { kind: "finished" };
  }

  /** Extends the lock; false when another holder took it (this one is fenced out). */
  async renew(websiteId: string, lock: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.keys.lock(websiteId), lock, ttlMs)) === 1;
  }

  /** True while `lock` is still the website's lock. */
  async holds(websiteId: string, lock: string): Promise<boolean> {
    return (await this.redis.get(this.keys.lock(websiteId))) === lock;
  }

  /**
   * Records the outcome, removes the job from the FIFO and frees the lock, all at once;
   * returns the next job id to wake, or `fenced: true` when the lock was no longer ours.
   */
  async finish(
    websiteId: string,
    jobId: string,
    lock: string,
    outcome: { state: "done"; result: unknown } | { state: "failed"; error: unknown },
    ttlSeconds: number,
  ): Promise<{ fenced: boolean; next?: string }> {
    const [field, value] =
      outcome.state === "done" ? ["result", outcome.result] : ["error", outcome.error];
    const k = this.keys;
    const reply = (await this.redis.eval(
      FINISH,
      3,
      k.fifo(websiteId),
      k.lock(websiteId),
      k.job(jobId),
      jobId,
      lock,
      outcome.state,
      field,
      JSON.stringify(value ?? null),
      new Date().toISOString(),
      ttlSeconds,
    )) as [number, string?];
    return reply[0] === 0 ? { fenced: true } : { fenced: false, next: reply[1] };
  }

  /**
   * Records `json` under `field` of the job unless a run recorded one before, and returns the
   * recorded value; null when `lock` is no longer the website's (nothing is written then).
   */
  async remember(
    websiteId: string,
    jobId: string,
    lock: string,
    field: string,
    json: string,
  ): Promise<string | null> {
    const k = this.keys;
    return (await this.redis.eval(
      REMEMBER,
      2,
      k.lock(websiteId),
      k.job(jobId),
      lock,
      field,
      json,
    )) as string | null;
  }

  /**
   * Frees the lock for a retry (the job stays at the head of its website's FIFO); false when
   * the lock was no longer ours.
   */
  async releaseForRetry(
    websiteId: string,
    jobId: string,
    lock: string,
    error: unknown,
  ): Promise<boolean> {
    const k = this.keys;
    const reply = await this.redis.eval(
      RETRY,
      2,
      k.lock(websiteId),
      k.job(jobId),
      lock,
      JSON.stringify(error),
    );
    return reply === 1;
  }
}
