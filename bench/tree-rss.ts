// Peak RSS of a process and all its descendants (render processes, writer threads are inside
// the main one), sampled from /proc: Node reports only a process's own peak, and a build's
// memory now spans several processes.
import { readFileSync } from "node:fs";

function descendants(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    let children = "";
    try {
      for (const task of readFileSync(`/proc/${all[i]}/task/${all[i]}/children`, "utf8").split(" "))
        if (task.trim()) children += ` ${task}`;
    } catch {
      continue;
    }
    for (const c of children.trim().split(/\s+/)) if (c) all.push(Number(c));
  }
  return all;
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Samples the tree under `pid` every `everyMs` until stopped; returns the peak sum in KiB. */
export function watchTreeRss(pid: number, everyMs = 20): { stop: () => number } {
  let peak = 0;
  const timer = setInterval(() => {
    const sum = descendants(pid).reduce((n, p) => n + rssKb(p), 0);
    if (sum > peak) peak = sum;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
