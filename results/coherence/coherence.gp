set terminal pngcairo size 900,560 font ",10" noenhanced
set output "coherence.png"
set title "MSA speed against selection coherence (adjacent_overlap, SPEC 5.2)"
set xlabel "adjacent_overlap (share of a query's blocks its neighbour also selects)"
set ylabel "useful TFLOP/s"
set xrange [0:1.05]
set grid
set key off
plot "coherence.dat" using 4:8 with points pt 7 ps 1.4 lc rgb "#1f77b4", \
     "coherence.dat" using 4:8:(sprintf("%s N=%s", stringcolumn(1), stringcolumn(3))) with labels offset 0,1 font ",8"
