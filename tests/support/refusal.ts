/**
 * The HTTP status a model function refused with (it throws a Response, as `forbidden()` and
 * `notFound()` do), or "no refusal" when it returned. Other errors are rethrown.
 */
export function refusalStatus(work: () => unknown): number | "no refusal" {
  try {
    work();
    return "no refusal";
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}
