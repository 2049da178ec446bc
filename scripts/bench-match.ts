/**
 * Benchmark of the matching engine on a synthetic city: npm run bench:match
 *
 * A fixed seed builds communities on a grid over the city, units scattered among them, and needs
 * and resources whose Chinese titles and descriptions come from per-category templates with
 * varied slots (places, buildings, numbers, times), radius and date windows like real lists.
 * Each size runs in its own child process (full match + assignment, reasons included), so its
 * peak RSS is clean, three times, so the median time is not one lucky or unlucky run: on one
 * thread (match(), as the app runs it) and, from PARALLEL_MIN_NEEDS on, on all cores
 * (matchParallel, as the CLI runs it), whose output must be identical.
 * The 10k × 2k child also times proposeForNeed for 1,000 new needs and a naive baseline that
 * scores every pair with fuse.js (timed on a sample of needs and extrapolated).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import Fuse from "fuse.js";
import { match, proposeForNeed } from "../workers/matching/engine";
import { buildIndex } from "../workers/matching/corpus";
import { haversineKm } from "../workers/matching/geo";
import { defaultThreads, matchParallel, PARALLEL_MIN_NEEDS } from "../workers/matching/parallel";
import type { MatchingInput, MatchingNeed, MatchingOutput, MatchingResource } from "../workers/matching/types";

const SIZES = [
  { needs: 1_000, resources: 500 },
  { needs: 10_000, resources: 2_000 },
  { needs: 100_000, resources: 20_000 },
];
const NAIVE_SAMPLE = 30;
/** Runs per size and mode: this machine's timings wander, so the median is what is reported. */
const RUNS = 3;
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

// Per category, topics "need title | need title > resource title | resource title", and general
// details for needs and for resources. A need and a resource meet when they share a topic (as in
// real lists, where most resources of a category do not fit a given need). Slots: {p} place,
// {b} building, {n} a number, {w} who.
const T: Record<string, [string[], string[], string[]]> = {
  养老服务: [
    [
      "{b}独居老人需要每周上门探访|{w}空巢老人想有人常来看看>独居老人探访关爱|空巢老人定期探望",
      "{p}高龄老人想有人陪着去医院看病|老人复查没人陪>老人陪诊志愿服务|陪同就医服务",
      "失能老人家属想学护理技能|{w}卧床老人不会翻身护理>失能老人居家护理指导|护理员上门教护理",
      "{w}家里想装扶手防摔|老人在卫生间摔倒过>适老化改造评估和施工|居家安全扶手安装",
      "瘫痪老人想洗个澡|卧床老人洗澡难>失能老人上门助浴|助浴车上门服务",
    ],
    ["子女都在外地，{n}位老人平时没人照顾", "老人腿脚不便，出不了门"],
    ["志愿者每周上门，服务{n}户老人", "护理员持证上岗"],
  ],
  助餐: [
    [
      "{p}老人中午吃饭难|{w}想吃上便宜可口的午饭>长者食堂送餐上门|社区老年助餐点",
      "老年助餐点饭菜单一|助餐点想请人指导配餐>营养师助餐配餐指导|老年餐营养搭配指导",
      "机关食堂能否对老人开放|想在单位食堂给老人留几个座>机关食堂向周边老人开放午餐|职工食堂老年爱心餐",
    ],
    ["{n}位老人自己做饭不方便", "有的老人做饭老忘关火"],
    ["每天中午供应热饭，行动不便的送餐上门", "少油少盐，按老人口味配餐"],
  ],
  医疗健康: [
    [
      "{p}老人想每月量血压测血糖|高血压老人想请医生常来看看>专家团队社区义诊|医生坐诊量血压测血糖",
      "{w}想做个全面体检|老人好几年没查过身体>老年人免费健康体检|体检车进社区",
      "居民想学心肺复苏|保安楼长想学急救>心肺复苏和AED急救培训|应急救护员培训",
      "慢病老人多想请家庭医生随访|糖尿病老人想有人定期随访>家庭医生签约上门随访|慢病随访管理",
      "想组织老人打流感疫苗|秋冬想给老人集中接种>流感疫苗集中接种|疫苗接种宣传和服务",
    ],
    ["{n}位老人不知道药吃得对不对", "去医院太远"],
    ["医生到社区坐诊，免费服务", "医院派专人负责，每月{n}次"],
  ],
  课后托管: [
    [
      "{b}双职工家庭孩子放学后无人看管|放学到下班这段时间孩子没人管>四点半课堂|课后托管服务",
      "暑假孩子没人带|放暑假孩子一个人在家>暑期公益托管班|暑期夏令营",
      "{p}想找靠谱的小饭桌|孩子中午没地方吃饭>学生午托和小饭桌|中午托管和午餐",
      "孩子作业没人辅导|初中孩子数学英语跟不上>教师志愿者课后作业辅导|大学生课业辅导",
      "孩子放学没人接|放学接孩子的人抽不开身>志愿者护送孩子放学|放学接送服务",
    ],
    ["家长{n}点才下班", "孩子在街上乱跑"],
    ["老师看着，面向小学生", "志愿者{n}人轮流值班"],
  ],
  法律服务: [
    [
      "{p}邻里因漏水纠纷需要调解|两家吵了好几回想请人调解>矛盾纠纷调解协助|人民调解员上门调解",
      "老人想立遗嘱不知道怎么弄|子女为遗产闹矛盾>遗嘱见证和继承咨询|律师讲遗嘱继承",
      "农民工讨薪需要法律援助|装修工拿不到工钱>农民工讨薪法律援助|欠薪维权法律服务",
      "居民想学习民法典|想听听婚姻家庭方面的法律>民法典普法讲座|律师社区法律顾问驻点",
    ],
    ["说了{n}回也不听", "不知道找谁"],
    ["律师每月到社区坐班", "免费服务，可预约"],
  ],
  就业创业: [
    [
      "{w}失业后想学门手艺再就业|全职妈妈想学育婴面点>短期职业技能培训班|育婴员面点补贴性培训",
      "待业青年想找工作|{n}多岁的下岗职工想找个活干>社区专场招聘会|门店岗位招聘",
      "下岗大姐想开个早餐摊|想做点小生意缺本钱>创业政策咨询与担保贷款|创业补贴申请指导",
      "大学生暑假想找实习|毕业生想找见习岗位>高校毕业生就业见习岗位|暑期实习机会",
    ],
    ["以前在仓库干过", "想考个证好找活"],
    ["合格发证，给补贴", "有家政、保安、理货等岗位"],
  ],
  困难帮扶: [
    [
      "{p}低保家庭平房漏雨急需修缮|特困户房子年久失修>困难家庭危房修缮帮扶|党员志愿者结对帮扶困难家庭",
      "大病家庭孩子上学需要资助|单亲家庭学费紧张>困难学生助学金|助学结对资助",
      "春节前想给困难老党员送温暖|年前想慰问低保户>春节困难家庭慰问|节日送温暖慰问",
    ],
    ["{n}户困难家庭生活紧巴巴", "家里有人生大病"],
    ["为低保、特困家庭服务", "每学期发放一次"],
  ],
  环境整治: [
    [
      "{b}楼道堆满杂物想组织集中清理|楼道纸箱旧家具太多>党员志愿者清洁家园|楼道堆物清理志愿活动",
      "垃圾分类桶站周边脏乱|居民不会垃圾分类>垃圾分类宣传和督导培训|垃圾分类督导志愿者",
      "楼道小广告太多想清理|墙上贴满开锁小广告>小广告清理志愿服务|铲除牛皮癣小广告",
      "小区老鼠蟑螂多|夏天蚊虫太多>病媒生物防制指导|四害消杀服务",
    ],
    ["苍蝇老鼠多", "说了{n}次没人管"],
    ["每月第一个周六集中清理", "指导居民分类投放"],
  ],
  物业管理: [
    [
      "{p}家属院无物业想找物业公司托管|老家属院没人管>老旧小区准物业托管服务|无物业小区保洁清运看门",
      "{b}电动车飞线充电问题严重|想装充电桩>小区充电桩建设咨询|电动车充电设施安装",
      "居民想成立业委会不知道流程|业主想学物业管理知识>业委会和物业管理知识培训|业委会成立指导",
      "小区想装几个监控|电瓶车老被偷>小区安防监控安装|门禁和监控改造",
    ],
    ["单位改制后没了物业", "车棚破破烂烂"],
    ["免费评估，费用低", "已服务{n}个小区"],
  ],
  文体活动: [
    [
      "社区老年合唱团缺少伴奏老师|合唱队想请声乐老师>合唱和广场舞辅导|声乐老师辅导合唱",
      "{p}想办一场邻里趣味运动会|想组织居民运动会>社区运动会组织指导|体育活动进社区",
      "社区想开办老年书法班|退休老人想练毛笔字>书法绘画公益培训|老年书画班授课",
      "读书角没有多少书|图书角缺书>流动图书进社区|图书捐赠和流动书箱",
      "迎新春联欢会节目太少|社区晚会缺节目>文艺演出送到社区|艺术团慰问演出",
    ],
    ["{n}支舞蹈队想比一比", "居民热情很高"],
    ["老师每周来社区辅导", "可提供{n}场"],
  ],
  心理疏导: [
    [
      "{p}老伴走了以后老太太整天发呆|失独老人天天以泪洗面>老年人心理关爱陪伴|丧偶老人心理疏导",
      "青少年沉迷手机家长想请心理老师|孩子不去上学天天打游戏>青少年亲子沟通小组|厌学青少年心理辅导",
      "照顾病人的家属压力太大|长期照护者心情低落>照护者心理减压团体|心理咨询师驻社区服务",
    ],
    ["整夜睡不着", "一说就摔门"],
    ["二级心理咨询师一对一谈心", "团体心理辅导，每期{n}次"],
  ],
  安全宣传: [
    [
      "{b}煤气罐使用不规范想请人讲讲|液化气罐用了好多年>液化气瓶安全检查|燃气安全进社区宣传",
      "出租屋多消防隐患需要排查|居民想学着火了怎么逃>消防安全检查与逃生演练|消防安全进社区宣讲",
      "小区业主想了解电信诈骗新套路|老人接到冒充公安的电话>反诈宣讲进社区|民警防骗讲座",
      "湖边夏天孩子多需要防溺水宣传|暑假孩子爱去河边玩水>防溺水安全教育|暑期防溺水宣讲",
    ],
    ["老人闻到燃气味不知道咋办", "{n}户受影响"],
    ["上门检查，免费更换老化胶管", "结合真实案例讲解"],
  ],
  设施维修: [
    [
      "{b}楼道灯坏了好几天|单元门口一下雨就跳闸>电工上门维修|楼道照明线路维修",
      "{p}下水道经常堵|厨房往上返污水>管道疏通|下水道疏通清掏",
      "楼顶防水层破了顶楼漏雨|卫生间往楼下渗水>防水补漏|屋面防水维修",
      "家里洗衣机坏了想免费修|电饭锅不热了>家电义务维修|小家电维修便民日",
    ],
    ["晚上老人只能摸黑上下楼", "找过{n}次没人修"],
    ["持证师傅上门", "只收材料费"],
  ],
  助残: [
    [
      "{p}残疾人家庭需要定期上门康复指导|中风老人想有人教怎么练>康复科上门康复指导|康复训练上门服务",
      "重度残疾人出门需要轮椅|轮椅坏了推不动>康复辅具免费借用|辅具适配发放",
      "听障居民希望社区活动有手语翻译|聋哑人办事沟通难>手语志愿服务|手语翻译陪同",
      "家里门槛高轮椅进不去|残疾人家里需要无障碍改造>残疾人家庭无障碍改造|无障碍设施改造",
    ],
    ["家人上班没人照顾", "家里经济困难"],
    ["专业人员上门", "可长期借用"],
  ],
  金融知识: [
    [
      "老年人想了解养老金理财怕遇到非法集资|有人拉老人投资养老项目>反诈和防范非法集资宣讲|金融知识讲座",
      "{w}社保卡密码锁了|老人银行卡成了睡眠户>社保卡激活和睡眠账户上门办理|银行上门服务",
      "年轻家庭想了解房贷和征信知识|想知道信用卡怎么用>金融知识万里行进社区|征信知识讲座",
    ],
    ["有人说投钱年收益{n}%", "养老金取不出来"],
    ["银行工作人员讲解", "可上门办理"],
  ],
  党员教育: [
    [
      "退休老党员想听听新时代党课|党员想学新修订的党内法规>机关党支部结对共建党课|老干部宣讲团党史宣讲",
      "年轻党员想参加红色教育实践活动|党员想去红色教育基地看看>红色文献主题展和讲解|红色教育基地参观",
      "社区党支部想和驻区单位联合过主题党日|想和单位党支部结对>党支部结对共建主题党日|支部联建共建活动",
    ],
    ["每月主题党日都是读文件", "支部党员{n}名"],
    ["支部书记带队", "每季度一次"],
  ],
  阵地共享: [
    [
      "党员活动室太小主题党日想借个大会议室|开居民大会没地方>学校礼堂和会议室周末借用|阶梯教室借用",
      "{p}想借学校操场办亲子游园会|想打篮球没有场地>周末操场和体育馆向社区开放|体育场馆公益开放",
      "外卖小哥想找个地方歇脚喝水|环卫工人想有个歇脚的地方>网点劳动者港湾开放|户外劳动者服务站",
    ],
    ["活动室只能坐{n}个人", "附近没有合适的地方"],
    ["可提前预约", "周末免费开放"],
  ],
  物资捐赠: [
    [
      "{p}困难家庭过冬需要棉被|独居老人缺厚被子>冬衣和棉被爱心募捐|冬季送温暖棉衣棉被",
      "瘫痪老人家里需要尿不湿和护理垫|失能老人纸尿裤不够用>护理用品捐赠|成人纸尿裤爱心捐赠",
      "困难家庭孩子开学缺书包文具|学生缺学习用品>书包文具爱心捐赠|开学助学礼包",
      "困难户想要些米面油|过节想给低保户送粮油>爱心米面油捐赠|粮油慰问品捐赠",
    ],
    ["{n}户人家生活困难", "家里实在买不起"],
    ["全新物资，按需发放", "可送货上门"],
  ],
  数字技能: [
    [
      "{p}老年人想学用智能手机挂号|老人手机上挂不了号>老年人智能手机课堂|手机挂号一对一教学",
      "空巢老人想学视频通话|老人不会用手机跟孙子视频>学生志愿者教老人玩转智能手机|微信视频通话教学",
      "老年人想学网购和手机支付|买菜都扫码老人不会付钱>老年人手机银行一对一教学|扫码支付教学",
    ],
    ["子女在外地", "老人学得慢"],
    ["手把手一对一教", "每期{n}课时"],
  ],
  其他: [
    [
      "小区流浪猫越来越多想找人帮忙做绝育|流浪狗太多>宠物绝育公益活动|流浪动物救助",
      "小区邻里想办一个旧物交换集市|想搞个跳蚤市场>旧物交换集市组织|闲置物品义卖",
      "个体商户想了解税收优惠政策|小商户不懂报税>税收政策宣讲进商圈|办税指导服务",
    ],
    ["{n}户人家想参加", "居民意见很大"],
    ["联系专业机构", "免费参加"],
  ],
};
const CATS = Object.keys(T);
const PLACES = [
  "幸福里",
  "光明",
  "朝阳新村",
  "东风里",
  "湖滨花园",
  "柳林",
  "翠园",
  "西苑",
  "南苑",
  "金桥",
  "和平里",
  "康乐",
  "纺织厂家属院",
  "机械厂宿舍",
  "建设路",
];
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

const topicSide = (topic: string, which: 0 | 1) => topic.split(">")[which].split("|");

export function makeNeed(r: ReturnType<typeof rng>, id: string, communityId: string): MatchingNeed {
  const cat = r.pick(CATS);
  const [topics, details] = T[cat];
  return {
    id,
    communityId,
    title: fill(r, r.pick(topicSide(r.pick(topics), 0))),
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
    const [topics, , details] = T[cat];
    return {
      id: `r${i}`,
      unitId: `u${r.int(unitCount)}`,
      title: fill(r, r.pick(topicSide(r.pick(topics), 1))),
      description: `${fill(r, r.pick(details))}。`,
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

/** A digest of an output, to tell whether two runs gave the same. */
function digest(out: MatchingOutput): string {
  const hash = createHash("sha256");
  for (const p of out.proposals)
    hash.update(`${p.needId}\u0000${p.resourceId}\u0000${p.score}\u0000${p.reasons.join("\u0001")}\n`);
  for (const a of out.assignment) hash.update(`${a.needId}\u0000${a.resourceId}\n`);
  return hash.digest("hex").slice(0, 16);
}

/** Child: one size, full match + assignment; for 10k × 2k on one thread also incremental and naive timings. */
async function child(needs: number, resources: number, parallel: boolean): Promise<void> {
  const input = makeCity(20_270_301, needs, resources);
  // The generator's garbage is collected before the clock starts: it is not the engine's work.
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const out = parallel ? await matchParallel(input) : match(input);
  const ms = performance.now() - t0;
  const result: Record<string, number | string> = {
    ms,
    proposals: out.proposals.length,
    assigned: out.assignment.length,
    rssInputMb: rssBefore / 2 ** 20,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    digest: digest(out),
  };
  if (needs === 10_000 && !parallel) {
    const index = buildIndex(input);
    const r = rng(99);
    const fresh = Array.from({ length: INCREMENTAL_NEEDS + 50 }, (_, i) =>
      makeNeed(r, `x${i}`, input.communities[r.int(input.communities.length)].id),
    );
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
    const fuse = new Fuse(input.resources, {
      keys: ["title", "description"],
      includeScore: true,
      threshold: 1,
      ignoreLocation: true,
    });
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
  process.stdout.write(JSON.stringify(result));
}

function runChild(needs: number, resources: number, mode: "serial" | "parallel"): Record<string, number | string> {
  const self = fileURLToPath(import.meta.url);
  const args = [
    ...process.execArgv,
    "--max-old-space-size=3000",
    "--expose-gc",
    self,
    "--child",
    String(needs),
    String(resources),
    mode,
  ];
  const run = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`child ${needs}×${resources} ${mode} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, number | string>;
}

/** "median (min–max)" of run times in ms, as seconds. */
function spread(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const s = (x: number) => (x / 1000).toFixed(2);
  return sorted.length === 1
    ? `${s(sorted[0])} s`
    : `${s(sorted[Math.floor(sorted.length / 2)])} s (${s(sorted[0])}–${s(sorted[sorted.length - 1])})`;
}

function parent(): void {
  const threads = defaultThreads();
  const rows = [
    [
      "size (needs × resources)",
      "match + assign, 1 thread",
      `${threads} threads`,
      "peak RSS (1 / n threads)",
      "input RSS",
      "proposals",
      "assigned",
    ],
  ];
  let extra: Record<string, number> = {};
  const same: string[] = [];
  for (const size of SIZES) {
    const serial: Array<Record<string, number | string>> = [];
    const parallel: Array<Record<string, number | string>> = [];
    // Runs alternate between the modes, so a slow spell of the machine hits both alike.
    for (let run = 0; run < RUNS; run++) {
      serial.push(runChild(size.needs, size.resources, "serial"));
      if (size.needs >= PARALLEL_MIN_NEEDS && threads > 1)
        parallel.push(runChild(size.needs, size.resources, "parallel"));
    }
    const res = serial[0] as Record<string, number>;
    const label = `${size.needs.toLocaleString("en")} × ${size.resources.toLocaleString("en")}`;
    if (res.p50 !== undefined) extra = { ...res, needs: size.needs };
    const digests = new Set([...serial, ...parallel].map((r) => r.digest));
    if (parallel.length) same.push(`${label}: ${digests.size === 1 ? "identical" : "DIFFERENT"}`);
    const peak = (runs: Array<Record<string, number | string>>) =>
      Math.round(Math.max(...runs.map((r) => Number(r.maxRssMb))));
    rows.push([
      label,
      spread(serial.map((r) => Number(r.ms))),
      parallel.length ? spread(parallel.map((r) => Number(r.ms))) : "—",
      `${peak(serial)} MB${parallel.length ? ` / ${peak(parallel)} MB` : ""}`,
      `${Math.round(res.rssInputMb)} MB`,
      String(res.proposals),
      String(res.assigned),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  "));
  console.log("");
  console.log(`times: median (fastest–slowest) of ${RUNS} runs, each in a fresh process`);
  if (same.length) console.log(`output on ${threads} threads vs 1 thread, all runs: ${same.join("; ")}`);
  console.log(
    `proposeForNeed on the 10,000 × 2,000 index, ${INCREMENTAL_NEEDS} new needs: p50 ${extra.p50.toFixed(2)} ms, p95 ${extra.p95.toFixed(2)} ms`,
  );
  console.log(
    `naive fuse.js baseline at 10,000 × 2,000 (every pair scored; timed on ${NAIVE_SAMPLE} needs, extrapolated): ` +
      `${(extra.naiveMs / 1000).toFixed(1)} s vs engine ${(extra.ms / 1000).toFixed(2)} s (1 thread) → ${(extra.naiveMs / extra.ms).toFixed(0)}× faster`,
  );
  console.log(
    "peak RSS = the child's maximum resident set (process.resourceUsage), including the generated input; input RSS = after generating it.",
  );
}

const isMain = /bench-match\.[cm]?[jt]s$/.test(process.argv[1] ?? "");
if (isMain && process.argv[2] === "--child")
  await child(Number(process.argv[3]), Number(process.argv[4]), process.argv[5] === "parallel");
else if (isMain) parent();
