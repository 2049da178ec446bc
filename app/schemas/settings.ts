import { z } from "zod";
import type { SettingKey } from "~/models/platform/settings.server";

export interface SettingRange {
  label: string;
  min: number;
  max: number;
}

/**
 * /admin/settings: every setting a whole number of days within its range. The ranges live with the
 * settings (SETTING_DEFINITIONS, a server module): the loader hands them to the page, so the browser
 * and the server validate with the same schema.
 */
export function settingsFormSchema(ranges: Record<SettingKey, SettingRange>) {
  const days = ({ label, min, max }: SettingRange) => {
    const range = `“${label}”须为 ${min} 到 ${max} 之间的整数`;
    return z
      .number({ required_error: `请填写“${label}”`, invalid_type_error: `“${label}”须为数字` })
      .int(range)
      .min(min, range)
      .max(max, range);
  };
  return z.object({
    escalation_days: days(ranges.escalation_days),
    meeting_interval_days: days(ranges.meeting_interval_days),
    agreement_reminder_days: days(ranges.agreement_reminder_days),
  });
}
