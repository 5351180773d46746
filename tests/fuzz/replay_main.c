/* replay_main.c - runs a libFuzzer entry (tests/fuzz/fuzz_*.c) over files
 * without libFuzzer, so every seed and every crash kept as a fixture in
 * tests/fuzz/corpus* is a plain ctest case (and an ASan/UBSan one in the asan
 * build).  Arguments: files or folders (their regular files, one level). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when path is a regular file that was fed to the entry, else 0 */
static int replay_file(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    uint8_t *buf = malloc((size_t)st.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (!buf)
        return 0;
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 1;
}

int main(int argc, char **argv) {
    int fed = 0;
    for (int i = 1; i < argc; i++) {
        DIR *d = opendir(argv[i]);
        if (!d) {
            fed += replay_file(argv[i]);
            continue;
        }
        for (struct dirent *e; (e = readdir(d));) {
            char p[4096];
            if (e->d_name[0] == '.')
                continue;
            snprintf(p, sizeof p, "%s/%s", argv[i], e->d_name);
            fed += replay_file(p);
        }
        closedir(d);
    }
    printf("replayed %d inputs\n", fed);
    return fed > 0 ? 0 : 1; /* an empty corpus is a broken test */
}
