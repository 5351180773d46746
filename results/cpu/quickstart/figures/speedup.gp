# speedup.gp - speedup over the dense baseline vs context length
# Written by `msabench plot` from results/cpu/quickstart/results.csv; the data is speedup.dat beside this file.
# Rebuild in this directory: gnuplot speedup.gp   (or gnuplot -e 'fmts="png"' speedup.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title "Speedup over dense attention  -  AMD EPYC\nbaseline: fastest flash of the same backend and point"
set xlabel "context length N (tokens)"
set ylabel "speedup over flash (x)"
set logscale x 2
set xrange [409.6:10240]
unset mxtics
set xtics ("512" 512, "1K" 1024, "2K" 2048, "4K" 4096, "8K" 8192)
unset logscale y
set yrange [0:*]
set format y "%gx"
set yrange [0:1.10135718]
set key inside top left Left reverse noautotitle spacing 1.1 box lc rgb "#cccccc" opaque
set style line 1 lc rgb "#7f7f7f" lw 2 dt 3 pt 11
set style line 2 lc rgb "#2ca02c" lw 2 dt 3 pt 9
set style line 3 lc rgb "#7f7f7f" lw 2 dt 2 pt 11
set style line 4 lc rgb "#2ca02c" lw 2 dt 2 pt 9
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 6.00in,4.00in linewidth 0.6
    set output "speedup.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 900,600 linewidth 1
    set output "speedup.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 720,480 dynamic background "white" linewidth 1
    set output "speedup.svg"; small = ",9"; set pointsize 1
  }
  plot 'speedup.dat' index 0 using 1:2 with linespoints ls 1 title "full/ref/loops", \
    'speedup.dat' index 1 using 1:2 with linespoints ls 2 title "gqa/ref/loops", \
    'speedup.dat' index 2 using 1:2 with linespoints ls 3 title "full/cpu/materialized", \
    'speedup.dat' index 3 using 1:2 with linespoints ls 4 title "gqa/cpu/materialized", \
    1 with lines lc rgb "#000000" lw 1.5 dt 2 title "break-even (1x)"
  set output
}
