import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PublicationNotice } from "~/components/meetings/meeting-publication";
import { getPublication } from "~/models/meetings/publication.server";
import { notFound } from "~/utils/auth.server";

// Public to whoever has the link or QR code, but not meant for search engines.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.meeting.title}决定公示` : "公示页面不存在" },
  { name: "robots", content: "noindex" },
];

/** Public: no account needed (the root loader only reads an optional session). */
export async function loader({ params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const publication = /^[A-Za-z0-9_-]{16,64}$/.test(slug) ? getPublication(slug) : undefined;
  if (!publication) notFound("没有找到这份公示。请核对链接或二维码，或向所在街道咨询。");
  return publication;
}

export default function PublicNotice() {
  const publication = useLoaderData<typeof loader>();
  return <PublicationNotice publication={publication} />;
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
