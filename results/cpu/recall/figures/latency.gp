# latency.gp - median latency vs context length
# Written by `msabench plot` from results/cpu/recall/results.csv; the data is latency.dat beside this file.
# Rebuild in this directory: gnuplot latency.gp   (or gnuplot -e 'fmts="png"' latency.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title "Latency vs context length  -  AMD EPYC\nmedian; bars: p20-p80"
set xlabel "context length N (tokens)"
set ylabel "time per call (ms)"
set logscale x 2
set xrange [2048:8192]
unset mxtics
set xtics ("4K" 4096)
set logscale y 10
set format y "%g"
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 2 lc rgb "#9467bd" lw 2 dt 2 pt 13
set style line 3 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 4 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 5 lc rgb "#d62728" lw 2 dt 3 pt 6
set style line 6 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 7 lc rgb "#d62728" lw 2 dt 4 pt 7
set style line 8 lc rgb "#d62728" lw 2 dt 4 pt 6
set style line 9 lc rgb "#d62728" lw 2 dt 5 pt 7
set style line 10 lc rgb "#9467bd" lw 2 dt 3 pt 13
set style line 11 lc rgb "#d62728" lw 2 dt 5 pt 6
set style line 12 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 13 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 14 lc rgb "#9467bd" lw 2 dt 3 pt 12
set style line 15 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 16 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 17 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 18 lc rgb "#9467bd" lw 2 dt 4 pt 13
set style line 19 lc rgb "#d62728" lw 2 dt 3 pt 6
set style line 20 lc rgb "#d62728" lw 2 dt 4 pt 7
set style line 21 lc rgb "#d62728" lw 2 dt 4 pt 6
set style line 22 lc rgb "#9467bd" lw 2 dt 4 pt 12
set style line 23 lc rgb "#d62728" lw 2 dt 5 pt 7
set style line 24 lc rgb "#d62728" lw 2 dt 5 pt 6
set style line 25 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 26 lc rgb "#9467bd" lw 2 dt 5 pt 13
set style line 27 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 28 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 29 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 30 lc rgb "#9467bd" lw 2 dt 5 pt 12
set style line 31 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 32 lc rgb "#d62728" lw 2 dt 3 pt 6
set style line 33 lc rgb "#d62728" lw 2 dt 4 pt 7
set style line 34 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 35 lc rgb "#d62728" lw 2 dt 4 pt 6
set style line 36 lc rgb "#d62728" lw 2 dt 5 pt 7
set style line 37 lc rgb "#d62728" lw 2 dt 5 pt 6
set style line 38 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 39 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 40 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 41 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 42 lc rgb "#9467bd" lw 2 dt 2 pt 13
set style line 43 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 44 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 45 lc rgb "#d62728" lw 2 dt 3 pt 6
set style line 46 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 47 lc rgb "#d62728" lw 2 dt 4 pt 7
set style line 48 lc rgb "#d62728" lw 2 dt 4 pt 6
set style line 49 lc rgb "#d62728" lw 2 dt 5 pt 7
set style line 50 lc rgb "#9467bd" lw 2 dt 3 pt 13
set style line 51 lc rgb "#d62728" lw 2 dt 5 pt 6
set style line 52 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 53 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 54 lc rgb "#9467bd" lw 2 dt 3 pt 12
set style line 55 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 56 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 57 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 58 lc rgb "#9467bd" lw 2 dt 4 pt 13
set style line 59 lc rgb "#d62728" lw 2 dt 3 pt 6
set style line 60 lc rgb "#d62728" lw 2 dt 4 pt 7
set style line 61 lc rgb "#d62728" lw 2 dt 4 pt 6
set style line 62 lc rgb "#9467bd" lw 2 dt 4 pt 12
set style line 63 lc rgb "#d62728" lw 2 dt 5 pt 7
set style line 64 lc rgb "#d62728" lw 2 dt 5 pt 6
set style line 65 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 66 lc rgb "#9467bd" lw 2 dt 5 pt 13
set style line 67 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 68 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 69 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 70 lc rgb "#9467bd" lw 2 dt 5 pt 12
set style line 71 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 72 lc rgb "#d62728" lw 2 dt 3 pt 6
set style line 73 lc rgb "#d62728" lw 2 dt 4 pt 7
set style line 74 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 75 lc rgb "#d62728" lw 2 dt 4 pt 6
set style line 76 lc rgb "#d62728" lw 2 dt 5 pt 7
set style line 77 lc rgb "#d62728" lw 2 dt 5 pt 6
set style line 78 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 79 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 80 lc rgb "#d62728" lw 2 dt 1 pt 6
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.95in,4.00in linewidth 0.6
    set output "latency.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1342,600 linewidth 1
    set output "latency.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1073,480 dynamic background "white" linewidth 1
    set output "latency.svg"; small = ",9"; set pointsize 1
  }
  plot 'latency.dat' index 0 using 1:2:3:4 with yerrorlines ls 1 title "msa/cpu/blas Bk=32 k=4 noise=0", \
    'latency.dat' index 1 using 1:2:3:4 with yerrorlines ls 2 title "bigbird/cpu/blas Bk=32 w=2 g=1 r=1", \
    'latency.dat' index 2 using 1:2:3:4 with yerrorlines ls 3 title "msa/cpu/blas Bk=32 k=4 noise=1", \
    'latency.dat' index 3 using 1:2:3:4 with yerrorlines ls 4 title "msa/cpu/blas Bk=32 k=4 noise=4", \
    'latency.dat' index 4 using 1:2:3:4 with yerrorlines ls 5 title "msa/cpu/blas Bk=32 k=8 noise=0", \
    'latency.dat' index 5 using 1:2:3:4 with yerrorlines ls 6 title "bigbird/cpu/blas Bk=32 w=3 g=2 r=3", \
    'latency.dat' index 6 using 1:2:3:4 with yerrorlines ls 7 title "msa/cpu/blas Bk=32 k=8 noise=1", \
    'latency.dat' index 7 using 1:2:3:4 with yerrorlines ls 8 title "msa/cpu/blas Bk=32 k=8 noise=4", \
    'latency.dat' index 8 using 1:2:3:4 with yerrorlines ls 9 title "msa/cpu/blas Bk=32 k=16 noise=0", \
    'latency.dat' index 9 using 1:2:3:4 with yerrorlines ls 10 title "bigbird/cpu/blas Bk=32 w=3 g=2 r=11", \
    'latency.dat' index 10 using 1:2:3:4 with yerrorlines ls 11 title "msa/cpu/blas Bk=32 k=16 noise=1", \
    'latency.dat' index 11 using 1:2:3:4 with yerrorlines ls 12 title "msa/cpu/blas Bk=32 k=16 noise=4", \
    'latency.dat' index 12 using 1:2:3:4 with yerrorlines ls 13 title "msa/cpu/blas Bk=32 k=32 noise=0", \
    'latency.dat' index 13 using 1:2:3:4 with yerrorlines ls 14 title "bigbird/cpu/blas Bk=32 w=3 g=2 r=27", \
    'latency.dat' index 14 using 1:2:3:4 with yerrorlines ls 15 title "msa/cpu/blas Bk=32 k=32 noise=1", \
    'latency.dat' index 15 using 1:2:3:4 with yerrorlines ls 16 title "msa/cpu/blas Bk=32 k=32 noise=4", \
    'latency.dat' index 16 using 1:2:3:4 with yerrorlines ls 17 title "msa/cpu/blas Bk=32 k=64 noise=0", \
    'latency.dat' index 17 using 1:2:3:4 with yerrorlines ls 18 title "bigbird/cpu/blas Bk=32 w=3 g=2 r=59", \
    'latency.dat' index 18 using 1:2:3:4 with yerrorlines ls 19 title "msa/cpu/blas Bk=32 k=64 noise=1", \
    'latency.dat' index 19 using 1:2:3:4 with yerrorlines ls 20 title "msa/cpu/blas Bk=32 k=64 noise=4", \
    'latency.dat' index 20 using 1:2:3:4 with yerrorlines ls 21 title "msa/cpu/blas Bk=64 k=4 noise=0", \
    'latency.dat' index 21 using 1:2:3:4 with yerrorlines ls 22 title "bigbird/cpu/blas Bk=64 w=2 g=1 r=1", \
    'latency.dat' index 22 using 1:2:3:4 with yerrorlines ls 23 title "msa/cpu/blas Bk=64 k=4 noise=1", \
    'latency.dat' index 23 using 1:2:3:4 with yerrorlines ls 24 title "msa/cpu/blas Bk=64 k=4 noise=4", \
    'latency.dat' index 24 using 1:2:3:4 with yerrorlines ls 25 title "msa/cpu/blas Bk=64 k=8 noise=0", \
    'latency.dat' index 25 using 1:2:3:4 with yerrorlines ls 26 title "bigbird/cpu/blas Bk=64 w=3 g=2 r=3", \
    'latency.dat' index 26 using 1:2:3:4 with yerrorlines ls 27 title "msa/cpu/blas Bk=64 k=8 noise=1", \
    'latency.dat' index 27 using 1:2:3:4 with yerrorlines ls 28 title "msa/cpu/blas Bk=64 k=8 noise=4", \
    'latency.dat' index 28 using 1:2:3:4 with yerrorlines ls 29 title "msa/cpu/blas Bk=64 k=16 noise=0", \
    'latency.dat' index 29 using 1:2:3:4 with yerrorlines ls 30 title "bigbird/cpu/blas Bk=64 w=3 g=2 r=11", \
    'latency.dat' index 30 using 1:2:3:4 with yerrorlines ls 31 title "msa/cpu/blas Bk=64 k=16 noise=1", \
    'latency.dat' index 31 using 1:2:3:4 with yerrorlines ls 32 title "msa/cpu/blas Bk=64 k=16 noise=4", \
    'latency.dat' index 32 using 1:2:3:4 with yerrorlines ls 33 title "msa/cpu/blas Bk=64 k=32 noise=0", \
    'latency.dat' index 33 using 1:2:3:4 with yerrorlines ls 34 title "bigbird/cpu/blas Bk=64 w=3 g=2 r=27", \
    'latency.dat' index 34 using 1:2:3:4 with yerrorlines ls 35 title "msa/cpu/blas Bk=64 k=32 noise=1", \
    'latency.dat' index 35 using 1:2:3:4 with yerrorlines ls 36 title "msa/cpu/blas Bk=64 k=32 noise=4", \
    'latency.dat' index 36 using 1:2:3:4 with yerrorlines ls 37 title "msa/cpu/blas Bk=64 k=64 noise=0", \
    'latency.dat' index 37 using 1:2:3:4 with yerrorlines ls 38 title "bigbird/cpu/blas Bk=64 w=3 g=2 r=59", \
    'latency.dat' index 38 using 1:2:3:4 with yerrorlines ls 39 title "msa/cpu/blas Bk=64 k=64 noise=1", \
    'latency.dat' index 39 using 1:2:3:4 with yerrorlines ls 40 title "msa/cpu/blas Bk=64 k=64 noise=4", \
    'latency.dat' index 40 using 1:2:3:4 with yerrorlines ls 41 title "msa/cpu/blas Bk=128 k=4 noise=0", \
    'latency.dat' index 41 using 1:2:3:4 with yerrorlines ls 42 title "bigbird/cpu/blas Bk=128 w=2 g=1 r=1", \
    'latency.dat' index 42 using 1:2:3:4 with yerrorlines ls 43 title "msa/cpu/blas Bk=128 k=4 noise=1", \
    'latency.dat' index 43 using 1:2:3:4 with yerrorlines ls 44 title "msa/cpu/blas Bk=128 k=4 noise=4", \
    'latency.dat' index 44 using 1:2:3:4 with yerrorlines ls 45 title "msa/cpu/blas Bk=128 k=8 noise=0", \
    'latency.dat' index 45 using 1:2:3:4 with yerrorlines ls 46 title "bigbird/cpu/blas Bk=128 w=3 g=2 r=3", \
    'latency.dat' index 46 using 1:2:3:4 with yerrorlines ls 47 title "msa/cpu/blas Bk=128 k=8 noise=1", \
    'latency.dat' index 47 using 1:2:3:4 with yerrorlines ls 48 title "msa/cpu/blas Bk=128 k=8 noise=4", \
    'latency.dat' index 48 using 1:2:3:4 with yerrorlines ls 49 title "msa/cpu/blas Bk=128 k=16 noise=0", \
    'latency.dat' index 49 using 1:2:3:4 with yerrorlines ls 50 title "bigbird/cpu/blas Bk=128 w=3 g=2 r=11", \
    'latency.dat' index 50 using 1:2:3:4 with yerrorlines ls 51 title "msa/cpu/blas Bk=128 k=16 noise=1", \
    'latency.dat' index 51 using 1:2:3:4 with yerrorlines ls 52 title "msa/cpu/blas Bk=128 k=16 noise=4", \
    'latency.dat' index 52 using 1:2:3:4 with yerrorlines ls 53 title "msa/cpu/blas Bk=128 k=32 noise=0", \
    'latency.dat' index 53 using 1:2:3:4 with yerrorlines ls 54 title "bigbird/cpu/blas Bk=128 w=3 g=2 r=27", \
    'latency.dat' index 54 using 1:2:3:4 with yerrorlines ls 55 title "msa/cpu/blas Bk=128 k=32 noise=1", \
    'latency.dat' index 55 using 1:2:3:4 with yerrorlines ls 56 title "msa/cpu/blas Bk=128 k=32 noise=4", \
    'latency.dat' index 56 using 1:2:3:4 with yerrorlines ls 57 title "msa/cpu/blas Bk=128 k=64 noise=0", \
    'latency.dat' index 57 using 1:2:3:4 with yerrorlines ls 58 title "bigbird/cpu/blas Bk=128 w=3 g=2 r=59", \
    'latency.dat' index 58 using 1:2:3:4 with yerrorlines ls 59 title "msa/cpu/blas Bk=128 k=64 noise=1", \
    'latency.dat' index 59 using 1:2:3:4 with yerrorlines ls 60 title "msa/cpu/blas Bk=128 k=64 noise=4", \
    'latency.dat' index 60 using 1:2:3:4 with yerrorlines ls 61 title "msa/cpu/blas Bk=256 k=4 noise=0", \
    'latency.dat' index 61 using 1:2:3:4 with yerrorlines ls 62 title "bigbird/cpu/blas Bk=256 w=2 g=1 r=1", \
    'latency.dat' index 62 using 1:2:3:4 with yerrorlines ls 63 title "msa/cpu/blas Bk=256 k=4 noise=1", \
    'latency.dat' index 63 using 1:2:3:4 with yerrorlines ls 64 title "msa/cpu/blas Bk=256 k=4 noise=4", \
    'latency.dat' index 64 using 1:2:3:4 with yerrorlines ls 65 title "msa/cpu/blas Bk=256 k=8 noise=0", \
    'latency.dat' index 65 using 1:2:3:4 with yerrorlines ls 66 title "bigbird/cpu/blas Bk=256 w=3 g=2 r=3", \
    'latency.dat' index 66 using 1:2:3:4 with yerrorlines ls 67 title "msa/cpu/blas Bk=256 k=8 noise=1", \
    'latency.dat' index 67 using 1:2:3:4 with yerrorlines ls 68 title "msa/cpu/blas Bk=256 k=8 noise=4", \
    'latency.dat' index 68 using 1:2:3:4 with yerrorlines ls 69 title "msa/cpu/blas Bk=256 k=16 noise=0", \
    'latency.dat' index 69 using 1:2:3:4 with yerrorlines ls 70 title "bigbird/cpu/blas Bk=256 w=3 g=2 r=11", \
    'latency.dat' index 70 using 1:2:3:4 with yerrorlines ls 71 title "msa/cpu/blas Bk=256 k=16 noise=1", \
    'latency.dat' index 71 using 1:2:3:4 with yerrorlines ls 72 title "msa/cpu/blas Bk=256 k=16 noise=4", \
    'latency.dat' index 72 using 1:2:3:4 with yerrorlines ls 73 title "msa/cpu/blas Bk=256 k=32 noise=0", \
    'latency.dat' index 73 using 1:2:3:4 with yerrorlines ls 74 title "bigbird/cpu/blas Bk=256 w=3 g=2 r=27", \
    'latency.dat' index 74 using 1:2:3:4 with yerrorlines ls 75 title "msa/cpu/blas Bk=256 k=32 noise=1", \
    'latency.dat' index 75 using 1:2:3:4 with yerrorlines ls 76 title "msa/cpu/blas Bk=256 k=32 noise=4", \
    'latency.dat' index 76 using 1:2:3:4 with yerrorlines ls 77 title "msa/cpu/blas Bk=256 k=64 noise=0", \
    'latency.dat' index 77 using 1:2:3:4 with yerrorlines ls 78 title "bigbird/cpu/blas Bk=256 w=3 g=2 r=59", \
    'latency.dat' index 78 using 1:2:3:4 with yerrorlines ls 79 title "msa/cpu/blas Bk=256 k=64 noise=1", \
    'latency.dat' index 79 using 1:2:3:4 with yerrorlines ls 80 title "msa/cpu/blas Bk=256 k=64 noise=4"
  set output
}
