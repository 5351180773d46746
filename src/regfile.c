/* regfile.c - see regfile.h.  Opening a FIFO for reading blocks until a writer
 * appears; with O_NONBLOCK it returns at once, so fstat can refuse it. */
#include "regfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *regfile_open(const char *path, char *why, size_t why_n) {
    struct stat st;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    int e = 0;
    const char *what = NULL;
    if (fd < 0) {
        e = errno;
        goto fail;
    }
    if (fstat(fd, &st) != 0) {
        e = errno;
        goto fail;
    }
    if (S_ISDIR(st.st_mode)) {
        e = EISDIR;
        what = "is a folder, not a file";
    } else if (!S_ISREG(st.st_mode)) {
        e = ENODEV;
        what = S_ISFIFO(st.st_mode)   ? "is a FIFO (named pipe), not a regular file"
               : S_ISSOCK(st.st_mode) ? "is a socket, not a regular file"
                                      : "is a device, not a regular file";
    }
    if (e)
        goto fail;
    /* back to blocking reads: a regular file never blocks anyway */
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        e = errno;
        goto fail;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        e = errno;
        goto fail;
    }
    return f;
fail:
    if (fd >= 0)
        close(fd);
    if (why && why_n)
        snprintf(why, why_n, "%s", what ? what : strerror(e));
    errno = e;
    return NULL;
}
