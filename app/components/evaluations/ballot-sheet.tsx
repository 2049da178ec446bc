import { AppLink } from "~/components/ui/app-link";
import type { BallotSheetData } from "~/models/evaluations/ballots.server";
import { PrintButton } from "~/components/ui/print-button";

const PER_PAGE = 12;

function pages<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += PER_PAGE) out.push(items.slice(i, i + PER_PAGE));
  return out;
}

export function ballotInstruction(unitName: string) {
  return `请用手机扫码，为“${unitName}”评议，每码限投一次`;
}

/**
 * The ballots just issued, as A4 pages of 3 × 4 cut-out cards. Shown once: the links exist only
 * in this response (the database keeps their hashes), so the page says so before anything else.
 */
export function BallotSheet({ sheet }: { sheet: BallotSheetData }) {
  const first = sheet.items[0]?.serial ?? 0;
  const last = sheet.items.at(-1)?.serial ?? 0;
  return (
    <>
      <section className="card ballot-sheet-warning no-print" role="alert">
        <h1>请立即打印评议票</h1>
        <p>
          已为“{sheet.title}”生成评议票 <strong>{sheet.items.length}</strong> 张（编号 {first}–{last}）。
          <strong>为保证一票一投，系统只保存每张票的校验码，这些二维码离开本页后无法再次显示。</strong>
          请现在打印（也可“打印为 PDF”保存），分发给党员和群众。
        </p>
        <p className="muted">如打印页遗失，可在评议页“作废未使用的评议票”后重新发放。</p>
        <div className="form-actions">
          <PrintButton label="打印评议票" />
          <AppLink to={`/evaluations/${sheet.evaluationId}`} className="button secondary">
            已打印，返回评议
          </AppLink>
        </div>
      </section>
      <div className="ballot-sheet" data-testid="ballot-sheet">
        {pages(sheet.items).map((page) => (
          <div className="ballot-page" key={page[0]!.serial}>
            {page.map((item) => (
              <article className="ballot-card" key={item.serial} data-testid="ballot-card">
                <p className="ballot-card-head">
                  <span>{sheet.communityName}评议票</span>
                  <strong>No. {String(item.serial).padStart(3, "0")}</strong>
                </p>
                {/* SVG drawn on the server by the qrcode package from our own URL. */}
                <div
                  className="ballot-qr"
                  role="img"
                  aria-label={`评议票 ${item.serial} 的二维码`}
                  dangerouslySetInnerHTML={{ __html: item.svg }}
                />
                <p className="ballot-instruction">{ballotInstruction(sheet.unitName)}</p>
                <p className="ballot-url">{item.url}</p>
              </article>
            ))}
          </div>
        ))}
      </div>
    </>
  );
}
