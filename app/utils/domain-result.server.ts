/**
 * The one error model (docs/decisions/018-one-error-model.md). A domain failure — the state does
 * not allow it, someone else was quicker, a chosen item is gone — is a `Refusal`: a message for
 * the user, optionally the field it belongs to, and the status an answer with a status uses.
 * Model functions return `Result<T>`. Inside a transaction, where the writes made so far must be
 * undone, they throw a `DomainConflict`, and `refusing` turns it back into a Refusal at the model's
 * boundary. Routes turn a Refusal into their answer with `replyRefusal` (Conform forms) or
 * `refusalData` / `refusalBody` (plain forms). Guards (403/404) still throw a Response.
 */
import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";

/** 400: the input is wrong (a field); 409: the state does not allow it; 413: the upload is too large. */
export type RefusalStatus = 400 | 409 | 413;

export type Refusal = { ok: false; error: string; field?: string; status?: RefusalStatus };

/** What a model function that may refuse returns: `{ ok: true }` with its payload, or a Refusal. */
export type Result<T extends object = object> = ({ ok: true } & T) | Refusal;

/**
 * A refusal thrown where the work must be rolled back: inside a transaction, or from a shared
 * step deep in it (a project's state change). `refusing` turns it into a Refusal.
 */
export class DomainConflict extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly status?: RefusalStatus,
  ) {
    super(message);
    this.name = "DomainConflict";
  }
}

export function refuse(error: string, options: { field?: string; status?: RefusalStatus } = {}): Refusal {
  const refusal: Refusal = { ok: false, error };
  if (options.field !== undefined) refusal.field = options.field;
  if (options.status !== undefined) refusal.status = options.status;
  return refusal;
}

function refusalOf(conflict: DomainConflict): Refusal {
  return refuse(conflict.message, { field: conflict.field, status: conflict.status });
}

/**
 * Runs `work` (usually a whole transaction) and returns its payload as `{ ok: true, ...payload }`;
 * a DomainConflict thrown anywhere inside — the transaction has rolled back — comes back as a
 * Refusal. Anything else (a 403/404 Response, a bug) is rethrown.
 */
export function refusing<T extends object>(work: () => Promise<T>): Promise<Result<T>>;
export function refusing<T extends object>(work: () => T): Result<T>;
export function refusing<T extends object>(work: () => T | Promise<T>): Result<T> | Promise<Result<T>> {
  const asRefusal = (error: unknown): Refusal => {
    if (error instanceof DomainConflict) return refusalOf(error);
    throw error;
  };
  try {
    const value = work();
    if (value instanceof Promise) return value.then((v): Result<T> => ({ ok: true, ...v }), asRefusal);
    return { ok: true, ...value };
  } catch (error) {
    return asRefusal(error);
  }
}

// ─── Answers ──────────────────────────────────────────────────────────────────────────────

/** The status of an answer that carries one: the refusal's own, else 400 for a field, 409 for the rest. */
export function refusalStatus(refusal: Refusal): RefusalStatus {
  return refusal.status ?? (refusal.field ? 400 : 409);
}

type Replying<R> = {
  reply(options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; hideFields?: string[] }): R;
};

/**
 * A Conform form's answer: the message next to its field, or as the form's own error. Without a
 * submission (the refusal came before the form was read) the same answer is built directly.
 */
export function replyRefusal<R>(submission: Replying<R>, refusal: Refusal, options?: { hideFields?: string[] }): R;
export function replyRefusal(submission: null, refusal: Refusal): SubmissionResult<string[]>;
export function replyRefusal<R>(
  submission: Replying<R> | null,
  refusal: Refusal,
  options: { hideFields?: string[] } = {},
): R | SubmissionResult<string[]> {
  if (!submission) return { status: "error", error: { [refusal.field ?? ""]: [refusal.error] } };
  return submission.reply(
    refusal.field
      ? { fieldErrors: { [refusal.field]: [refusal.error] }, ...options }
      : { formErrors: [refusal.error], ...options },
  );
}

export type RefusalBody = { formError?: string; fieldErrors?: Record<string, string[]> };

/** A plain form's fields for a refusal: `{ fieldErrors: { [field]: [message] } }` or `{ formError }`. */
export function refusalBody(refusal: Refusal): RefusalBody {
  return refusal.field ? { fieldErrors: { [refusal.field]: [refusal.error] } } : { formError: refusal.error };
}

/** A plain form's answer: what the route adds (its intent, the values to show again) and the refusal, with its status. */
export function refusalData<const E extends object = object>(refusal: Refusal, extra?: E) {
  return data({ ...(extra as E), ...refusalBody(refusal) }, { status: refusalStatus(refusal) });
}
