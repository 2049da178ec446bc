import { describe, expect, it } from "vitest";
import { checkPhotos, detectImageType } from "~/models/records/photos.server";
import { PHOTO_MAX_BYTES } from "~/schemas/activity-record";
import { file, GIF, JPEG, jpegOfSize, PHP, PNG, WEBP } from "../integration/activity-records-fixtures";

describe("photo byte check", () => {
  it("recognises real JPEG, PNG and WebP images by their first bytes", () => {
    expect(detectImageType(JPEG)).toEqual({ mime: "image/jpeg", ext: "jpg" });
    expect(detectImageType(PNG)).toEqual({ mime: "image/png", ext: "png" });
    expect(detectImageType(WEBP)).toEqual({ mime: "image/webp", ext: "webp" });
  });

  it("refuses a PHP script, a GIF, a RIFF that is not WebP, truncated headers and nothing at all", () => {
    expect(detectImageType(PHP)).toBeNull();
    expect(detectImageType(GIF)).toBeNull();
    expect(detectImageType(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "))).toBeNull();
    expect(detectImageType(JPEG.subarray(0, 2))).toBeNull();
    expect(detectImageType(PNG.subarray(0, 7))).toBeNull();
    expect(detectImageType(new Uint8Array(0))).toBeNull();
  });

  it("judges by bytes, not by the name or the declared type, and names the refused file", async () => {
    const { photos, problems } = await checkPhotos([
      file(PHP, "x.jpg", "image/jpeg"),
      file(GIF, "动图.gif", "image/gif"),
      file(new Uint8Array(0), "空文件.png", "image/png"),
      file(PNG, "real-photo.txt", "text/plain"),
    ]);
    expect(problems).toEqual([
      "文件“x.jpg”不是 JPEG、PNG 或 WebP 图片，已拒收",
      "文件“动图.gif”不是 JPEG、PNG 或 WebP 图片，已拒收",
      "文件“空文件.png”不是 JPEG、PNG 或 WebP 图片，已拒收",
    ]);
    // A real PNG whose name says otherwise is still a PNG, and is stored as one.
    expect(photos).toHaveLength(1);
    expect(photos[0]).toMatchObject({ name: "real-photo.txt", type: { mime: "image/png", ext: "png" } });
  });

  it("allows 5 MB exactly and refuses one byte more, and more than nine photos", async () => {
    expect((await checkPhotos([file(jpegOfSize(PHOTO_MAX_BYTES), "刚好.jpg")])).problems).toEqual([]);
    expect((await checkPhotos([file(jpegOfSize(PHOTO_MAX_BYTES + 1), "太大.jpg")])).problems).toEqual([
      "照片“太大.jpg”超过 5 MB，请压缩后再上传",
    ]);
    const ten = Array.from({ length: 10 }, (_, i) => file(JPEG, `p${i}.jpg`));
    expect((await checkPhotos(ten)).problems).toContain("最多上传 9 张照片，您选择了 10 张");
  });
});
