import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  chainHash,
  maskAuditValue,
  maskedAuditJson,
  maskName,
  maskNumber,
  type AuditRowContent,
} from "#db/audit-chain";
import { auditChanges } from "~/models/platform/audit-reader.server";

describe("masking an audit value", () => {
  it("masks known fields by key, at any depth, and scrubs other strings", () => {
    const need = {
      id: 7,
      title: "独居老人助餐",
      description: "王秀英（电话 139-1234-5678）住3号楼2单元501室",
      contactName: "王秀英",
      contactPhone: "１３９１２３４５６７８",
      nested: { phone: 13812345678, idNumber: "110101199003071234", list: [{ contactName: "李四" }] },
      contentHash: "a1b2c3d4e5f6071829384756abcdef0123456789abcdef0123456789abcdef01",
      createdAt: "2026-12-07T04:17:00.000Z",
      capacity: 3,
      urgent: true,
      none: null,
    };
    const masked = maskAuditValue(need) as typeof need & { nested: Record<string, unknown> };
    expect(masked.contactName).toBe("王某");
    expect(masked.contactPhone).toBe("139****5678");
    expect(masked.nested).toEqual({ phone: "138****5678", idNumber: "110****1234", list: [{ contactName: "李某" }] });
    expect(masked.description).not.toMatch(/5678|王秀英|501/);
    expect(masked.description).toContain("【电话已隐去】");
    expect(masked.title).toBe("独居老人助餐");
    // Machine values are not personal data and stay whole.
    expect(masked.contentHash).toBe(need.contentHash);
    expect(masked.createdAt).toBe(need.createdAt);
    expect([masked.capacity, masked.urgent, masked.none]).toEqual([3, true, null]);
  });

  it("is idempotent, so masking a masked row changes nothing", () => {
    const once = maskedAuditJson({ contactName: "刘芳", contactPhone: "18112346387", note: "电话 87654321" });
    expect(maskedAuditJson(JSON.parse(once!))).toBe(once);
    expect(maskNumber("139****5678")).toBe("139****5678");
    expect(maskName("王某")).toBe("王某");
  });

  it("stores plain JSON: dates become strings, undefined is dropped, nothing stays nothing", () => {
    expect(maskedAuditJson(undefined)).toBeNull();
    expect(maskedAuditJson(null)).toBeNull();
    expect(maskedAuditJson({ at: new Date("2026-01-01T00:00:00Z"), gone: undefined })).toBe(
      '{"at":"2026-01-01T00:00:00.000Z"}',
    );
    expect(maskNumber("87654321")).toBe("****4321");
    expect(maskNumber("")).toBe("");
  });
});

describe("the chain hash", () => {
  const row: AuditRowContent = {
    id: 2,
    actorId: 5,
    action: "need.update",
    entityType: "need",
    entityId: 9,
    before: '{"status":"open"}',
    after: '{"status":"withdrawn"}',
    at: "2026-12-07T04:17:00.000Z",
    streetId: 1,
    communityId: 3,
  };

  it("is canonical: the same content in any key order gives the same text", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    const reordered = Object.fromEntries(Object.entries(row).reverse()) as unknown as AuditRowContent;
    expect(chainHash("x", reordered)).toBe(chainHash("x", row));
  });

  it("changes with the previous hash and with every field of the row", () => {
    const base = chainHash("prev", row);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash("other", row)).not.toBe(base);
    const changed: Partial<AuditRowContent>[] = [
      { id: 3 },
      { actorId: null },
      { action: "need.withdraw" },
      { entityType: "resource" },
      { entityId: 10 },
      { before: '{"status": "open"}' },
      { after: null },
      { at: "2026-12-07T04:17:00.001Z" },
      { streetId: 2 },
      { communityId: null },
    ];
    for (const change of changed)
      expect(chainHash("prev", { ...row, ...change }), JSON.stringify(change)).not.toBe(base);
  });
});

describe("the reader's before → after", () => {
  it("lists changed fields with Chinese labels, hides bookkeeping fields, and shows a creation whole", () => {
    expect(
      auditChanges(
        { title: "旧", status: "open", updatedAt: "a", capacity: 3 },
        { title: "新", status: "open", updatedAt: "b", capacity: 2 },
      ),
    ).toEqual([
      { field: "title", label: "标题", before: "旧", after: "新" },
      { field: "capacity", label: "名额", before: "3", after: "2" },
    ]);
    expect(auditChanges(null, { title: "新需求", id: 4 })).toEqual([
      { field: "title", label: "标题", before: null, after: "新需求" },
    ]);
    expect(auditChanges({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
