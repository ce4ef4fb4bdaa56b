# bandwidth.gp — one connector's throughput in kbit/s against its
# configured bandwidth, with the 50–80% and 80–100% utilisation bands.
BW = {{BANDWIDTH}}
set xdata time
set timefmt "%s"
set format x {{XFORMAT}} timedate
set xrange [XMIN:XMAX]
set ylabel "kbit/s"
set yrange [0:BW * 1.1]
set key outside bottom center horizontal width 2 samplen 2
set style fill transparent solid 0.35 noborder
plot "gnuplot/{{NAME}}.dat" using 1:(BW * 0.5):(BW * 0.8) with filledcurves lc rgb "#fee08b" title "50–80% of the bandwidth", \
     "" using 1:(BW * 0.8):(BW) with filledcurves lc rgb "#fc8d59" title "80–100%", \
     BW with lines lw 1.5 dt 2 lc rgb "#555555" title {{BANDWIDTH_TITLE}}, \
     "" using 1:2 with lines lw 1.5 lt 1 title "kbit/s carried"
