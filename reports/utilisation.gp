# utilisation.gp — utilisation of the busiest connectors over time: the
# share of each sample interval in which the connector carried a transfer.
N = {{N}}
{{NAMES}}
set xdata time
set timefmt "%s"
set format x {{XFORMAT}} timedate
set xrange [XMIN:XMAX]
{{EVENTS}}
set grid noxtics noytics
set cbrange [0:100]
set cblabel "utilisation (%)"
set palette defined (0 "#f7fbff", 5 "#c6dbef", 20 "#fee08b", 50 "#fc8d59", 80 "#d73027", 100 "#67001f")
set tics front
if (N == 0) {
  set yrange [0:1]
  unset ytics
  unset colorbox
  set label 1 "No connector in this topology." at graph 0.5, 0.5 center
  plot NaN notitle
} else {
  set yrange [N - 0.5:-0.5]
  set ytics () font ",9"
  do for [i=1:N] { set ytics add (NAMES[i] i - 1) }
  plot "gnuplot/utilisation.dat" using 1:2:3 with image pixels
}
