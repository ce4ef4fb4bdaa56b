# queues.gp — queue length over time: the busiest queues of the run, by
# time-weighted mean length, one panel each (each with its own scale),
# named as Exchange System Manager names them: server › queue.  Each
# panel: a band from the lowest to the highest length between two samples,
# and the length at each sample as a step line.
N = {{N}}
ROWS = {{ROWS}}
{{NAMES}}
set xdata time
set timefmt "%s"
set format x {{XFORMAT}} timedate
set xrange [XMIN:XMAX]
{{EVENTS}}
set lmargin 9
set rmargin 3
if (N == 0) {
  set yrange [0:1]
  set label 1 "No recipient was in a queue at any sample." at graph 0.5, 0.5 center
  plot NaN notitle
} else {
  unset title
  set multiplot layout ROWS, 2 title {{TITLE}} font ",12"
  set yrange [0:*]
  set ylabel "messages" offset 1, 0
  set tics font ",9"
  do for [i=1:N] {
    set title NAMES[i] font ",10" offset 0, -0.5
    plot "gnuplot/queues.dat" index (i - 1) using (($3 + $1) / 2):(($4 + $5) / 2):3:1:4:5 \
           with boxxyerror fs solid 0.25 noborder lc rgb "#9ab8d6" notitle, \
         "" index (i - 1) using 1:2 with steps lt i lw 1.5 notitle
  }
  unset multiplot
}
