"use client";
import { useWorkspaceTexts } from "@/lib/client/workspace-texts";

/**
 * Attached data (a flat map of strings) as a two-column description list; each key shows by its
 * configured label (`data-labels`) in the language shown, else as the key itself.
 */
export function AttachedData({ data, className }: { data: Record<string, string>; className: string }) {
  const { dataLabel } = useWorkspaceTexts();
  const entries = Object.entries(data);
  if (entries.length === 0) return null;
  return (
    <dl className={`grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 text-sm ${className}`}>
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-slate-500">{dataLabel(key)}</dt>
          <dd className="break-all">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
