/**
 * What a draft needs besides a form to be approved, at a meeting or by the street directly:
 * goals and a planned term (decision 031). Spread into createProject for a draft a test approves.
 */
export const APPROVABLE = {
  goals: "为社区老人每周提供一次上门服务",
  startDate: "2027-01-01",
  endDate: "2027-03-31",
} as const;
