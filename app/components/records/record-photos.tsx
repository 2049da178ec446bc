/** Thumbnails (the stored image, scaled by the browser) that open the full-size photo. */
export function RecordPhotos({ photos }: { photos: { id: number; bytes: number }[] }) {
  if (photos.length === 0) return <p className="muted">没有上传照片。</p>;
  return (
    <ul className="record-photos" aria-label="活动照片">
      {photos.map((p, i) => (
        <li key={p.id}>
          <a href={`/records/photos/${p.id}`} target="_blank" rel="noreferrer" title="查看原图">
            <img src={`/records/photos/${p.id}`} alt={`活动照片 ${i + 1}`} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}
