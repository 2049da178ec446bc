/**
 * The personal-data scrubber on the forms residents' data is really written in, and on the
 * numbers the platform's own texts are full of (dates, times, counts, money), which must stay.
 */
import { describe, expect, it } from "vitest";
import {
  describePersonalData,
  findPersonalData,
  holdsPersonalData,
  normalizeForScan,
  scrubDeep,
  scrubPersonalData,
  type PersonalDataKind,
} from "#domain/personal-data";

/** What was found, as "kind:text" in order. */
const found = (text: string) => findPersonalData(text).map((h) => `${h.kind}:${h.text}`);

/** The single hit in `text`, which must cover `part` exactly and be of `kind`. */
function expectOnly(text: string, kind: PersonalDataKind, part: string) {
  expect(found(text)).toEqual([`${kind}:${part}`]);
}

/** Every digit of `text` (full-width ones too), to check none survives the scrub. */
const digitsOf = (text: string) => normalizeForScan(text).replace(/\D/g, "");

describe("mobile phones in every written form", () => {
  it.each([
    ["plain", "电话13812345678", "13812345678"],
    ["full-width", "电话１３８１２３４５６７８", "１３８１２３４５６７８"],
    ["full-width with full-width dashes", "１３８－１２３４－５６７８", "１３８－１２３４－５６７８"],
    ["spaced 3-4-4", "手机 138 1234 5678 ", "138 1234 5678"],
    ["ideographic spaces", "１３８\u3000１２３４\u3000５６７８", "１３８\u3000１２３４\u3000５６７８"],
    ["one digit at a time", "1 3 8 1 2 3 4 5 6 7 8", "1 3 8 1 2 3 4 5 6 7 8"],
    ["dotted", "139.1234.5678", "139.1234.5678"],
    ["dashed", "139-1234-5678", "139-1234-5678"],
    ["dashed with spaces", "139 - 1234 - 5678", "139 - 1234 - 5678"],
    ["+86", "+86 138 1234 5678", "+86 138 1234 5678"],
    ["+86 dashed", "+86-13812345678", "+86-13812345678"],
    ["0086", "008613812345678", "008613812345678"],
    ["full-width plus", "＋８６１３８１２３４５６７８", "＋８６１３８１２３４５６７８"],
    ["read out in Chinese numerals", "一三八一二三四五六七八", "一三八一二三四五六七八"],
    ["read out with 幺 and 零", "幺三九零一二三四五六七", "幺三九零一二三四五六七"],
    ["read out in groups", "一三八 一二三四 五六七八", "一三八 一二三四 五六七八"],
    ["half digits, half numerals", "138一二三四五六七八", "138一二三四五六七八"],
  ])("%s: %s", (_form, text, phone) => {
    expectOnly(text, "mobile", phone);
    const scrubbed = scrubPersonalData(text);
    expect(scrubbed).toContain("【电话已隐去】");
    expect(digitsOf(scrubbed)).toBe("");
  });

  it("finds a phone inside a sentence, with the offsets of the original (full-width) text", () => {
    const text = "有事请打１３８１２３４５６７８，谢谢";
    const [hit] = findPersonalData(text);
    expect(hit).toMatchObject({ kind: "mobile", start: 4, end: 15 });
    expect(text.slice(hit!.start, hit!.end)).toBe("１３８１２３４５６７８");
    expect(scrubPersonalData(text)).toBe("有事请打【电话已隐去】，谢谢");
  });

  it("finds two phones in one text", () => {
    expect(scrubPersonalData("13912345678 或 139-8765-4321")).toBe("【电话已隐去】 或 【电话已隐去】");
  });
});

describe("landlines", () => {
  it.each([
    ["area code, dash", "座机010-12345678", "010-12345678"],
    ["four-digit area code", "0571-87654321", "0571-87654321"],
    ["area code in brackets, spaced", "(0571)8765 4321", "(0571)8765 4321"],
    ["area code in full-width brackets", "（０５７１）８７６５４３２１", "（０５７１）８７６５４３２１"],
    ["grouped 4-4-4", "电话：0571-8765-4321", "0571-8765-4321"],
    ["area code and a space", "0571 87654321", "0571 87654321"],
  ])("%s: %s", (_form, text, number) => {
    expectOnly(text, "landline", number);
    expect(digitsOf(scrubPersonalData(text))).toBe("");
  });

  it.each([
    ["电话：8765 4321", "8765 4321"],
    ["座机87654321", "87654321"],
    ["电话 6543-2109", "6543-2109"],
    ["联系方式：8765-4321", "8765-4321"],
    ["居委会电话为 876 5432", "876 5432"],
  ])("a local number after a phone word: %s", (text, number) => {
    expectOnly(text, "landline", number);
    expect(scrubPersonalData(text)).toContain("【电话已隐去】");
  });

  it("leaves a seven- or eight-digit figure alone when no phone word stands before it", () => {
    expect(found("累计投入资金 8765 4321 分")).toEqual([]);
  });
});

describe("resident ID numbers", () => {
  it.each([
    ["18 digits", "身份证110101199003071234", "110101199003071234"],
    ["ending in X", "11010119900307123X", "11010119900307123X"],
    ["ending in x", "证件号：11010119900307123x。", "11010119900307123x"],
    ["full-width with Ｘ", "１１０１０１１９９００３０７１２３Ｘ", "１１０１０１１９９００３０７１２３Ｘ"],
    ["grouped 6-8-4", "110101 19900307 123x", "110101 19900307 123x"],
    ["grouped with dashes", "110101-1990-0307-1234", "110101-1990-0307-1234"],
  ])("%s: %s", (_form, text, id) => {
    expectOnly(text, "id_number", id);
    expect(scrubPersonalData(text)).toContain("【证件号已隐去】");
    expect(digitsOf(scrubPersonalData(text))).toBe("");
  });
});

describe("bank cards, 16 to 19 digits", () => {
  it.each([
    ["16 digits", "6222021234567890"],
    ["16 grouped by four", "6222 0212 3456 7890"],
    ["16 grouped with dashes", "6222-0212-3456-7890"],
    ["19 digits", "6222021234567890123"],
    ["19 grouped 4-4-4-4-3", "6222 0212 3456 7890 123"],
    ["full-width", "６２２２０２１２３４５６７８９０"],
  ])("%s: %s", (_form, card) => {
    expectOnly(`卡号：${card}`, "bank_card", card);
    expect(scrubPersonalData(`卡号：${card}`)).toBe("卡号：【卡号已隐去】");
  });
});

describe("door numbers", () => {
  it.each([
    ["3号楼2单元501室", "3号楼2单元501室"],
    ["5栋1单元302", "5栋1单元302"],
    ["12幢3-501", "12幢3-501"],
    ["3-2-501", "3-2-501"],
    ["7号楼卧床老人", "7号楼"],
    ["住501室", "501室"],
    ["3 号楼 6 位独居老人", "3 号楼"],
    ["２号院", "２号院"],
    ["3号楼201", "3号楼201"],
  ])("%s", (text, door) => {
    expectOnly(text, "door", door);
    expect(scrubPersonalData(text)).toContain("【门牌已隐去】");
  });

  it.each([
    ["十二号楼", "十二号楼"],
    ["三号楼二单元", "三号楼二单元"],
    ["三栋二单元五零一", "三栋二单元五零一"],
    ["为九号楼三单元五〇二室送餐", "九号楼三单元五〇二室"],
    ["住五零一室", "五零一室"],
    ["二十三号院", "二十三号院"],
    ["3号楼二单元五零一", "3号楼二单元五零一"],
    ["十二号楼201", "十二号楼201"],
  ])("in Chinese numerals: %s", (text, door) => {
    expectOnly(text, "door", door);
    expect(scrubPersonalData(text)).toContain("【门牌已隐去】");
  });

  it.each([
    ["B座1203", "B座1203"],
    ["A栋3单元", "A栋3单元"],
    ["C区5号楼", "C区5号楼"],
    ["住在Ｄ栋２单元３０２", "Ｄ栋２单元３０２"],
    ["B座12层", "B座12层"],
  ])("with a letter for the block: %s", (text, door) => {
    expectOnly(text, "door", door);
  });

  it.each([
    ["a count of buildings", "三栋楼的居民都来了"],
    ["two buildings", "两栋楼之间的空地"],
    ["a bridge", "河上有一座桥"],
    ["a seven-seat car", "七座车接送老人"],
    ["rooms of a flat", "三室一厅"],
    ["a chapter", "第一单元测试"],
    ["a metro line", "地铁二号线"],
    ["a year", "二〇二六年"],
    ["a date, then downstairs", "三月十二号楼下集合"],
    ["a date in digits, then downstairs", "3月12号楼下集合"],
    ["a floor", "一楼大厅，二楼会议室"],
    ["an office block with no room", "科技大厦B座"],
    ["a zone with no building", "C区停车场"],
    ["a compound's community", "三号院社区"],
  ])("leaves numerals that are no door alone: %s", (_what, text) => {
    expect(found(text)).toEqual([]);
  });

  it("hides each of two buildings and keeps the words between", () => {
    expect(scrubPersonalData("3号楼和4号楼之间的路灯")).toBe("【门牌已隐去】和【门牌已隐去】之间的路灯");
  });
});

describe("names next to a phone, an ID, a door number or a label", () => {
  it.each([
    ["before the phone", "王秀英13912345678", ["name:王秀英", "mobile:13912345678"]],
    ["before, with 电话", "王秀英电话13912345678", ["name:王秀英", "mobile:13912345678"]],
    ["before, with 的电话是", "王秀英的电话是13912345678", ["name:王秀英", "mobile:13912345678"]],
    ["before, in a sentence", "请联系刘芳，电话13912345678", ["name:刘芳", "mobile:13912345678"]],
    ["before, in brackets", "独居老人王秀英（电话158 1234 5678）", ["name:王秀英", "mobile:158 1234 5678"]],
    ["after the phone", "13912345678 王秀英", ["mobile:13912345678", "name:王秀英"]],
    ["after, in brackets", "电话13912345678（刘芳）", ["mobile:13912345678", "name:刘芳"]],
    ["after, followed by 家属", "13912345678 王秀英家属", ["mobile:13912345678", "name:王秀英"]],
    ["next to an ID", "身份证110101199003071234王秀英", ["id_number:110101199003071234", "name:王秀英"]],
    ["before an ID", "李建国 身份证号 110101199003071234", ["name:李建国", "id_number:110101199003071234"]],
    ["labelled 联系人 with a phone", "联系人：王秀英 13912345678", ["name:王秀英", "mobile:13912345678"]],
    ["labelled 联系人 then 电话", "联系人刘芳电话13912345678", ["name:刘芳", "mobile:13912345678"]],
    ["labelled 联系人 alone", "联系人王秀英", ["name:王秀英"]],
    ["labelled 我是", "我是李建国", ["name:李建国"]],
    ["labelled 我是, then 的", "我是王秀兰的女儿", ["name:王秀兰"]],
    [
      "labelled 户主 with an ID",
      "户主：李建国，身份证：110101199003071234",
      ["name:李建国", "id_number:110101199003071234"],
    ],
    ["honorific before a phone", "王阿姨13912345678", ["name:王阿姨", "mobile:13912345678"]],
    ["honorific, then 电话", "王阿姨 电话13912345678", ["name:王阿姨", "mobile:13912345678"]],
    ["honorific in brackets", "张师傅（电话13912345678）", ["name:张师傅", "mobile:13912345678"]],
    ["老王", "老王13912345678", ["name:老王", "mobile:13912345678"]],
    ["after a door number", "3号楼王秀兰", ["door:3号楼", "name:王秀兰"]],
    ["after a door, with resident words", "501室独居老人王秀英", ["door:501室", "name:王秀英"]],
    ["after a door, with an honorific", "5栋1单元302的刘奶奶", ["door:5栋1单元302", "name:刘奶奶"]],
    ["after a door, followed by a verb", "3号楼王秀兰送餐", ["door:3号楼", "name:王秀兰"]],
    ["after a phone, followed by a verb", "13912345678王秀英反映", ["mobile:13912345678", "name:王秀英"]],
    ["before a door", "王秀英家住3号楼", ["name:王秀英", "door:3号楼"]],
  ])("%s: %s", (_form, text, hits) => {
    expect(found(text)).toEqual(hits);
    expect(scrubPersonalData(text)).toContain("【姓名已隐去】");
  });

  it("hides the ballot comment of the issue whole: door, name and full-width phone", () => {
    const text = "我是3号楼王秀兰，电话１３８１２３４５６７８";
    expect(scrubPersonalData(text)).toBe("我是【门牌已隐去】【姓名已隐去】，电话【电话已隐去】");
  });

  it("hides the project goal of the issue whole", () => {
    const text = "为3号楼2单元501室独居老人王秀英（电话158 1234 5678）提供上门服务";
    const scrubbed = scrubPersonalData(text);
    expect(scrubbed).toBe("为【门牌已隐去】独居老人【姓名已隐去】（电话【电话已隐去】）提供上门服务");
    expect(scrubbed).not.toContain("王秀英");
  });

  it.each([
    ["单位电话0571-87654321", "单位"],
    ["管理处电话 0571-87654321", "管理处"],
    ["订单号 2026030112345", "单号"],
    ["党员13912345678", "党员"],
    ["13912345678，周末请勿打扰", "周末"],
    ["13912345678，方便时联系", "方便"],
    ["请联系老师13912345678", "老师"],
    ["3号楼高层", "高层"],
    ["3号楼房顶漏水", "房顶"],
    ["3号楼周边环境", "周边"],
    ["3号楼全体居民", "全体"],
    ["明德里5号楼", "明德里"],
    ["万科城3号楼2单元", "万科城"],
    ["3号楼和平路一侧", "和平路"],
    ["13912345678，高兴", "高兴"],
  ])("keeps the word next to a number that is no name: %s", (text, word) => {
    expect(findPersonalData(text).filter((h) => h.kind === "name")).toEqual([]);
    expect(scrubPersonalData(text)).toContain(word);
  });

  it.each(["我是党员代表", "我是周边居民", "我是社区居民", "我是第一次参加活动", "王老师带队义诊"])(
    "leaves a text with no number and no name after a label alone: %s",
    (text) => {
      expect(found(text)).toEqual([]);
    },
  );
});

describe("names with no number nearby", () => {
  it.each([
    ["a descriptor before", "为独居老人王秀英每周送餐", "王秀英"],
    ["a descriptor after", "王秀英老人行动不便", "王秀英"],
    ["困难户 before", "帮助困难户李建国修缮房屋", "李建国"],
    ["残疾人 before, two characters", "残疾人张伟需要轮椅", "张伟"],
    ["低保户 before, then 的", "低保户陈志强的申请已通过", "陈志强"],
    ["空巢老人 before", "空巢老人周桂兰独自生活", "周桂兰"],
    ["患者 before", "患者李秀兰术后康复良好", "李秀兰"],
    ["学生 before", "学生王浩宇获得表彰", "王浩宇"],
    ["儿童 before, a 子 name", "儿童张子涵走失后找回", "张子涵"],
    ["之子 after", "李建国之子在外地工作", "李建国"],
    ["的女儿 after", "王秀英的女儿反映情况", "王秀英"],
    ["老人 before, at the end", "孤寡老人何玉珍", "何玉珍"],
    ["居民 before", "居民赵国庆提出建议", "赵国庆"],
    ["老人 after, inside a sentence", "党员陪高秀英老人就医", "高秀英"],
    ["业主 before", "业主林海涛投诉噪音", "林海涛"],
    ["住户 before", "住户马丽娟反映漏水", "马丽娟"],
    ["病人 before", "病人胡建军需要陪诊", "胡建军"],
    ["a full name with an honorific", "王秀英阿姨每天都来", "王秀英"],
    ["honorific after a verb", "联系王师傅", "王师傅"],
    ["honorific after 请", "请李阿姨来", "李阿姨"],
    ["honorific at the start", "张大爷家", "张大爷"],
    ["honorific, no number", "王阿姨每天都来", "王阿姨"],
    ["刘女士", "刘女士反映楼道灯不亮", "刘女士"],
    ["honorific after 看望了", "看望了孙奶奶", "孙奶奶"],
    ["honorific after 的", "热心的赵大爷每天巡逻", "赵大爷"],
    ["honorific after 邻居", "邻居王阿姨帮忙照看", "王阿姨"],
    ["honorific after 志愿者", "志愿者刘师傅修好了门锁", "刘师傅"],
    ["honorific after 谢谢", "谢谢徐师傅帮忙", "徐师傅"],
  ])("%s: %s", (_form, text, name) => {
    expectOnly(text, "name", name);
    expect(scrubPersonalData(text)).toBe(text.replace(name, "【姓名已隐去】"));
  });

  it("finds every name of a list after a descriptor, and two honorifics in one sentence", () => {
    expect(found("困难户李建国、王秀英")).toEqual(["name:李建国", "name:王秀英"]);
    expect(found("郭大爷和罗奶奶参加活动")).toEqual(["name:郭大爷", "name:罗奶奶"]);
  });

  // Ordinary words of co-building texts that start with a surname character. Each must survive
  // right next to the words for residents, on either side, and before a resident's honorific.
  const ORDINARY = [
    "高龄",
    "安全",
    "方便",
    "周末",
    "关爱",
    "林业",
    "常态",
    "文明",
    "和谐",
    "张贴",
    "李子",
    "党员",
    "单位",
    "明天",
    "金额",
    "时间",
    "平安",
    "康复",
    "宋体",
    "全体",
    "高兴",
    "温暖",
    "温馨",
    "阳光",
    "关心",
    "关怀",
    "宁静",
    "安静",
    "明白",
    "成长",
    "华丽",
    "程序",
    "常住",
    "卫生",
    "管理",
    "包括",
    "应急",
    "房屋",
    "路灯",
    "党建",
    "安康",
    "经常",
    "时常",
    "明确",
    "金融",
    "司法",
    "商户",
    "车辆",
    "车位",
    "邻里",
    "祝福",
    "任何",
    "任务",
    "连续",
    "简单",
    "齐全",
    "余额",
    "康养",
    "解决",
    "于是",
    "应该",
    "项目",
    "成立",
    "安宁",
    "高峰",
    "凌晨",
    "吉祥",
    "房东",
    "农民",
    "管家",
    "师生",
    "明亮",
    "明智",
    "金秋",
    "周边",
    "周到",
    "方面",
    "方向",
    "安排",
    "安装",
    "安心",
    "文化",
    "文体",
    "严格",
    "高度",
    "高层",
    "高温",
    "高血压",
    "白天",
    "许多",
    "曾经",
    "范围",
    "付款",
    "万一",
    "钱包",
    "温度",
    "康乐",
    "齐心",
    "申请",
    "关注",
    "祝贺",
    "纪念",
    "单独",
    "季度",
    "成员",
    "路面",
    "辛苦",
    "管道",
    "房间",
    "解答",
    "时候",
    "农业",
    "司机",
    "吉利",
    "费用",
    "冷清",
    "全面",
    "和睦",
    "商量",
    "明年",
    "黎明",
    "丁香",
    "梅雨",
    "雷雨",
    "丛林",
    "黄河",
    "宁波",
    "江山",
    "高水平",
    "卫健",
  ];
  it.each(ORDINARY)("keeps the ordinary word %s next to the words for residents", (word) => {
    const texts = [
      `${word}老人`,
      `${word}居民`,
      `${word}的老人`,
      `${word}残疾人`,
      `${word}家属`,
      `为独居老人${word}`,
      `困难户${word}`,
      `残疾人${word}`,
      `老人${word}服务`,
      `居民${word}反映`,
      `${word}阿姨`,
      `${word}师傅`,
      `${word}大爷`,
    ];
    for (const text of texts) expect(found(text), text).toEqual([]);
  });

  it.each([
    "为辖区高龄老人提供安全、方便的上门服务",
    "周末组织党员志愿者关爱空巢老人",
    "林业站职工与社区居民共同植树，常态化开展文明实践活动",
    "营造和谐邻里氛围，张贴安全提示，李子成熟时邀请居民采摘",
    "单位党员明天上门核对慰问金金额和时间",
    "祝愿老人平安健康，康复训练每周两次",
    "通知正文使用宋体，全体居民均可报名",
    "为独居老人每周送餐，帮助困难户修缮房屋",
    "关心关怀孤寡老人和低保户的日常生活",
    "老人和家属对服务很满意",
    "居民和儿童一起参加周末的文明实践活动",
    "学生志愿者周末陪伴空巢老人",
    "患者家属可以向医生咨询康复方案",
    "和阿姨们一起包饺子，给大爷送去温暖",
    "保安大哥和门卫大爷参与巡逻，环卫师傅清扫楼道",
    "长沙阿姨教大家包粽子，修车师傅义务补胎",
    "物业主任和业主代表共同商议",
    "常住居民和流动人口都纳入网格管理",
    "五保户和特困户的救助金已发放到位",
    "退役军人和军属优待政策宣讲",
    "学生成长档案由学校保存",
    "老人高兴地说服务真好",
    "居民高度评价共建单位的服务",
    "居民时常反映停车难",
    "孕妇和儿童优先接种",
    "金秋时节，老人们重阳登高",
    "高水平建设老年食堂，方便老人就餐",
    "居民明德里议事会召开",
    "安宁疗护进社区，关怀临终患者",
    "林业局家属院居民反映路灯不亮",
    "邻家大姐热心帮助独居老人",
    "周三下午为老人理发",
    "万家灯火，居民团圆",
    "江边步道方便居民散步",
    "温度骤降，提醒老人添衣",
    "黎明时分，环卫工人已开始工作",
    "沈阳来的学生参加夏令营",
    "居民委员会换届选举",
    "和平里社区居民议事会",
    "金地花园业主委员会成立",
    "老师带领学生参观",
    "党员家属参与志愿服务",
    "职工子女暑期托管",
    "第一家社区食堂开业",
    "全家人都来参加",
    "高血压患者定期随访",
    "困境儿童关爱行动",
  ])("leaves a co-building sentence with no name alone: %s", (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe("WeChat IDs, QQ numbers and e-mail addresses", () => {
  it.each([
    ["微信号 wxid_abc123", "wechat", "wxid_abc123", "微信号 【微信号已隐去】"],
    ["微信：zhangsan_88", "wechat", "zhangsan_88", "微信：【微信号已隐去】"],
    ["vx: abc12345", "wechat", "abc12345", "vx: 【微信号已隐去】"],
    ["加微信abcdefg了解", "wechat", "abcdefg", "加微信【微信号已隐去】了解"],
    ["ＷＸ：WangFang-1990", "wechat", "WangFang-1990", "ＷＸ：【微信号已隐去】"],
    ["wxid_k2j3h4g5f6", "wechat", "wxid_k2j3h4g5f6", "【微信号已隐去】"],
    ["QQ 12345678", "qq", "12345678", "QQ 【QQ号已隐去】"],
    ["qq号：87654321", "qq", "87654321", "qq号：【QQ号已隐去】"],
    ["扣扣 1234567", "qq", "1234567", "扣扣 【QQ号已隐去】"],
    ["邮箱 zhang.san@163.com", "email", "zhang.san@163.com", "邮箱 【邮箱已隐去】"],
    ["Email: wang_fang+co@mail.example.com.cn", "email", "wang_fang+co@mail.example.com.cn", "Email: 【邮箱已隐去】"],
    ["１２３４５６７８９＠ｑｑ．ｃｏｍ", "email", "１２３４５６７８９＠ｑｑ．ｃｏｍ", "【邮箱已隐去】"],
    ["13912345678@163.com", "email", "13912345678@163.com", "【邮箱已隐去】"],
  ])("%s", (text, kind, part, scrubbed) => {
    expectOnly(text, kind as PersonalDataKind, part);
    expect(scrubPersonalData(text)).toBe(scrubbed);
  });

  it("finds the name written before a WeChat ID", () => {
    expect(found("王芳微信：wangfang88")).toEqual(["name:王芳", "wechat:wangfang88"]);
  });

  it.each([
    "关注微信公众号 gongjian2026",
    "加入社区微信群",
    "扫码关注微信",
    "vx同号",
    "@全体成员 明天开会",
    "AED急救培训，WiFi全覆盖",
    "QQ群里通知",
  ])("leaves what is no one's account alone: %s", (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe("what is not personal data", () => {
  it.each([
    ["an ISO date", "2026-03-01"],
    ["a Chinese date", "2026年3月1日"],
    ["a dotted date", "2026.3.1"],
    ["a padded dotted date", "2026.03.01"],
    ["a date range", "2026-03-01至2026-12-31"],
    ["a compact date", "20260301"],
    ["a timestamp", "2026-12-07T10:00:00.000Z"],
    ["a date with a time", "时间：2026-03-01 14:00-16:30"],
    ["households", "覆盖300户"],
    ["person-times", "服务居民120人次"],
    ["people", "共计35人"],
    ["a time range", "14:00-16:30"],
    ["a day of the month", "3月1号"],
    ["a metro line", "地铁1号线3号口"],
    ["money", "经费1500元，补贴 2000 元"],
    ["a large sum", "投入150000000元"],
    ["a percentage", "满意度95.5%"],
    ["hours", "累计 37.5 小时"],
    ["a decimal", "3.1415926535"],
    ["a year", "2026年度共驻共建评议"],
    ["a floor", "3楼会议室"],
    ["a hash", "a3f59c1234567890bc"],
    ["emergency numbers", "拨打120或110"],
    ["a service hotline", "服务热线：400-123-4567"],
    ["a project number", "项目编号 2026-0001"],
    ["ballot counts", "好 6 票，较好 3 票，参评率 83.3%"],
    ["a review flag", "「幸福里社区」有 3 条需求超过 30 天仍未匹配"],
    ["a meeting flag", "已 120 天未召开联席会议（要求每 30 天至少一次）"],
    ["ordinal numerals", "第一二三四五六七期"],
    ["a community named after its compound", "甘家口17号院社区发起评议"],
    ["the opinion's figures", "单位党员参与 23 人次，累计服务 37.5 小时，服务居民 180 人次"],
  ])("%s: %s", (_what, text) => {
    expect(found(text)).toEqual([]);
    expect(scrubPersonalData(text)).toBe(text);
    expect(holdsPersonalData(text)).toBe(false);
  });

  it("leaves an empty text and a text without digits or labels as they are", () => {
    expect(scrubPersonalData("")).toBe("");
    expect(scrubPersonalData("医生每月都来，量血压很方便")).toBe("医生每月都来，量血压很方便");
  });
});

describe("scrubPersonalData", () => {
  it("is idempotent: a scrubbed text has nothing left to find", () => {
    const texts = [
      "我是3号楼王秀兰，电话１３８１２３４５６７８",
      "户主：李建国，身份证：110101199003071234，卡号6222 0212 3456 7890 123",
      "13912345678 王秀英家属，住5栋1单元302",
      "为独居老人王秀英每周送餐，联系王师傅，三栋二单元五零一，B座1203",
      "微信号 wxid_abc123，QQ 12345678，邮箱 zhang.san@163.com",
    ];
    for (const text of texts) {
      const once = scrubPersonalData(text);
      expect(findPersonalData(once)).toEqual([]);
      expect(scrubPersonalData(once)).toBe(once);
    }
  });

  it("says what was hidden with one marker per kind", () => {
    expect(scrubPersonalData("王阿姨13912345678，身份证110101199003071234，3-2-501，卡号6222021234567890")).toBe(
      "【姓名已隐去】【电话已隐去】，身份证【证件号已隐去】，【门牌已隐去】，卡号【卡号已隐去】",
    );
    expect(scrubPersonalData("编号 123 456 789")).toBe("编号 【号码已隐去】");
  });
});

describe("describePersonalData", () => {
  it("names up to three findings and counts the rest, in Chinese", () => {
    const hits = findPersonalData("我是3号楼王秀兰，电话13812345678，身份证110101199003071234");
    expect(describePersonalData(hits)).toBe(
      "含有居民个人信息：门牌号“3号楼”、姓名“王秀兰”、手机号“13812345678”等 4 处。请删除或改写后再保存",
    );
    expect(describePersonalData(hits.slice(0, 1))).toBe("含有居民个人信息：门牌号“3号楼”。请删除或改写后再保存");
    expect(describePersonalData(findPersonalData("困难户李建国，微信：zhangsan_88，QQ 12345678"))).toBe(
      "含有居民个人信息：姓名“李建国”、微信号“zhangsan_88”、QQ号“12345678”。请删除或改写后再保存",
    );
    expect(describePersonalData(findPersonalData("邮箱 zhang.san@163.com"))).toBe(
      "含有居民个人信息：电子邮箱“zhang.san@163.com”。请删除或改写后再保存",
    );
  });
});

describe("scrubDeep", () => {
  it("scrubs every string of a value and leaves keys, numbers, booleans and null as they are", () => {
    const value = {
      title: "为王秀英（13912345678）上门",
      count: 13912345678,
      done: true,
      none: null,
      quotes: ["我是3号楼王秀兰", "很好"],
      nested: { note: "座机0571-87654321", date: "2026-03-01" },
    };
    expect(scrubDeep(value)).toEqual({
      title: "为【姓名已隐去】（【电话已隐去】）上门",
      count: 13912345678,
      done: true,
      none: null,
      quotes: ["我是【门牌已隐去】【姓名已隐去】", "很好"],
      nested: { note: "座机【电话已隐去】", date: "2026-03-01" },
    });
    expect(value.title).toBe("为王秀英（13912345678）上门");
  });
});
