# counts.gp — recipients over time: delivered and returned with an NDR
# (cumulative), and in flight (queued or in transfer) at each sample.
set xdata time
set timefmt "%s"
set format x {{XFORMAT}} timedate
set xrange [XMIN:XMAX]
{{EVENTS}}
set multiplot layout 2, 1
set ylabel "recipients (cumulative)"
set y2label "NDRs (cumulative)"
set y2tics
set ytics nomirror
set yrange [0:*]
set y2range [0:*]
set key inside top left
plot "gnuplot/counts.dat" using 1:2 with lines lw 2 lc rgb "#aaaaaa" title "generated", \
     "" using 1:3 with lines lw 2 lc rgb "#2ca02c" title "delivered", \
     "" using 1:4 axes x1y2 with lines lw 2 lc rgb "#d62728" title "NDR (right axis)"
unset title
unset y2tics
unset y2label
set ylabel "recipients in flight"
plot "gnuplot/counts.dat" using 1:5 with filledcurves y1=0 fs solid 0.35 lc rgb "#1f77b4" title "in flight", \
     "" using 1:5 with lines lw 1.5 lc rgb "#1f77b4"
unset multiplot
