# map.gp — the topology: routing groups placed by an igraph layout
# (Kamada-Kawai), connectors as arrows from the owning group, coloured by
# utilisation, dashed when the connector was DOWN at some time of the run.
N = {{N}}
{{NAMES}}
{{EDGE_NAMES}}
R = {{RADIUS}}
unset border
unset xtics
unset ytics
set grid noxtics noytics
set size ratio -1
set xrange [0:{{ASPECT}}]
set yrange [0:1]
set logscale cb
set cbrange [0.1:100]
set cbtics ("0.1%%" 0.1, "1%%" 1, "10%%" 10, "100%%" 100)
set cblabel "connector utilisation (log scale)"
set palette defined (0 "#2c7bb6", 0.33 "#abd9e9", 0.6 "#fdae61", 1 "#d7191c")
set bmargin 4
set key at screen 0.02, screen 0.02 left bottom horizontal maxrows 1 samplen 3 font ",9"
set style fill solid 1.0 border lc rgb "#333333"
plot "gnuplot/map.dat" index 0 using 1:2:3:4:5 with vectors head filled size screen 0.009,20 lw 2 lc palette title "connector", \
     "" index 1 using 1:2:3:4:5 with vectors head filled size screen 0.009,20 lw 2 dt 2 lc palette title "DOWN at some time of the run", \
     "" index 2 using 1:2:3 with circles lc rgb "#f0f0f0" title "routing group (size: servers)", \
     "" index 3 using 1:2 with points pt 5 ps 1.6 lc rgb "#777777" title "address space", \
     "" index 2 using 1:($2 - $3):(NAMES[int($4) + 1]) with labels offset 0, -0.8 font ",{{FONT}}", \
     "" index 3 using 1:2:(NAMES[int($3) + 1]) with labels offset 0, -1.2 font ",{{FONT}}", \
     "" index 4 using 1:2:(EDGE_NAMES[int($3) + 1]) with labels font ",7" tc rgb "#666666"
