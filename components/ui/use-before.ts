"use client";
import { useEffect, useState } from "react";

/**
 * Whether this browser's time is still before `deadline` (ms since the epoch, 0 for none); the
 * component renders again once when it passes, so what it shows until then goes by itself.
 */
export function useBefore(deadline: number): boolean {
  const [, passed] = useState(0);
  const before = deadline > Date.now();
  useEffect(() => {
    if (!before) return;
    const timer = setTimeout(() => passed((n) => n + 1), deadline - Date.now() + 1);
    return () => clearTimeout(timer);
  }, [deadline, before]);
  return before;
}
