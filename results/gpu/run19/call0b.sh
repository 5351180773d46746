# run19 call 0b, typed inline right after call 0 (kept here exactly as it ran): call 0's 1M
# frontier folder held 11 files and the device tool returns at most 8, so its results.csv and
# peers.csv stayed behind; this looked for them on the warm machine.  $OUT had been emptied, and
# the only match was the repo's own results/gpu/run9 folder: call 0's 1M rows were lost.
find / -path /proc -prune -o -name 'results.csv' -path '*frontier-1048576*' -print 2>/dev/null | head; d=$(find / -path /proc -prune -o -type d -name 'frontier-1048576' -print 2>/dev/null | head -1); echo "d=$d"; [ -n "$d" ] && tar -czf $OUT/f1m.tgz -C "$(dirname $d)" frontier-1048576 && ls -la $OUT
