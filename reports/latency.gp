# latency.gp — histogram of delivery latency (submission to store
# delivery, per recipient), binned per tenth of a decade, with the
# percentiles of summary.json marked.
N = {{N}}
P50 = {{P50}}
P95 = {{P95}}
P99 = {{P99}}
set logscale x
set xtics ({{XTICS}})
set xlabel "latency (log scale)"
set ylabel "recipients delivered"
set style fill solid 0.55 noborder
if (N == 0) {
  set xrange [0.001:100]
  set yrange [0:1]
  set label 1 "No recipient was delivered after the warm-up." at graph 0.5, 0.5 center
  plot NaN notitle
} else {
  set xrange [{{LATMIN}}:{{LATMAX}}]
  set yrange [0:*]
  set arrow 1 from P50, graph 0 to P50, graph 1 nohead dt 2 lw 1.5 lc rgb "#2ca02c" front
  set arrow 2 from P95, graph 0 to P95, graph 1 nohead dt 2 lw 1.5 lc rgb "#ff7f0e" front
  set arrow 3 from P99, graph 0 to P99, graph 1 nohead dt 2 lw 1.5 lc rgb "#d62728" front
  set label 1 {{P50_LABEL}} at P50, graph 0.97 offset {{P50_SIDE}} 0.8, 0 {{P50_SIDE_ALIGN}} front tc rgb "#2ca02c"
  set label 2 {{P95_LABEL}} at P95, graph 0.90 offset {{P95_SIDE}} 0.8, 0 {{P95_SIDE_ALIGN}} front tc rgb "#ff7f0e"
  set label 3 {{P99_LABEL}} at P99, graph 0.83 offset {{P99_SIDE}} 0.8, 0 {{P99_SIDE_ALIGN}} front tc rgb "#d62728"
  plot "gnuplot/latency.dat" using (sqrt($1 * $2)):3:1:2:(0):3 with boxxyerror lc rgb "#1f77b4"
}
