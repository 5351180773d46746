# recall_vs_topk.gp - Selection quality vs blocks selected
# Written by `msabench plot` from results/gpu/run9/frontier-131072/results.csv; the data is recall_vs_topk.dat beside this file.
# Rebuild in this directory: gnuplot recall_vs_topk.gp   (or gnuplot -e 'fmts="png"' recall_vs_topk.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set style line 1 lc rgb "#eb9394" lw 2 dt 1 pt 7
set style line 2 lc rgb "#eb9394" lw 2 dt 1 pt 6
set style line 3 lc rgb "#eb9394" lw 2 dt 1 pt 7
set style line 4 lc rgb "#801718" lw 2 dt 1 pt 7
set style line 5 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 6 lc rgb "#cab3de" lw 2 dt 2 pt 13
set style line 7 lc rgb "#593e71" lw 2 dt 2 pt 13
set style line 8 lc rgb "#8bdfe7" lw 2 dt 2 pt 9
set style line 9 lc rgb "#8bdfe7" lw 2 dt 2 pt 8
set style line 10 lc rgb "#0e727c" lw 2 dt 2 pt 9
set style line 11 lc rgb "#0e727c" lw 2 dt 2 pt 8
set style line 12 lc rgb "#f1bbe1" lw 2 dt 2 pt 7
set style line 13 lc rgb "#884774" lw 2 dt 2 pt 7
set style line 14 lc rgb "#c6aba5" lw 2 dt 2 pt 5
set style line 15 lc rgb "#54342d" lw 2 dt 2 pt 5
set style line 16 lc rgb "#bcbd22" lw 2 dt 2 pt 13
set xlabel 'blocks selected k'
set logscale x 2
set xrange [6.4:40]
unset mxtics
set xtics ("8" 8, "16" 16, "32" 32)
set yrange [0:1]
set ytics 0, 0.2, 1
set mytics 2
set format y "%.1f"
set grid xtics ytics mytics lc rgb "#dddddd" lw 1, lc rgb "#f0f0f0" lw 1
set pointsize 1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 11.05in,4.37in linewidth 0.6
    set output "recall_vs_topk.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1657,655 linewidth 1
    set output "recall_vs_topk.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1326,524 dynamic background "white" linewidth 1
    set output "recall_vs_topk.svg"; small = ",9"; set pointsize 1
  }
  unset label 900
  set multiplot title 'Selection quality vs blocks selected  -  NVIDIA H200'."\n".'N=128K, Hq=64, Hkv=4, d=128, structured, index noise 0.5, Bk=128'
  set lmargin at screen 0.0588
  set rmargin at screen 0.2443
  set tmargin at screen 0.8055
  set bmargin at screen 0.2105
  set ylabel 'block recall'
  set title 'block recall: |I* ∩ Î| / |I*|'
  set key off
  plot 'recall_vs_topk.dat' index 0 using 1:2 with linespoints ls 1 notitle, \
    'recall_vs_topk.dat' index 1 using 1:2 with linespoints ls 2 notitle, \
    'recall_vs_topk.dat' index 2 using 1:2 with linespoints ls 3 notitle, \
    'recall_vs_topk.dat' index 3 using 1:2 with linespoints ls 4 notitle, \
    'recall_vs_topk.dat' index 4 using 1:2 with linespoints ls 5 notitle, \
    'recall_vs_topk.dat' index 5 using 1:2 with linespoints ls 6 notitle, \
    'recall_vs_topk.dat' index 6 using 1:2 with linespoints ls 7 notitle, \
    'recall_vs_topk.dat' index 7 using 1:2 with linespoints ls 8 notitle, \
    'recall_vs_topk.dat' index 8 using 1:2 with linespoints ls 9 notitle, \
    'recall_vs_topk.dat' index 9 using 1:2 with linespoints ls 10 notitle, \
    'recall_vs_topk.dat' index 10 using 1:2 with linespoints ls 11 notitle, \
    'recall_vs_topk.dat' index 11 using 1:2 with linespoints ls 12 notitle, \
    'recall_vs_topk.dat' index 12 using 1:2 with linespoints ls 13 notitle, \
    'recall_vs_topk.dat' index 13 using 1:2 with linespoints ls 14 notitle, \
    'recall_vs_topk.dat' index 14 using 1:2 with linespoints ls 15 notitle, \
    'recall_vs_topk.dat' index 15 using 1:2 with linespoints ls 16 notitle
  set lmargin at screen 0.3077
  set rmargin at screen 0.4932
  set tmargin at screen 0.8055
  set bmargin at screen 0.2105
  set ylabel 'score recall'
  set title 'score recall: P(I* ∩ Î) / P(I*)'
  set key off
  plot 'recall_vs_topk.dat' index 0 using 1:3 with linespoints ls 1 notitle, \
    'recall_vs_topk.dat' index 1 using 1:3 with linespoints ls 2 notitle, \
    'recall_vs_topk.dat' index 2 using 1:3 with linespoints ls 3 notitle, \
    'recall_vs_topk.dat' index 3 using 1:3 with linespoints ls 4 notitle, \
    'recall_vs_topk.dat' index 4 using 1:3 with linespoints ls 5 notitle, \
    'recall_vs_topk.dat' index 5 using 1:3 with linespoints ls 6 notitle, \
    'recall_vs_topk.dat' index 6 using 1:3 with linespoints ls 7 notitle, \
    'recall_vs_topk.dat' index 7 using 1:3 with linespoints ls 8 notitle, \
    'recall_vs_topk.dat' index 8 using 1:3 with linespoints ls 9 notitle, \
    'recall_vs_topk.dat' index 9 using 1:3 with linespoints ls 10 notitle, \
    'recall_vs_topk.dat' index 10 using 1:3 with linespoints ls 11 notitle, \
    'recall_vs_topk.dat' index 11 using 1:3 with linespoints ls 12 notitle, \
    'recall_vs_topk.dat' index 12 using 1:3 with linespoints ls 13 notitle, \
    'recall_vs_topk.dat' index 13 using 1:3 with linespoints ls 14 notitle, \
    'recall_vs_topk.dat' index 14 using 1:3 with linespoints ls 15 notitle, \
    'recall_vs_topk.dat' index 15 using 1:3 with linespoints ls 16 notitle
  set lmargin at screen 0.5566
  set rmargin at screen 0.7421
  set tmargin at screen 0.8055
  set bmargin at screen 0.2105
  set ylabel 'mass coverage'
  set title 'mass coverage: P(Î): dense mass kept'
  set key at screen 0.7602, screen 0.8055 top left Left reverse noautotitle spacing 1.2 samplen 2.5
  set label 900 'skipped: msa cuda N=128K prefill (unsupported: msa cuda decode_fp8: prefill ab...)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,1
  plot 'recall_vs_topk.dat' index 0 using 1:4 with linespoints ls 1 title 'msa/cuda/decode_fp8 decode', \
    'recall_vs_topk.dat' index 1 using 1:4 with linespoints ls 2 title 'msa/cuda/kv_outer decode', \
    'recall_vs_topk.dat' index 2 using 1:4 with linespoints ls 3 title 'msa/cuda/q_outer decode', \
    'recall_vs_topk.dat' index 3 using 1:4 with linespoints ls 4 title 'msa/cuda/kv_outer prefill', \
    'recall_vs_topk.dat' index 4 using 1:4 with linespoints ls 5 title 'msa/cuda/q_outer prefill', \
    'recall_vs_topk.dat' index 5 using 1:4 with linespoints ls 6 title 'bigbird/cuda/q_outer decode', \
    'recall_vs_topk.dat' index 6 using 1:4 with linespoints ls 7 title 'bigbird/cuda/q_outer prefill', \
    'recall_vs_topk.dat' index 7 using 1:4 with linespoints ls 8 title 'dsa/cuda/tc decode', \
    'recall_vs_topk.dat' index 8 using 1:4 with linespoints ls 9 title 'dsa/cuda/tc_fp8 decode', \
    'recall_vs_topk.dat' index 9 using 1:4 with linespoints ls 10 title 'dsa/cuda/tc prefill', \
    'recall_vs_topk.dat' index 10 using 1:4 with linespoints ls 11 title 'dsa/cuda/tc_fp8 prefill', \
    'recall_vs_topk.dat' index 11 using 1:4 with linespoints ls 12 title 'moba/cuda/tc decode', \
    'recall_vs_topk.dat' index 12 using 1:4 with linespoints ls 13 title 'moba/cuda/tc prefill', \
    'recall_vs_topk.dat' index 13 using 1:4 with linespoints ls 14 title 'nsa/cuda/tc decode', \
    'recall_vs_topk.dat' index 14 using 1:4 with linespoints ls 15 title 'nsa/cuda/tc prefill', \
    'recall_vs_topk.dat' index 15 using 1:4 with linespoints ls 16 title 'quest/cuda/v1 decode'
  unset multiplot
  set output
}
