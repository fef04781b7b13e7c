// One uPlot chart, made once and kept: new readings update its data in place (a zoom stays
// zoomed, the hover stays), it follows its box's width, percents read on a 0 to 100 scale, the
// monitor's warning and critical levels are drawn as dashed lines, and its colours come from the
// page's theme (light or dark).
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

import type { Levels } from "../generated/protocol";
import { html } from "../html";

export interface ChartProps {
  title: string;
  /** Unix seconds, oldest first, and the values at those times (null where none was read). */
  xs: number[];
  ys: (number | null)[];
  percent?: boolean;
  levels?: Levels;
  unit?: string;
}

const HEIGHT = 200;

function css(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

function useTheme(): string {
  const query = useMemo(() => matchMedia("(prefers-color-scheme: dark)"), []);
  const [dark, setDark] = useState(query.matches);
  useEffect(() => {
    const follow = () => setDark(query.matches);
    query.addEventListener("change", follow);
    return () => query.removeEventListener("change", follow);
  }, []);
  return dark ? "dark" : "light";
}

export function Chart({ title, xs, ys, percent = false, levels, unit = "" }: ChartProps) {
  const box = useRef<HTMLDivElement | null>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef({ levels, xs, ys });
  latest.current = { levels, xs, ys };
  const theme = useTheme();

  useEffect(() => {
    const target = box.current;
    if (!target) return;
    const line = (u: uPlot, value: number, color: string) => {
      const width = Math.max(1, Math.round(devicePixelRatio));
      // On a pixel's middle for an odd width: a crisp line, not two half-tinted rows.
      const y = Math.round(u.valToPos(value, "y", true)) + (width % 2) / 2;
      if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
      ctx.beginPath();
      ctx.moveTo(u.bbox.left, y);
      ctx.lineTo(u.bbox.left + u.bbox.width, y);
      ctx.stroke();
      ctx.restore();
    };
    const axis = { stroke: css("--muted"), grid: { stroke: css("--line"), width: 1 }, ticks: { stroke: css("--line"), width: 1 } };
    const made = new uPlot(
      {
        width: Math.max(200, target.clientWidth),
        height: HEIGHT,
        scales: {
          x: { time: true },
          y: percent
            ? { range: [0, 100] }
            : { range: (_u, _min, max) => [0, Math.max(max ?? 0, latest.current.levels?.critical ?? 0, 1) * 1.1] },
        },
        axes: [axis, { ...axis, values: (_u, values) => values.map((v) => `${v}${unit}`) }],
        series: [{}, { label: title, stroke: css("--chart-line"), width: 2, fill: css("--chart-fill"), spanGaps: false }],
        legend: { show: true },
        hooks: {
          draw: [
            (u) => {
              const current = latest.current.levels;
              if (!current) return;
              line(u, current.warning, css("--warning"));
              line(u, current.critical, css("--critical"));
            },
          ],
        },
      },
      [latest.current.xs, latest.current.ys],
      target,
    );
    plot.current = made;
    // The chart follows its box (the window resized, a phone turned, the sidebar opened).
    const resize = new ResizeObserver(() => {
      const width = Math.max(200, target.clientWidth);
      if (width !== made.width) made.setSize({ width, height: HEIGHT });
    });
    resize.observe(target);
    return () => {
      resize.disconnect();
      made.destroy();
      plot.current = null;
    };
  }, [theme, percent]);

  // New readings: the same chart, its data replaced; a zoomed-in view stays where it is.
  useEffect(() => {
    const made = plot.current;
    if (!made) return;
    const [oldXs] = made.data;
    const scale = made.scales.x;
    const zoomed =
      oldXs.length > 0 && scale && scale.min !== undefined && scale.max !== undefined && (scale.min > oldXs[0]! || scale.max < oldXs[oldXs.length - 1]!);
    made.setData([xs, ys], !zoomed);
  }, [xs, ys]);

  return html`<figure class="chart" data-chart=${title} aria-label=${title}>
    <figcaption>${title}</figcaption>
    <div class="chart-box" ref=${box}></div>
  </figure>`;
}
