# throughput.gp — messages per minute over the busiest connectors,
# averaged over {{BIN}}.
N = {{N}}
{{NAMES}}
set xdata time
set timefmt "%s"
set format x {{XFORMAT}} timedate
set xrange [XMIN:XMAX]
{{EVENTS}}
set ylabel "messages per minute"
set key outside bottom center horizontal maxrows 4 width 2 samplen 2
if (N == 0) {
  set yrange [0:1]
  set label 1 "No connector carried a message." at graph 0.5, 0.5 center
  plot NaN notitle
} else {
  set yrange [0:*]
  plot for [i=1:N] "gnuplot/throughput.dat" index (i - 1) using 1:2 with lines lw 1.5 title NAMES[i]
}
