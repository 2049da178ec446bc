/**
 * How long the personal-data scrubber takes: npx tsx scripts/bench-scrubber.ts
 *
 * Scrubs 10,000 texts of 200 characters, five times, and prints each run (wall clock and CPU time). The texts are cut from
 * sentences like the platform's own (dates, times, counts, money), half of them carrying a
 * resident's door number, name and phone, so every pattern and the name search run on every text:
 * harder than real comments and notifications, most of which hold no digit at all.
 */
import { scrubPersonalData } from "#domain/personal-data";

const SENTENCES = [
  "社区组织党员志愿者于2026年3月1日14:00-16:30在活动室开展义诊，服务居民120人次，",
  "3号楼2单元501室独居老人王秀英（电话158 1234 5678）行动不便，需要上门探访。",
  "本次活动共发放物资300份，覆盖300户，经费1500元，满意度达到95.5%。",
  "医生每月都来，量血压很方便，希望增加周末的义诊，我是3号楼王秀兰，电话１３８１２３４５６７８。",
  "联席会议审议通过项目4个，暂缓1个，地铁1号线沿线的两个小区参与，共计35人。",
  "有问题请联系社区居委会，座机0571-87654321，工作时间周一至周五。",
];
const COUNT = 10_000;
const LENGTH = 200;

const texts: string[] = [];
for (let i = 0; i < COUNT; i++) {
  let text = "";
  for (let k = i; text.length < LENGTH; k++) text += SENTENCES[k % SENTENCES.length];
  texts.push(text.slice(0, LENGTH));
}

for (let run = 1; run <= 5; run++) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let hidden = 0;
  for (const text of texts) if (scrubPersonalData(text) !== text) hidden++;
  const ms = performance.now() - started;
  // CPU time as well: on a shared machine the wall clock also counts other processes' turns.
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  console.log(
    `第 ${run} 轮：${COUNT} 条 ${LENGTH} 字文本 ${ms.toFixed(0)} ms（CPU ${cpuMs.toFixed(0)} ms；${hidden} 条含个人信息）`,
  );
}
