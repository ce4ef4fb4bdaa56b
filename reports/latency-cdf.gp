# latency-cdf.gp — cumulative distribution of delivery latency: the share
# of recipients delivered within a given time, percentiles marked.
N = {{N}}
P50 = {{P50}}
P95 = {{P95}}
P99 = {{P99}}
set logscale x
set xtics ({{XTICS}})
set xlabel "latency (log scale)"
set ylabel "share of recipients delivered within"
set yrange [0:1.1]
set ytics ("0" 0, "25%%" 0.25, "50%%" 0.5, "75%%" 0.75, "95%%" 0.95, "100%%" 1)
if (N == 0) {
  set xrange [0.001:100]
  set label 1 "No recipient was delivered after the warm-up." at graph 0.5, 0.5 center
  plot NaN notitle
} else {
  set xrange [{{LATMIN}}:{{LATMAX}}]
  set label 1 {{P50_LABEL}} at P50, 0.50 point pt 7 ps 1.2 lc rgb "#2ca02c" offset {{P50_SIDE}} 1, -0.6 {{P50_SIDE_ALIGN}} front
  set label 2 {{P95_LABEL}} at P95, 0.95 point pt 7 ps 1.2 lc rgb "#ff7f0e" offset {{P95_SIDE}} 1, -1.1 {{P95_SIDE_ALIGN}} front
  set label 3 {{P99_LABEL}} at P99, 0.99 point pt 7 ps 1.2 lc rgb "#d62728" offset {{P99_SIDE}} 1, 0.9 {{P99_SIDE_ALIGN}} front
  plot "gnuplot/latency-cdf.dat" using 1:2 with steps lw 2 lc rgb "#1f77b4"
}
