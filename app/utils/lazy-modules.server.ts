/**
 * Libraries only a few requests need (workbooks, QR codes), loaded on first use: imported at
 * start-up they would add about 37 MB to every web process's resident memory, for pages most
 * processes never serve (decision 020, "Memory of the served process").
 */
export async function loadExcelJs() {
  return (await import("exceljs")).default;
}

export async function loadQrCode() {
  return (await import("qrcode")).default;
}
