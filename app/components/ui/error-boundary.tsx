import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";

const MESSAGES: Record<number, { title: string; hint: string }> = {
  400: { title: "请求有误", hint: "提交的内容无法识别，请返回上一页重新填写。" },
  403: { title: "没有权限", hint: "您的账号无权查看或修改这项内容。如确需处理，请联系街道或平台管理员。" },
  404: { title: "页面不存在", hint: "您要找的内容不存在，可能已被删除，或链接有误。" },
  405: { title: "不支持的操作", hint: "请通过页面上的按钮操作。" },
};

export function GeneralErrorBoundary() {
  const error = useRouteError();
  let status = 500;
  let detail: string | null = null;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    detail = typeof error.data === "string" && error.data.length < 200 ? error.data : null;
  } else if (error instanceof Error) {
    console.error(error);
  }
  const message = MESSAGES[status] ?? {
    title: "出错了",
    hint: "系统暂时无法完成这项操作，请稍后再试；问题持续时请联系平台管理员。",
  };
  return (
    <section className="card error-page" role="alert">
      <p className="error-code">{status}</p>
      <h1>{message.title}</h1>
      {detail ? <p>{detail}</p> : null}
      <p className="muted">{message.hint}</p>
      <p>
        <AppLink to="/">返回首页</AppLink>
      </p>
    </section>
  );
}
