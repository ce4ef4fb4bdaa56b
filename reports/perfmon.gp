# perfmon.gp — one server's SMTP Server counters as Performance Monitor
# shows them: rates (left axis) and queue lengths (right axis).
set xdata time
set timefmt "%s"
set format x {{XFORMAT}} timedate
set xrange [XMIN:XMAX]
set ylabel "messages per second"
set y2label "messages queued"
set yrange [0:*]
set y2range [0:*]
set y2tics nomirror out scale 0.6
set key outside bottom center horizontal maxrows 2 width 2 samplen 2
plot "gnuplot/{{NAME}}.dat" using 1:2 with lines lw 1.5 lt 1 title "Messages Delivered/sec", \
     "" using 1:3 with lines lw 1.5 lt 3 title "Messages Sent/sec", \
     "" using 1:4 with lines lw 1.5 lt 4 title "Messages Received/sec", \
     "" using 1:5 axes x1y2 with steps lw 1.5 lt 5 dt 2 title "Local Queue Length", \
     "" using 1:6 axes x1y2 with steps lw 1.5 lt 2 dt 2 title "Remote Queue Length", \
     "" using 1:7 axes x1y2 with steps lw 1 lt 6 dt 3 title "Remote Retry Queue Length", \
     "" using 1:8 axes x1y2 with steps lw 1.5 lt 8 dt 2 title "Categorizer Queue Length"
