/**
 * How large a request body may be, checked by server.ts before Remix reads a byte of it
 * (decision 020): on the declared Content-Length at once, and by counting the bytes of a chunked
 * body as they arrive. Beyond the limit the answer is 413 and the rest is not read.
 */
import { PHOTO_MAX_BYTES, PHOTO_MAX_COUNT } from "~/schemas/activity-record";

/**
 * An urlencoded form. The longest form of ours (an agreement's terms, a need's description) is a
 * few tens of KB even when every field is at its maximum; 1 MiB leaves a wide margin.
 */
export const FORM_BODY_MAX = 1024 * 1024;

/** A multipart form: nine photos at the limit plus the text fields; beyond this it is not a form of ours. */
export const UPLOAD_REQUEST_MAX = (PHOTO_MAX_COUNT + 1) * PHOTO_MAX_BYTES + 1024 * 1024;
