set terminal pngcairo size 1000,520 font ",10"
set output "by_layer.png"
set title "MSA index on real attention: SmolLM2-135M, N = 8192, Bk = 128, k = 16, held-out rows"
set xlabel "layer"
set ylabel "recall"
set yrange [0.4:1.02]
set key bottom right font ",9"
set grid
set style rect fc rgb "#dddddd" fs solid 0.5 noborder
set object 1 rect from graph 0, first 0.70 to graph 1, first 0.75 behind
set object 2 rect from graph 0, first 0.90 to graph 1, first 0.94 behind
plot "by_layer.dat" using 1:2 with linespoints lc rgb "#1f77b4" dt 2 pt 6 title "block recall, training-free", \
     "by_layer.dat" using 1:3 with linespoints lc rgb "#1f77b4" pt 7 title "block recall, fitted", \
     "by_layer.dat" using 1:4 with linespoints lc rgb "#d62728" dt 2 pt 4 title "score recall, training-free", \
     "by_layer.dat" using 1:5 with linespoints lc rgb "#d62728" pt 5 title "score recall, fitted", \
     "by_layer.dat" using 1:8 with linespoints lc rgb "#9467bd" dt 3 pt 2 title "block recall, BigBird (same k)", \
     "by_layer.dat" using 1:9 with linespoints lc rgb "#9467bd" dt 4 pt 3 title "score recall, BigBird (same k)", \
     NaN with boxes fs solid 0.5 fc rgb "#dddddd" title "paper, trained MSA: block 0.70-0.75, score 0.90-0.94"
