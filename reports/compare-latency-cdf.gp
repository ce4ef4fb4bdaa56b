# compare-latency-cdf.gp — the cumulative distributions of delivery latency
# of run A and run B on one axis: the share of recipients delivered within
# a given time.  Data: index 0 is A, index 1 is B (upper bucket edge in
# seconds, share).
N_A = {{N_A}}
N_B = {{N_B}}
set logscale x
set format x "%g s"
set xlabel "latency (log scale)"
set ylabel "share of recipients delivered within"
set yrange [0:1.05]
set ytics ("0" 0, "25%%" 0.25, "50%%" 0.5, "75%%" 0.75, "95%%" 0.95, "100%%" 1)
set key bottom right
if (N_A == 0 && N_B == 0) {
  set xrange [0.001:100]
  set label 1 "Neither run delivered a recipient after the warm-up." at graph 0.5, 0.5 center
  plot NaN notitle
} else {
  set xrange [{{LATMIN}}:{{LATMAX}}]
  plot "gnuplot/compare-latency-cdf.dat" index 0 using 1:2 with steps lw 2 lt 1 title {{LABEL_A}}, \
       "gnuplot/compare-latency-cdf.dat" index 1 using 1:2 with steps lw 2 lt 2 title {{LABEL_B}}
}
