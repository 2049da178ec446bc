import { describe, expect, it } from "vitest";
import {
  canCreateNeed,
  canManageNeed,
  canManageResource,
  canSeeNeedContact,
  canViewNeed,
  canViewResource,
} from "~/utils/permissions";
import { type Actor } from "~/utils/permission-actor";

const base = {
  id: 1,
  username: "u",
  displayName: "u",
  communityId: null,
  gridId: null,
  memberId: null,
  unitId: null,
  streetId: null,
  districtId: null,
};
const community: Actor = { ...base, role: "community", communityId: 10, streetId: 1, districtId: 100 };
const unit: Actor = { ...base, role: "unit", unitId: 20, streetId: 1, districtId: 100 };
const street: Actor = { ...base, role: "street", streetId: 1, districtId: 100 };
const otherStreet: Actor = { ...base, role: "street", streetId: 2, districtId: 100 };
const district: Actor = { ...base, role: "district", districtId: 100 };
const otherDistrict: Actor = { ...base, role: "district", districtId: 200 };
const admin: Actor = { ...base, role: "admin" };
/** 网格员 of grid 7 in community 10 (decision 040). */
const gridWorker: Actor = { ...base, role: "grid", communityId: 10, gridId: 7, streetId: 1, districtId: 100 };

const ownNeed = { communityId: 10, streetId: 1, districtId: 100, status: "open" };
const neighbourNeed = { communityId: 11, streetId: 1, districtId: 100, status: "open" };
const draftNeed = { ...ownNeed, status: "draft" };

describe("a grid worker's needs", () => {
  const ownGridNeed = { ...ownNeed, gridId: 7 };
  const otherGridNeed = { ...ownNeed, gridId: 8 };
  const noGridNeed = { ...ownNeed, gridId: null };

  it("keeps their own grid's needs only, with the residents' contacts they collected", () => {
    expect(canManageNeed(gridWorker, ownGridNeed)).toBe(true);
    expect(canSeeNeedContact(gridWorker, ownGridNeed)).toBe(true);
    for (const need of [otherGridNeed, noGridNeed, { ...neighbourNeed, gridId: 7 }]) {
      expect(canManageNeed(gridWorker, need)).toBe(false);
      expect(canSeeNeedContact(gridWorker, need)).toBe(false);
    }
  });

  it("reads the rest of their community's needs, and no other community's", () => {
    expect(canViewNeed(gridWorker, otherGridNeed)).toBe(true);
    expect(canViewNeed(gridWorker, { ...draftNeed, gridId: 8 })).toBe(true);
    expect(canViewNeed(gridWorker, neighbourNeed)).toBe(false);
  });

  it("is not a grid worker's without a grid (a half-configured account keeps nothing)", () => {
    const noGrid: Actor = { ...gridWorker, gridId: null };
    expect(canManageNeed(noGrid, noGridNeed)).toBe(false);
    expect(canCreateNeed(noGrid)).toBe(false);
    expect(canCreateNeed(gridWorker)).toBe(true);
  });
});

describe("needs", () => {
  it("lets only the owning community manage a need", () => {
    expect(canManageNeed(community, ownNeed)).toBe(true);
    expect(canManageNeed(community, neighbourNeed)).toBe(false);
    for (const actor of [unit, street, district, admin]) expect(canManageNeed(actor, ownNeed)).toBe(false);
  });

  it("shows a need to its community, its street, its district, and open ones to the street's units", () => {
    expect(canViewNeed(community, ownNeed)).toBe(true);
    expect(canViewNeed(community, neighbourNeed)).toBe(false);
    expect(canViewNeed(unit, ownNeed)).toBe(true);
    expect(canViewNeed(unit, draftNeed)).toBe(false);
    expect(canViewNeed(street, draftNeed)).toBe(true);
    expect(canViewNeed(otherStreet, ownNeed)).toBe(false);
    expect(canViewNeed(district, ownNeed)).toBe(true);
    expect(canViewNeed(otherDistrict, ownNeed)).toBe(false);
    expect(canViewNeed(admin, ownNeed)).toBe(false);
  });

  it("lets a unit read a need of a project it is a party to, in any status, without its contact", () => {
    // A draft project from a confirmed proposal: the need is matched, no longer open.
    const matched = { ...ownNeed, status: "matched" };
    const otherStreetNeed = { ...matched, streetId: 2, communityId: 30 };
    expect(canViewNeed(unit, matched)).toBe(false);
    const partyToDraft = { ...matched, partyUnitIds: [unit.unitId!] };
    expect(canViewNeed(unit, partyToDraft)).toBe(true);
    expect(canViewNeed(unit, { ...otherStreetNeed, partyUnitIds: [unit.unitId!] })).toBe(true);
    expect(canViewNeed(unit, { ...matched, partyUnitIds: [unit.unitId! + 1] })).toBe(false);
    expect(canSeeNeedContact(unit, partyToDraft)).toBe(false);
    // Party ids are about units: another role is not let in by them.
    expect(canViewNeed({ ...community, communityId: 99 }, { ...matched, partyUnitIds: [20] })).toBe(false);
  });

  it("keeps the private contact to the owning community and the units of an agreed project on it", () => {
    const agreedWithUnit = { ...ownNeed, agreedUnitIds: [unit.unitId!] };
    const agreedWithOther = { ...ownNeed, agreedUnitIds: [unit.unitId! + 1] };
    expect(canSeeNeedContact(community, ownNeed)).toBe(true);
    expect(canSeeNeedContact(community, neighbourNeed)).toBe(false);
    expect(canSeeNeedContact(unit, ownNeed)).toBe(false);
    expect(canSeeNeedContact(unit, agreedWithUnit)).toBe(true);
    expect(canSeeNeedContact(unit, agreedWithOther)).toBe(false);
    // Reviewers and the platform admin see a need's figures, never who to call, even with an agreed project.
    for (const actor of [street, otherStreet, district, otherDistrict, admin]) {
      expect(canSeeNeedContact(actor, ownNeed)).toBe(false);
      expect(canSeeNeedContact(actor, agreedWithUnit)).toBe(false);
    }
  });
});

describe("resources", () => {
  const own = { unitId: 20, streetId: 1, districtId: 100, status: "open" };
  const withdrawn = { ...own, status: "withdrawn" };
  it("lets only the owning unit manage a resource", () => {
    expect(canManageResource(unit, own)).toBe(true);
    expect(canManageResource({ ...unit, unitId: 21 }, own)).toBe(false);
    expect(canManageResource(community, own)).toBe(false);
  });
  it("shows open resources of the street to communities, all of them to reviewers", () => {
    expect(canViewResource(community, own)).toBe(true);
    expect(canViewResource(community, withdrawn)).toBe(false);
    expect(canViewResource(street, withdrawn)).toBe(true);
    expect(canViewResource(otherStreet, own)).toBe(false);
    expect(canViewResource({ ...unit, unitId: 21 }, own)).toBe(false);
  });
});
