/**
 * The one way an action reads its form. server.ts has already refused bodies that are too large
 * or not a form (415); what is left to fail here is a body that claims to be a form and is not one
 * (truncated or garbled multipart, a missing boundary, a body cut off by the size limit). That is
 * the client's mistake: 400 with a short Chinese message, never a 500 (decision 020).
 */
export const UNREADABLE_FORM = "提交的内容无法识别，请回到页面重新填写后提交。";

export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response(UNREADABLE_FORM, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}
