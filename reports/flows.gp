# flows.gp — mean delivery latency of each [flow] of the topology.
N = {{N}}
{{NAMES}}
set style fill solid 0.6 noborder
set boxwidth 0.6
set ylabel "mean latency (s)"
set xrange [-0.6:N - 0.4]
set yrange [0:*]
set xtics rotate by -30 left
set offsets 0, 0, graph 0.12, 0
plot "gnuplot/flows.dat" using 1:2:xtic(NAMES[int($1) + 1]) with boxes lc rgb "#1f77b4", \
     "" using 1:2:(sprintf("%.3g s", $2)) with labels offset 0, 0.7 font ",9"
