set terminal pngcairo size 1200,520 font ",10"
set output "budget.png"
set multiplot layout 1,2 title "Real attention (SmolLM2-135M, excerpt N = 2048, Bk = 64): recall against blocks selected k"
set logscale x 2
set xrange [3.5:36]
set xtics (4, 8, 16, 32)
set yrange [0.4:1.01]
set grid
set xlabel "blocks selected k (budget k x 64 tokens)"
set key bottom right font ",8"
set title "block recall"
plot "budget.dat" index 0 using 1:2 with linespoints lc rgb "#1f77b4" pt 6 dt 2 title "MSA training-free L03", \
     "budget.dat" index 1 using 1:2 with linespoints lc rgb "#2ca02c" pt 6  title "MSA fitted L03", \
     "budget.dat" index 2 using 1:2 with linespoints lc rgb "#9467bd" pt 6  title "BigBird L03", \
     "budget.dat" index 3 using 1:2 with linespoints lc rgb "#1f77b4" pt 8 dt 2 title "MSA training-free L14", \
     "budget.dat" index 4 using 1:2 with linespoints lc rgb "#2ca02c" pt 8  title "MSA fitted L14", \
     "budget.dat" index 5 using 1:2 with linespoints lc rgb "#9467bd" pt 8  title "BigBird L14", \
     "budget.dat" index 6 using 1:2 with linespoints lc rgb "#1f77b4" pt 4 dt 2 title "MSA training-free L26", \
     "budget.dat" index 7 using 1:2 with linespoints lc rgb "#2ca02c" pt 4  title "MSA fitted L26", \
     "budget.dat" index 8 using 1:2 with linespoints lc rgb "#9467bd" pt 4  title "BigBird L26"
set title "score recall"
plot "budget.dat" index 0 using 1:3 with linespoints lc rgb "#1f77b4" pt 6 dt 2 title "MSA training-free L03", \
     "budget.dat" index 1 using 1:3 with linespoints lc rgb "#2ca02c" pt 6  title "MSA fitted L03", \
     "budget.dat" index 2 using 1:3 with linespoints lc rgb "#9467bd" pt 6  title "BigBird L03", \
     "budget.dat" index 3 using 1:3 with linespoints lc rgb "#1f77b4" pt 8 dt 2 title "MSA training-free L14", \
     "budget.dat" index 4 using 1:3 with linespoints lc rgb "#2ca02c" pt 8  title "MSA fitted L14", \
     "budget.dat" index 5 using 1:3 with linespoints lc rgb "#9467bd" pt 8  title "BigBird L14", \
     "budget.dat" index 6 using 1:3 with linespoints lc rgb "#1f77b4" pt 4 dt 2 title "MSA training-free L26", \
     "budget.dat" index 7 using 1:3 with linespoints lc rgb "#2ca02c" pt 4  title "MSA fitted L26", \
     "budget.dat" index 8 using 1:3 with linespoints lc rgb "#9467bd" pt 4  title "BigBird L26"
unset multiplot
