#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <unistd.h>
#include "CPort0Sys.h"

int port0_setns_net(int fd) { return setns(fd, CLONE_NEWNET); }

int port0_unshare_net(void) { return unshare(CLONE_NEWNET); }

int port0_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int port0_is_netns_file(int fd) {
    struct statfs info;
    if (fstatfs(fd, &info) != 0) return -1;
    return info.f_type == NSFS_MAGIC;
}
