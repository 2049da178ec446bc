/**
 * Forms that create things, submitted twice, make one thing (issue 12; decision 029).
 *
 * A create page's loader puts a fresh key in the form (`newSubmissionKey`, rendered by
 * `SubmissionKeyField`); the action reads it back (`submissionKeyOf`) and creates through
 * `createOnce`, which in one IMMEDIATE transaction looks the key up, runs the model's own create
 * (its transaction nests as a savepoint) and stores the key with what was made. A second submit
 * with the same key — a double click, a resent POST, two requests in parallel — finds that row
 * and answers with the item the first one made; the route then gives the same redirect.
 *
 * Keys belong to one account and one kind of item: someone else's key, or a needs form's key sent
 * to the meeting form, is refused with 409. A form without a key (a page loaded before this
 * change, a script) creates as before. Keys older than KEEP_DAYS are removed by
 * `pruneFormSubmissions`, for the maintenance run to call.
 */
import { randomUUID } from "node:crypto";
import { eq, lt } from "drizzle-orm";
import { getDb, type Tx, type Writer } from "#db/client";
import { formSubmissions } from "#db/schema";
import { DomainConflict, refuse, type Result } from "~/utils/domain-result.server";
import type { Actor } from "~/utils/permission-actor";
import { SUBMISSION_KEY_FIELD, SUBMISSION_KEY_PATTERN } from "~/utils/submission-key";

/** What a key was spent on (form_submissions.entity_type); the route maps it back to its page. */
export type SubmissionEntity =
  | "need"
  | "resource"
  | "meeting"
  | "project"
  | "evaluation"
  | "activity_record"
  | "agreement"
  /** Several agreement drafts at once: the id is the project's. */
  | "agreement_drafts"
  | "street"
  | "community"
  | "unit"
  | "user";

/** How long a key is kept: a form left open longer than this is taken as a new submission. */
export const KEEP_DAYS = 7;

/** What `createOnce` gives back: the item's id, and what the create returned (null when replayed). */
export type Once<T> = Result<{ id: number; created: T | null }>;

/** A new key for a create form's loader. Nothing is stored until a submission spends it. */
export function newSubmissionKey(): string {
  return randomUUID();
}

const textResponse = (message: string, status: number) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * The key a submission carries; null when the form has none (a page from before keys existed).
 * A field that is there but is not a key of ours is a tampered form: 400.
 */
export function submissionKeyOf(formData: FormData): string | null {
  const value = formData.get(SUBMISSION_KEY_FIELD);
  if (value === null) return null;
  if (typeof value !== "string" || !SUBMISSION_KEY_PATTERN.test(value))
    throw textResponse("表单标识有误，请刷新页面后重新填写提交。", 400);
  return value;
}

function spentKey(db: Writer, key: string) {
  return db
    .select({ userId: formSubmissions.userId, entityType: formSubmissions.entityType, id: formSubmissions.entityId })
    .from(formSubmissions)
    .where(eq(formSubmissions.key, key))
    .get();
}

/** The item a spent key made, when it is this actor's key for this kind of item; else 409. */
function replayed(spent: { userId: number; entityType: string; id: number }, actor: Actor, entity: SubmissionEntity) {
  if (spent.userId !== actor.id || spent.entityType !== entity)
    throw textResponse("这张表单已经提交过，请刷新页面后重新填写。", 409);
  return { ok: true as const, id: spent.id, created: null };
}

/**
 * Runs `create` once per key. `create` is the model's own function (it opens its own
 * transaction, which becomes a savepoint of this one); `idOf` says which id it made. A refusal
 * stores nothing, so the form can be corrected and sent again with the same key.
 */
export function createOnce<T extends object>(
  actor: Actor,
  key: string | null,
  entity: SubmissionEntity,
  create: () => Result<T>,
  idOf: (created: T) => number,
): Once<T> {
  if (key === null) {
    const result = create();
    return result.ok ? { ok: true, id: idOf(result), created: result } : result;
  }
  // IMMEDIATE: the look-up and the insert hold the write lock together, so two processes on the
  // file cannot both miss the key (within one process the synchronous transaction already can't).
  return getDb().transaction(
    (tx): Once<T> => {
      const spent = spentKey(tx, key);
      if (spent) return replayed(spent, actor, entity);
      const result = create();
      if (!result.ok) return result;
      const id = idOf(result);
      tx.insert(formSubmissions).values({ key, userId: actor.id, entityType: entity, entityId: id }).run();
      return { ok: true, id, created: result };
    },
    { behavior: "immediate" },
  );
}

/**
 * `createOnce` for a create that must await before its transaction (an account: the password is
 * hashed first). The model calls `claim(tx, id)` inside its transaction once the item exists; a
 * parallel submit that spent the key meanwhile makes `claim` roll that transaction back, and
 * either way this one answers with the first one's item.
 */
export async function createOnceAsync<T extends object>(
  actor: Actor,
  key: string | null,
  entity: SubmissionEntity,
  create: (claim: (tx: Tx, id: number) => void) => Promise<Result<T>>,
  idOf: (created: T) => number,
): Promise<Once<T>> {
  if (key === null) {
    const result = await create(() => {});
    return result.ok ? { ok: true, id: idOf(result), created: result } : result;
  }
  const spent = spentKey(getDb(), key);
  if (spent) return replayed(spent, actor, entity);
  const claim = (tx: Tx, id: number) => {
    const stored = tx
      .insert(formSubmissions)
      .values({ key, userId: actor.id, entityType: entity, entityId: id })
      .onConflictDoNothing()
      .run();
    if (stored.changes === 0) throw new DomainConflict("这张表单已经提交过");
  };
  let result: Result<T>;
  try {
    result = await create(claim);
  } catch (error) {
    if (!(error instanceof DomainConflict)) throw error;
    result = refuse(error.message, { field: error.field, status: error.status });
  }
  if (result.ok) return { ok: true, id: idOf(result), created: result };
  // Refused, or beaten by a parallel submit of the same form (which then also took the name):
  // when the key has been spent meanwhile, this submit answers as that one did.
  const spentMeanwhile = spentKey(getDb(), key);
  if (spentMeanwhile) return replayed(spentMeanwhile, actor, entity);
  return result;
}

/**
 * Removes keys older than `days` (KEEP_DAYS); returns how many. For the maintenance run: nothing
 * else calls it, and nothing depends on an old key being there.
 */
export function pruneFormSubmissions(db: Writer = getDb(), now = new Date(), days = KEEP_DAYS): number {
  const cutoff = new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
  return db.delete(formSubmissions).where(lt(formSubmissions.createdAt, cutoff)).run().changes;
}
