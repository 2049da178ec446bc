/**
 * Benchmark of the matching engine on a synthetic city: npm run bench:match
 *
 * A fixed seed builds communities on a grid over the city, units scattered among them, and needs
 * and resources whose Chinese titles and descriptions come from per-category templates with
 * varied slots (places, buildings, numbers, times), radius and date windows like real lists.
 * Each size runs in its own child process (full match + assignment) so its peak RSS is clean.
 * The 10k × 2k child also times proposeForNeed for 1,000 new needs and a naive baseline that
 * scores every pair with fuse.js (timed on a sample of needs and extrapolated).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import Fuse from "fuse.js";
import { buildIndex, match, proposeForNeed } from "../workers/matching/engine";
import { haversineKm } from "../workers/matching/geo";
import type { MatchingInput, MatchingNeed, MatchingResource } from "../workers/matching/types";

const SIZES = [
  { needs: 1_000, resources: 500 },
  { needs: 10_000, resources: 2_000 },
  { needs: 100_000, resources: 20_000 },
];
const NAIVE_SAMPLE = 30;
const INCREMENTAL_NEEDS = 1_000;

/** mulberry32: small, fast, seeded. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick };
}

// Per category: [need titles, need details, resource titles, resource details]. Slots: {p} place,
// {b} building, {n} a number, {w} who.
const T: Record<string, [string[], string[], string[], string[]]> = {
  养老服务: [["{b}独居老人需要每周上门探访", "{p}高龄老人想有人陪着去医院看病", "失能老人家属想学护理技能", "{w}家里想装扶手防摔"], ["子女都在外地，{n}位老人平时没人说话", "老人腿脚不便，出不了门"], ["独居老人探访关爱", "老人陪诊志愿服务", "失能老人居家护理指导", "适老化改造评估和施工"], ["志愿者每周上门问候，陪着聊天", "护理员上门指导翻身、喂饭"]],
  助餐: [["{p}老人中午吃饭难", "{w}想吃上便宜可口的午饭", "老年助餐点饭菜单一"], ["{n}位老人自己做饭不方便", "想请人指导配餐"], ["长者食堂送餐上门", "机关食堂向周边老人开放午餐", "营养师助餐配餐指导"], ["每天中午供应热饭，行动不便的送餐上门", "少油少盐，按老人口味配餐"]],
  医疗健康: [["{p}老人想每月量血压测血糖", "{w}想做个体检", "居民想学心肺复苏", "慢病老人多想请家庭医生随访"], ["{n}位高血压老人不知道药吃得对不对", "好多人几年没查过身体"], ["专家团队社区义诊", "家庭医生签约上门随访", "心肺复苏和AED急救培训", "老年人免费健康体检"], ["医生到社区坐诊，免费量血压测血糖", "急诊科医生现场教急救"]],
  课后托管: [["{b}双职工家庭孩子放学后无人看管", "暑假孩子没人带", "{p}想找靠谱的小饭桌", "孩子作业没人辅导"], ["家长{n}点才下班，孩子一个人在家", "孩子在街上乱跑"], ["四点半课堂", "暑期公益托管班", "教师志愿者课后作业辅导"], ["放学后到18点在校托管，老师看着写作业", "大学生志愿者辅导功课"]],
  法律服务: [["{p}邻里因漏水纠纷需要调解", "老人想立遗嘱不知道怎么弄", "农民工讨薪需要法律援助", "居民想学习民法典"], ["两家吵了{n}回，想请律师帮忙", "包工头跑了，工钱要不回来"], ["律师社区法律顾问驻点", "民法典普法讲座", "矛盾纠纷调解协助", "农民工讨薪法律援助"], ["律师每月到社区坐班解答法律问题", "人民调解员上门调解邻里矛盾"]],
  就业创业: [["{w}失业后想学门手艺再就业", "全职妈妈想找灵活的工作", "待业青年想学门技术", "下岗大姐想开个早餐摊"], ["{n}多岁，以前在仓库干过", "想考个证好找活"], ["社区专场招聘会", "短期职业技能培训班", "创业政策咨询与担保贷款"], ["有家政、保安、理货等岗位，现场面试", "育婴员、面点培训，合格发证"]],
  困难帮扶: [["{p}低保家庭平房漏雨急需修缮", "大病家庭孩子上学需要资助", "春节前想给困难老党员送温暖"], ["{n}户困难家庭生活紧巴巴", "单亲妈妈带孩子学费紧张"], ["党员志愿者结对帮扶困难家庭", "大病困难家庭救助金", "困难学生助学金"], ["为低保、特困家庭送米面油和慰问金", "每学期发放助学金"]],
  环境整治: [["{b}楼道堆满杂物想组织集中清理", "垃圾分类桶站周边脏乱", "楼道小广告太多想清理", "湖边步道垃圾多想组织捡拾"], ["纸箱旧家具堆了{n}年", "苍蝇老鼠多"], ["垃圾分类宣传和督导培训", "党员志愿者清洁家园", "病媒生物防制指导"], ["每月第一个周六清理楼道堆物、铲小广告", "指导居民分类投放"]],
  物业管理: [["{p}家属院无物业想找物业公司托管", "{b}电动车飞线充电问题严重", "居民想成立业委会不知道流程", "小区想装几个监控"], ["单位改制后没了物业，垃圾没人清", "电瓶车老被偷"], ["老旧小区准物业托管服务", "小区充电桩建设咨询", "业委会和物业管理知识培训"], ["为没有物业的老家属院提供保洁、清运、看门", "免费评估充电桩建设"]],
  文体活动: [["社区老年合唱团缺少伴奏老师", "{p}想办一场邻里趣味运动会", "社区想开办老年书法班", "读书角没有多少书"], ["{n}支舞蹈队想比一比", "老人想练毛笔字"], ["合唱和广场舞辅导", "书法绘画公益培训", "流动图书进社区", "文艺演出送到社区"], ["老师每周来社区辅导排练", "送书上门，定期更换"]],
  心理疏导: [["{p}老伴走了以后老太太整天发呆", "青少年沉迷手机家长想请心理老师", "失独家庭需要长期心理关爱"], ["天天以泪洗面，整夜睡不着", "孩子不去上学天天打游戏"], ["心理咨询师驻社区服务", "青少年亲子沟通小组", "老年人心理关爱陪伴"], ["二级心理咨询师一对一谈心", "团体心理辅导，缓解焦虑抑郁"]],
  安全宣传: [["{b}煤气罐使用不规范想请人讲讲", "出租屋多消防隐患需要排查", "小区业主想了解电信诈骗新套路", "电瓶车进电梯屡禁不止"], ["液化气罐用了{n}年了", "老人闻到燃气味不知道咋办"], ["消防安全进社区宣讲", "液化气瓶安全检查", "燃气安全入户检查", "应急疏散演练指导"], ["上门检查钢瓶、减压阀和胶管", "教灭火器使用，组织逃生演练"]],
  设施维修: [["{b}楼道灯坏了好几天", "{p}下水道经常堵", "楼顶防水层破了顶楼漏雨", "老旧小区车棚破损要修"], ["污水冒到楼道，{n}户受影响", "晚上老人只能摸黑上下楼"], ["水电维修便民服务日", "电工上门维修", "管道疏通", "防水补漏"], ["持证电工上门处理线路老化、插座跳闸", "上门找漏点重做防水"]],
  助残: [["{p}残疾人家庭需要定期上门康复指导", "重度残疾人出门需要轮椅", "听障居民希望社区活动有手语翻译"], ["家里门槛高，轮椅进不去", "脑瘫孩子的轮椅坏了"], ["康复辅具免费借用", "残疾人家庭无障碍改造", "手语志愿服务"], ["轮椅、助行器免费借用", "治疗师上门指导康复训练"]],
  金融知识: [["老年人想了解养老金理财怕遇到非法集资", "{w}社保卡密码锁了", "年轻家庭想了解房贷和征信知识"], ["有人说投钱年收益{n}%", "养老金取不出来"], ["反诈和防范非法集资宣讲", "社保卡激活和睡眠账户上门办理", "金融知识万里行进社区"], ["讲存款保险和理财风险", "上门办理社保卡激活和密码重置"]],
  党员教育: [["退休老党员想听听新时代党课", "年轻党员想参加红色教育实践活动", "社区党支部想和驻区单位联合过主题党日"], ["每月主题党日都是读文件", "支部想组织党员参观学习"], ["机关党支部结对共建党课", "红色文献主题展和讲解", "老干部宣讲团党史宣讲"], ["支部结对，一起搞主题党日", "参观红色教育基地"]],
  阵地共享: [["党员活动室太小主题党日想借个大会议室", "{p}想借学校操场办亲子游园会", "社区缺少开会和培训的场地"], ["活动室只能坐{n}个人", "要开居民代表大会"], ["学校礼堂和会议室周末借用", "周末操场和体育馆向社区开放", "多功能厅和阅读空间预约开放"], ["周末可借给社区开大会、办讲座", "免费对周边居民开放"]],
  物资捐赠: [["{p}困难家庭过冬需要棉被和米面油", "瘫痪老人家里需要尿不湿和护理垫", "困难家庭孩子开学缺书包文具"], ["{n}户人家盖的还是旧被子", "一天要换好几片纸尿裤"], ["爱心米面油捐赠", "冬衣和棉被爱心募捐", "护理用品捐赠"], ["为困难家庭捐赠米面油", "为失能老人捐赠成人纸尿裤、护理垫"]],
  数字技能: [["{p}老年人想学用智能手机挂号", "空巢老人想学视频通话", "老年人想学网购和手机支付"], ["老人不会用手机扫码付钱", "子女在外地，想视频看看孙子"], ["老年人智能手机课堂", "老年人手机银行一对一教学", "学生志愿者教老人玩转智能手机"], ["手把手教微信视频、扫码付款、网上挂号", "一对一教老人用手机"]],
  其他: [["小区流浪猫越来越多想找人帮忙做绝育", "小区邻里想办一个旧物交换集市"], ["楼下养的狗天天叫", "{n}户人家想参加"], ["税收政策宣讲进商圈", "宠物绝育公益活动"], ["讲解税收优惠政策", "联系宠物医院免费绝育"]],
};
const CATS = Object.keys(T);
const PLACES = ["幸福里", "光明", "朝阳新村", "东风里", "湖滨花园", "柳林", "翠园", "西苑", "南苑", "金桥", "和平里", "康乐", "纺织厂家属院", "机械厂宿舍", "建设路"];
const WHO = ["退休职工", "困难家庭", "低保户", "独居老人", "双职工家庭", "居民"];

function fill(r: ReturnType<typeof rng>, text: string): string {
  return text
    .replace("{p}", r.pick(PLACES) + (r.next() < 0.5 ? "小区" : ""))
    .replace("{b}", `${1 + r.int(30)}号楼`)
    .replace("{n}", String(2 + r.int(40)))
    .replace("{w}", r.pick(WHO));
}

function day(r: ReturnType<typeof rng>, from: number, span: number): string {
  return new Date(Date.UTC(2027, 0, 1) + (from + r.int(span)) * 86_400_000).toISOString().slice(0, 10);
}

function window(r: ReturnType<typeof rng>): { startDate?: string; endDate?: string } {
  const x = r.next();
  if (x < 0.4) return {};
  const start = r.int(300);
  if (x < 0.5) return { startDate: day(r, start, 1) };
  return { startDate: day(r, start, 1), endDate: day(r, start + 14, 120) };
}

export function makeNeed(r: ReturnType<typeof rng>, id: string, communityId: string): MatchingNeed {
  const cat = r.pick(CATS);
  const [titles, details] = T[cat];
  return {
    id,
    communityId,
    title: fill(r, r.pick(titles)),
    description: `${fill(r, r.pick(details))}，${fill(r, r.pick(details))}。`,
    ...(r.next() < 0.7 ? { category: cat } : {}),
    ...window(r),
  };
}

export function makeCity(seed: number, needCount: number, resourceCount: number): MatchingInput {
  const r = rng(seed);
  const communityCount = Math.max(20, Math.round(needCount / 50));
  const side = Math.ceil(Math.sqrt(communityCount));
  const step = 0.7 / 111; // about 0.7 km between neighbouring communities
  const lat0 = 34.62 - (side * step) / 2;
  const lng0 = 112.45 - (side * step) / 2 / 0.82;
  const communities = Array.from({ length: communityCount }, (_, i) => ({
    id: `c${i}`,
    name: `${r.pick(PLACES)}社区${i}`,
    lat: lat0 + Math.floor(i / side) * step + (r.next() - 0.5) * step * 0.5,
    lng: lng0 + ((i % side) * step + (r.next() - 0.5) * step * 0.5) / 0.82,
  }));
  const unitCount = Math.max(50, Math.round(resourceCount / 4));
  const units = Array.from({ length: unitCount }, (_, i) => ({
    id: `u${i}`,
    name: `驻区单位${i}`,
    lat: lat0 + r.next() * side * step,
    lng: lng0 + (r.next() * side * step) / 0.82,
  }));
  const radii = [1, 1.5, 2, 3, 3, 5, 5, 8, 10];
  const resources: MatchingResource[] = Array.from({ length: resourceCount }, (_, i) => {
    const cat = r.pick(CATS);
    const [, , titles, details] = T[cat];
    return {
      id: `r${i}`,
      unitId: `u${r.int(unitCount)}`,
      title: fill(r, r.pick(titles)),
      description: `${r.pick(details)}。`,
      ...(r.next() < 0.8 ? { category: cat } : {}),
      capacity: 1 + r.int(3),
      serviceRadiusKm: r.next() < 0.15 ? null : r.pick(radii),
      ...window(r),
    };
  });
  const needs = Array.from({ length: needCount }, (_, i) => makeNeed(r, `n${i}`, `c${r.int(communityCount)}`));
  const history = Array.from({ length: Math.round(needCount / 20) }, () => ({
    communityId: `c${r.int(communityCount)}`,
    unitId: `u${r.int(unitCount)}`,
    completedProjects: 1 + r.int(4),
    grades: [r.pick(["好", "较好", "一般", "差"] as const)],
  }));
  const unitLoad = units.filter(() => r.next() < 0.3).map((u) => ({ unitId: u.id, activeProjects: 1 + r.int(12) }));
  return { communities, units, needs, resources, history, unitLoad };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** Child: one size, full match + assignment; for 10k × 2k also incremental and naive timings. */
function child(needs: number, resources: number): void {
  const input = makeCity(20_270_301, needs, resources);
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const out = match(input);
  const ms = performance.now() - t0;
  clearInterval(sampler);
  const result: Record<string, number> = {
    ms,
    proposals: out.proposals.length,
    assigned: out.assignment.length,
    rssInputMb: rssBefore / 2 ** 20,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  if (needs === 10_000) {
    const index = buildIndex(input);
    const r = rng(99);
    const fresh = Array.from({ length: INCREMENTAL_NEEDS + 50 }, (_, i) => makeNeed(r, `x${i}`, input.communities[r.int(input.communities.length)].id));
    const times: number[] = [];
    fresh.forEach((need, i) => {
      const t = performance.now();
      proposeForNeed(index, need);
      if (i >= 50) times.push(performance.now() - t); // the first 50 warm the JIT up
    });
    times.sort((a, b) => a - b);
    result.p50 = percentile(times, 0.5);
    result.p95 = percentile(times, 0.95);
    // Naive baseline: fuse.js scores every resource for each need, then constraints and top 5.
    const fuse = new Fuse(input.resources, { keys: ["title", "description"], includeScore: true, threshold: 1, ignoreLocation: true });
    const units = new Map(input.units.map((u) => [u.id, u]));
    const communities = new Map(input.communities.map((c) => [c.id, c]));
    const t1 = performance.now();
    for (const need of input.needs.slice(0, NAIVE_SAMPLE)) {
      const c = communities.get(need.communityId)!;
      fuse
        .search(need.title)
        .filter(({ item }) => {
          const u = units.get(item.unitId)!;
          return item.serviceRadiusKm == null || haversineKm(u.lat, u.lng, c.lat, c.lng) <= item.serviceRadiusKm;
        })
        .slice(0, 5);
    }
    result.naiveMs = ((performance.now() - t1) / NAIVE_SAMPLE) * needs;
  }
  result.peakSampledMb = peak / 2 ** 20;
  process.stdout.write(JSON.stringify(result));
}

function parent(): void {
  const self = fileURLToPath(import.meta.url);
  const rows: string[][] = [["size (needs × resources)", "match + assign", "peak RSS", "input RSS", "proposals", "assigned"]];
  let extra: Record<string, number> = {};
  for (const size of SIZES) {
    const run = spawnSync(process.execPath, [...process.execArgv, "--max-old-space-size=3000", self, "--child", String(size.needs), String(size.resources)], {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    });
    if (run.status !== 0) throw new Error(`child ${size.needs}×${size.resources} failed:\n${run.stderr}`);
    const res = JSON.parse(run.stdout) as Record<string, number>;
    if (res.p50 !== undefined) extra = { ...res, needs: size.needs };
    rows.push([
      `${size.needs.toLocaleString("en")} × ${size.resources.toLocaleString("en")}`,
      `${(res.ms / 1000).toFixed(2)} s`,
      `${Math.round(res.maxRssMb)} MB`,
      `${Math.round(res.rssInputMb)} MB`,
      String(res.proposals),
      String(res.assigned),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  "));
  console.log("");
  console.log(`proposeForNeed on the 10,000 × 2,000 index, ${INCREMENTAL_NEEDS} new needs: p50 ${extra.p50.toFixed(2)} ms, p95 ${extra.p95.toFixed(2)} ms`);
  const engineMs = SIZES[1] && extra.ms;
  console.log(
    `naive fuse.js baseline at 10,000 × 2,000 (every pair scored; timed on ${NAIVE_SAMPLE} needs, extrapolated): ` +
      `${(extra.naiveMs / 1000).toFixed(1)} s vs engine ${(engineMs / 1000).toFixed(2)} s → ${(extra.naiveMs / engineMs).toFixed(0)}× faster`,
  );
  console.log("peak RSS = the child's maximum resident set (process.resourceUsage), including the generated input; input RSS = after generating it.");
}

const isMain = /bench-match\.[cm]?[jt]s$/.test(process.argv[1] ?? "");
if (isMain && process.argv[2] === "--child") child(Number(process.argv[3]), Number(process.argv[4]));
else if (isMain) parent();
