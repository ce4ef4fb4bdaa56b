# link-state.gp — top: when each connector went DOWN and UP (and changed
# cost) in its routing group master's view; bottom: how long after each
# change every routing group learned it.
NROWS = {{NROWS}}
NCHANGES = {{NCHANGES}}
{{ROW_NAMES}}
{{CHANGE_NAMES}}
if (NROWS == 0) {
  set xrange [0:1]
  set yrange [0:1]
  unset xtics
  unset ytics
  set border 0
  set grid noxtics noytics
  set label 1 "No connector changed state or cost during the run." at graph 0.5, 0.5 center
  plot NaN notitle
} else {
  set multiplot
  set origin 0, {{BOTTOM_SIZE}}
  set size 1, {{TOP_SIZE}}
  set lmargin {{LMARGIN}}
  set rmargin 22
  set xdata time
  set timefmt "%s"
  set format x {{XFORMAT}} timedate
  set xrange [XMIN:XMAX]
{{EVENTS}}
  set yrange [NROWS - 0.5:-0.5]
  set ytics () font ",9"
  do for [i=1:NROWS] { set ytics add (ROW_NAMES[i] i - 1) }
  set grid xtics noytics
  set key outside right top vertical samplen 1 font ",9"
  plot "gnuplot/link-state.dat" index 0 using 1:2:3:(0) with vectors nohead lw 9 lc rgb "#d62728" title "DOWN", \
       "" index 1 using 1:2 with points pt 9 ps 1.4 lc rgb "#d62728" title "marked DOWN", \
       "" index 2 using 1:2 with points pt 11 ps 1.4 lc rgb "#2ca02c" title "marked UP", \
       "" index 3 using 1:2 with points pt 13 ps 1.2 lc rgb "#1f77b4" title "cost changed"
  unset title
  unset object
  unset arrow
  unset label
  set origin 0, 0
  set size 1, {{BOTTOM_SIZE}}
  set xdata
  set format x "%g"
  set xrange [0:*]
  set xlabel "seconds after the change until the routing group's master took it in"
  set yrange [NCHANGES - 0.5:-0.5]
  set ytics () font ",9"
  do for [i=1:NCHANGES] { set ytics add (CHANGE_NAMES[i] i - 1) }
  set grid xtics ytics
  set key off
  set offsets 0, graph 0.05, 0, 0
  plot "gnuplot/link-state.dat" index 4 using 1:2 with points pt 7 ps 0.9 lc rgb "#1f77b4"
  unset multiplot
}
