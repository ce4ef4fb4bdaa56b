# compare-queues.gp — recipients queued over time, all queues of all
# servers together, of run A and run B on one axis.  Data: index 0 is A,
# index 1 is B (the run's clock, recipients queued).
set xdata time
set timefmt "%s"
set format x {{XFORMAT}} timedate
set xrange [XMIN:XMAX]
set yrange [0:*]
set ylabel "recipients queued"
set key top right
plot "gnuplot/compare-queues.dat" index 0 using 1:2 with steps lw 2 lt 1 title {{LABEL_A}}, \
     "gnuplot/compare-queues.dat" index 1 using 1:2 with steps lw 2 lt 2 title {{LABEL_B}}
